/** The `defuse` executable: see ./cli.ts for the commands. */
import { runCli } from './cli.js';

await runCli(process.argv);
