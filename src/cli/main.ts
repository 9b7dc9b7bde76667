/** The `defuse` executable: see ./cli.ts for the commands. */
import './native-regexps.js';
import { runCli } from './cli.js';

await runCli(process.argv);
