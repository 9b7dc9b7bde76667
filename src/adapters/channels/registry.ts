/**
 * Every connector type and its connector, the way `src/jobs/job-registry.ts`
 * keeps job handlers: a type given twice, or one CONNECTOR_TYPES does not
 * know, is refused when the registry is built; `assertComplete()` refuses one
 * without a connector for every type. The container passes the connectors
 * that exist (src/container.ts, `channelConnectors`): adding one is one line there.
 */
import { CONNECTOR_TYPES, type ChannelConnector, type ConnectorType } from './connector.js';

// A connector's Config and Secrets types are known only to itself; the registry and the service hold them as unknown.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyConnector = ChannelConnector<any, any>;

export class ConnectorRegistry {
  private readonly byType = new Map<ConnectorType, AnyConnector>();

  constructor(connectors: readonly AnyConnector[]) {
    for (const c of connectors) {
      if (!(CONNECTOR_TYPES as readonly string[]).includes(c.type)) throw new Error(`connector type "${String(c.type)}" is not in CONNECTOR_TYPES`);
      if (this.byType.has(c.type)) throw new Error(`connector type "${c.type}" has two connectors`);
      this.byType.set(c.type, c);
    }
  }

  /** The types without a connector yet. */
  missing(): ConnectorType[] {
    return CONNECTOR_TYPES.filter((t) => !this.byType.has(t));
  }

  /** Throws unless every type in CONNECTOR_TYPES has its connector. */
  assertComplete(): void {
    const missing = this.missing();
    if (missing.length) throw new Error(`connector types without a connector: ${missing.join(', ')}`);
  }

  /** The registered types, in CONNECTOR_TYPES order. */
  types(): ConnectorType[] {
    return CONNECTOR_TYPES.filter((t) => this.byType.has(t));
  }

  has(type: string): type is ConnectorType {
    return this.byType.has(type as ConnectorType);
  }

  get(type: string): AnyConnector | undefined {
    return this.byType.get(type as ConnectorType);
  }
}
