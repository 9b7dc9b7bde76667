/** `defuse backup` and `defuse restore`: the configured database to a file and back (src/db/backup.ts). */
import { loadConfig } from '../../config/env.js';
import { BackupError, backup, restore } from '../../db/backup.js';
import { ExitError } from '../exit-error.js';

async function guarded(fn: () => Promise<string>): Promise<void> {
  try {
    console.log(await fn());
  } catch (err) {
    if (err instanceof BackupError) throw new ExitError(err.code, err.message);
    throw err;
  }
}

export async function backupDatabase(o: { output: string }): Promise<void> {
  await guarded(() => backup(loadConfig().database, o.output));
}

export async function restoreDatabase(file: string, o: { force?: boolean }): Promise<void> {
  await guarded(() => restore(loadConfig().database, file, { force: o.force }));
}
