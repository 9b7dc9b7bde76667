/** The ConnectorContext a connector test hands in: config, secrets, a cursor, global fetch with a timeout. */
import type { ConnectorContext } from '../../../src/adapters/channels/connector.js';

export function connectorContext<C, S>(config: C, secrets: S, cursor: string | null = null, limit = 50): ConnectorContext<C, S> {
  return {
    config,
    secrets,
    cursor,
    now: new Date('2026-12-02T10:00:00Z'),
    signal: AbortSignal.timeout(10_000),
    fetch: globalThis.fetch,
    limit,
  };
}

/** What the error thrown by `p` says (fails the test when `p` resolves). */
export async function thrown(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the call to throw');
}
