/**
 * The case change feed across the threads of one process (the job worker
 * thread and the HTTP server's): a BroadcastChannel per database. A change
 * told in one thread reaches the listeners of every thread, its own included.
 */
import { createHash } from 'node:crypto';
import { BroadcastChannel } from 'node:worker_threads';
import type { DatabaseConfig } from '../../config/env.js';
import type { CaseChangeFeed } from '../../services/ports.js';

type Change = { brandId: string; caseIds: string[] };

/** One channel name per database, so two desks in one process (tests) do not hear each other. */
export function channelName(prefix: string, db: DatabaseConfig): string {
  const where = db.dialect === 'sqlite' ? db.filename : db.connectionString;
  return `defuse:${prefix}:${createHash('sha256').update(where).digest('hex').slice(0, 16)}`;
}

export class BroadcastCaseChangeFeed implements CaseChangeFeed {
  private readonly listeners = new Set<(change: Change) => void>();
  private channel?: BroadcastChannel;

  constructor(private readonly name: string) {}

  casesChanged(changes: Change[]): void {
    if (!changes.length) return;
    for (const c of changes) this.emit(c);
    this.open().postMessage(changes);
  }

  subscribe(listener: (change: Change) => void): () => void {
    this.open();
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.channel?.close();
    this.channel = undefined;
    this.listeners.clear();
  }

  private open(): BroadcastChannel {
    if (!this.channel) {
      const channel = new BroadcastChannel(this.name);
      // A listening channel must not keep a finished process alive.
      channel.unref();
      channel.onmessage = (e) => {
        for (const c of (e as { data: Change[] }).data) this.emit(c);
      };
      this.channel = channel;
    }
    return this.channel;
  }

  private emit(change: Change): void {
    for (const l of this.listeners) {
      try {
        l(change);
      } catch {
        // A listener's failure is its own (the events route logs its own).
      }
    }
  }
}
