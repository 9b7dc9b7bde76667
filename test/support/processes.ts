/**
 * Real Defuse processes for the tests that kill them: the compiled CLI
 * (bin/defuse.js runs dist/, which the global setup builds) spawned as
 * `serve` or `worker` over a test database, with a free port.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '../../bin/defuse.js');

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

export interface DefuseProcess {
  child: ChildProcess;
  /** What it wrote to stdout and stderr (its logs), for a failing test's message. */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the process is gone. */
  exited: Promise<number | string | null>;
  /** SIGKILL, and wait until it is gone. */
  kill9(): Promise<void>;
  /** SIGTERM (a clean stop), and wait until it is gone. */
  stop(): Promise<number | string | null>;
}

/** Spawns `defuse <args>` with `env` on top of this process's environment (`nodeArgs` before the script, e.g. --cpu-prof). */
export function spawnDefuse(args: string[], env: Record<string, string>, nodeArgs: string[] = []): DefuseProcess {
  // The flag `npm start` and the bin's shebang give (see bin/defuse.js).
  const child = spawn(process.execPath, ['--no-regexp-tier-up', ...nodeArgs, BIN, ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-500_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    child,
    output: () => out,
    exited,
    async kill9() {
      if (!gone()) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (!gone()) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Waits until `url` answers 200 (or the process exits, or `timeoutMs` passes: both throw). */
export async function waitHealthy(p: DefuseProcess, url: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (p.child.exitCode !== null || p.child.signalCode !== null)
      throw new Error(`process exited (${p.child.exitCode ?? p.child.signalCode}) before it was healthy:\n${p.output()}`);
    const status = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`not healthy after ${timeoutMs} ms:\n${p.output()}`);
}
