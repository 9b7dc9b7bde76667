import { JOB_NAMES, type JobName, type JobPayloads } from './job-names.js';

export type JobHandler<N extends JobName> = (payload: JobPayloads[N]) => Promise<void>;

/** Handlers for every job name, registered in one place (see `createWorkerRegistry`). */
export class JobRegistry {
  // Keyed by name, so each entry's payload type is known only to `handlerFor`; `never` accepts every handler.
  private readonly handlers = new Map<JobName, (payload: never) => Promise<void>>();

  register<N extends JobName>(name: N, handler: JobHandler<N>): this {
    if (this.handlers.has(name)) throw new Error(`job ${name} has two handlers`);
    this.handlers.set(name, handler);
    return this;
  }

  /** Throws unless every known job has a handler; a worker calls this before it starts. */
  assertComplete(): void {
    const missing = JOB_NAMES.filter((n) => !this.handlers.has(n));
    if (missing.length) throw new Error(`jobs without a handler: ${missing.join(', ')}`);
  }

  handlerFor<N extends JobName>(name: N): JobHandler<N> {
    const h = this.handlers.get(name);
    if (!h) throw new Error(`no handler for job ${name}`);
    return h as JobHandler<N>;
  }
}
