/**
 * The channel connections API (docs/channels.md), as Settings → Channels,
 * the dashboard and the inbox read it. The shapes are the server's own
 * (src/http/contract/channels.ts), type imports only: a server change that
 * breaks the desk fails `tsc -p web`.
 */
import { api } from './api';
import type { Connection, ConnectorType } from '../../src/http/contract/index.js';

export type {
  AddedConnection,
  Connection,
  ConnectionHealth,
  ConnectorField,
  ConnectorType,
  FetchOutcome,
  ListeningPreview,
} from '../../src/http/contract/index.js';

export const listConnections = (brandId: string) => api<{ items: Connection[] }>('GET', `/brands/${brandId}/connections`).then((r) => r.items);
export const listConnectorTypes = (brandId: string) =>
  api<{ items: ConnectorType[] }>('GET', `/brands/${brandId}/connector-types`).then((r) => r.items);

export * from './channel-form';

/** The server's default minutes between fetches of a polled channel (DEFAULT_INTERVAL_MINUTES in src/services/channels). */
export const DEFAULT_INTERVAL_MINUTES = 5;

/** How often the channel is fetched: its `interval_minutes`, or the default. */
export function intervalMinutes(c: Pick<Connection, 'config'>): number {
  const m = Number(c.config.interval_minutes);
  return Number.isInteger(m) && m > 0 ? m : DEFAULT_INTERVAL_MINUTES;
}
