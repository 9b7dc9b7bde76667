/**
 * The channel connections API (docs/channels.md), as Settings → Channels and
 * the dashboard read it. Written to the contract before the channel core
 * merged; once `src/http/contract/channels.ts` is in, these can become type
 * re-exports from it (the shapes are the same).
 */
import { api } from './api';

export interface ConnectorField {
  name: string;
  kind: 'text' | 'url' | 'number' | 'boolean' | 'secret' | 'list';
  required: boolean;
  help?: string;
}

export interface ConnectorType {
  type: string;
  fields: ConnectorField[];
  capabilities: { publicReply: boolean; privateMessage: boolean; webhook: boolean; broad: boolean };
}

export interface ConnectionHealth {
  state: 'ok' | 'failing' | 'paused' | 'new';
  last_polled_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  failures: number;
  next_poll_at: string | null;
  lag_seconds: number | null;
}

export interface ListeningQuery {
  include?: string[];
  exclude?: string[];
  languages?: string[];
}

export interface Connection {
  id: string;
  type: string;
  name: string;
  channel: string;
  status: 'active' | 'paused';
  config: Record<string, unknown>;
  /** The names of the secrets stored (never their values). */
  secrets_set: string[];
  query: ListeningQuery | null;
  health: ConnectionHealth;
  /** Where the channel pushes (connectors with a webhook), from the site's root. */
  webhook_path?: string | null;
  created_at: string;
}

/** The answer to adding a connection: its webhook secret is shown this once. */
export interface AddedConnection extends Connection {
  webhook_secret?: string | null;
}

export interface FetchOutcome {
  created: number;
  duplicates: number;
  skipped: number;
  items: Array<{ mention_id: string | null; external_id: string; text: string; link: string | null; status: 'created' | 'duplicate' | 'skipped' }>;
  error: string | null;
}

export const listConnections = (brandId: string) => api<{ items: Connection[] }>('GET', `/brands/${brandId}/connections`).then((r) => r.items);
export const listConnectorTypes = (brandId: string) =>
  api<{ items: ConnectorType[] }>('GET', `/brands/${brandId}/connector-types`).then((r) => r.items);

/** "a, b, c" or one per line → the list (blanks dropped). */
export const splitList = (text: string): string[] =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
