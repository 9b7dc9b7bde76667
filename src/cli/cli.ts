/**
 * `defuse`: every way to run Defuse, over the same services. `serve` runs the
 * desk (API, docs, and by default the job worker); `worker` only the jobs;
 * the rest are operator commands. Exit codes: 0 done, 1 done with rejected
 * input, 2 usage or configuration error, 3 failure.
 *
 * This file only declares the commands and their options: each command's
 * code is in ./commands/<name>.ts and is loaded when that command runs, so
 * `defuse --help` (or a usage error) loads commander and little else.
 */
import { Command, CommanderError, Option } from 'commander';
import { type Role, ROLES } from '../domain/access/permissions.js';
import { KINDS } from '../domain/labels.js';
import { CHECK_LANGUAGES } from '../domain/replies/languages.js';
import type { AuthorOptions } from './commands/author.js';
import type { ChannelAddOptions } from './commands/channel.js';
import type { CheckReplyOptions } from './commands/check-reply.js';
import type { ClassifyOptions } from './commands/classify.js';
import type { ImportOptions } from './commands/import.js';
import type { ReportOptions } from './commands/report.js';
import type { ServeOptions } from './commands/serve.js';
import type { TrainOptions } from './commands/train.js';
import type { UserAddOptions } from './commands/user.js';
import { ExitError } from './exit-error.js';

export function buildCli(): Command {
  const program = new Command('defuse')
    .description('Defuse: the desk for negative mentions')
    .option('--verbose', "also print the server's JSON log lines (on stderr; or set DEFUSE_LOG_LEVEL)")
    .showHelpAfterError()
    .exitOverride();

  program
    .command('serve')
    .description('run the desk: API, docs and (unless --no-worker) background jobs')
    .option('--no-worker', 'do not run background jobs in this process')
    .action(async (o: ServeOptions) => (await import('./commands/serve.js')).serve(o));

  program
    .command('worker')
    .description('run background jobs only (for PostgreSQL setups with separate workers)')
    .action(async () => (await import('./commands/worker.js')).worker());

  program
    .command('migrate')
    .description('create or update the database schema')
    .action(async () => (await import('./commands/migrate.js')).migrate());

  program
    .command('import')
    .description('import mentions from a CSV (with a header) or JSONL file')
    .argument('<file>', 'the file to import')
    .requiredOption('--brand <brand>', 'brand id or slug')
    .addOption(new Option('--format <format>', 'file format (default: from the extension)').choices(['csv', 'jsonl']))
    .option('--map <field=column...>', 'take a mention field from another column, e.g. text=body author.handle=user', [])
    .option('--channel <key>', 'channel for rows that name none')
    .option('--strict', 'import nothing if any row is bad', false)
    .option('--history', 'file every row as history: counted in reports, no deadlines, alerts or notifications', false)
    .option('--batch <n>', 'mentions per transaction', (v) => Number.parseInt(v, 10), 500)
    .option('--no-progress', 'no progress bar')
    .action(async (file: string, o: ImportOptions) => (await import('./commands/import.js')).importMentions(file, o));

  const user = program.command('user').description('manage users');
  user
    .command('add')
    .description('create a user (and optionally add them to a brand)')
    .requiredOption('--email <email>')
    .requiredOption('--name <name>')
    .option('--password <password>', 'at least 12 characters (default: generated and printed)')
    .option('--admin', 'installation administrator', false)
    .option('--brand <brand>', 'add to this brand (id or slug)')
    .addOption(new Option('--role <role>', 'role in --brand').choices([...ROLES]).default('responder'))
    .action(async (o: UserAddOptions) => (await import('./commands/user.js')).addUser(o));
  const roleOption = () => new Option('--role <role>', 'role in --brand').choices([...ROLES]).makeOptionMandatory();
  user
    .command('add-to-brand')
    .description('give an existing user a role in a brand (or change it)')
    .requiredOption('--email <email>')
    .requiredOption('--brand <brand>', 'brand id or slug')
    .addOption(roleOption())
    .action(async (o: { email: string; brand: string; role: Role }) => (await import('./commands/user.js')).addToBrand(o));
  user
    .command('invite')
    .description('invite an address to a brand: a one-time link (e-mailed with SMTP, else printed to pass on), valid 7 days')
    .requiredOption('--email <email>')
    .requiredOption('--brand <brand>', 'brand id or slug')
    .addOption(roleOption())
    .action(async (o: { email: string; brand: string; role: Role }) => (await import('./commands/user.js')).invite(o));
  user
    .command('reset-password')
    .description('print a one-time link to set a new password (valid 24 hours)')
    .requiredOption('--email <email>')
    .action(async (o: { email: string }) => (await import('./commands/user.js')).resetPassword(o));
  user
    .command('deactivate')
    .description('deactivate an account: signed out everywhere, its API tokens revoked, no sign-in')
    .requiredOption('--email <email>')
    .action(async (o: { email: string }) => (await import('./commands/user.js')).setActive(o, false));
  user
    .command('reactivate')
    .description('let a deactivated account sign in again')
    .requiredOption('--email <email>')
    .action(async (o: { email: string }) => (await import('./commands/user.js')).setActive(o, true));
  user
    .command('list')
    .description('list users with their brands and roles')
    .action(async () => (await import('./commands/user.js')).listUsers());

  const brand = program.command('brand').description('manage brands');
  brand
    .command('add')
    .description("create a brand, with --owner (default: the installation's first administrator) as its admin")
    .requiredOption('--slug <slug>', 'short name: letters, digits, -')
    .requiredOption('--name <name>')
    .option('--owner <email>', "the brand's first admin (an existing user)")
    .action(async (o: { slug: string; name: string; owner?: string }) => (await import('./commands/brand.js')).addBrand(o));
  brand
    .command('list')
    .description('list brands')
    .action(async () => (await import('./commands/brand.js')).listBrands());

  const token = program.command('token').description('manage brand API tokens');
  token
    .command('create')
    .description('create an API token for sending mentions (printed once)')
    .requiredOption('--brand <brand>', 'brand id or slug')
    .requiredOption('--name <name>', 'what the token is for')
    .action(async (o: { brand: string; name: string }) => (await import('./commands/token.js')).createToken(o));

  const channel = program.command('channel').description("a brand's channel connections (RSS feeds…): mentions come in by themselves");
  channel
    .command('add')
    .description('connect a channel: it is fetched at the next poll round')
    .requiredOption('--brand <brand>', 'brand id or slug')
    .requiredOption('--type <type>', 'connector type, e.g. rss')
    .option('--url <url>', 'the feed URL (rss)')
    .option('--name <name>', 'a name to tell connections apart')
    .option('--channel <key>', "the mentions' channel key (default: the type)")
    .option('--interval <minutes>', 'minutes between fetches (default 5)')
    .option('--query <words>', 'listening query for broad sources: comma-separated words a mention must contain')
    .action(async (o: ChannelAddOptions) => (await import('./commands/channel.js')).addChannel(o));
  channel
    .command('list')
    .description('list connections with their health')
    .option('--brand <brand>', 'only this brand (id or slug)')
    .action(async (o: { brand?: string }) => (await import('./commands/channel.js')).listChannels(o));
  channel
    .command('poll')
    .description('fetch every connection that is due, once (for cron and tests); exit 1 when a channel failed')
    .option('--once', 'one round, then exit', false)
    .option('--brand <brand>', 'only this brand (id or slug)')
    .action(async (o: { once?: boolean; brand?: string }) => (await import('./commands/channel.js')).pollChannels(o));
  for (const action of ['pause', 'resume', 'remove'] as const) {
    channel
      .command(action)
      .description(action === 'remove' ? 'remove a connection (its mentions stay)' : `${action} a connection`)
      .argument('<id>', 'the connection id (see `defuse channel list`)')
      .action(async (id: string) => (await import('./commands/channel.js')).setChannelStatus(id, action));
  }

  program
    .command('backup')
    .description('back up the database: SQLite with its online backup API (safe while the desk runs), PostgreSQL with pg_dump')
    .requiredOption('--output <file>', 'the backup file to write (must not exist)')
    .action(async (o: { output: string }) => (await import('./commands/backup.js')).backupDatabase(o));

  program
    .command('restore')
    .description('restore a backup into the configured database (checked, then migrated forward); stop the desk first')
    .argument('<file>', 'a file written by `defuse backup`')
    .option('--force', 'restore even though the database is in use', false)
    .action(async (file: string, o: { force?: boolean }) => (await import('./commands/backup.js')).restoreDatabase(file, o));

  const author = program.command('author').description("people's data: export or erase everything held about an author");
  author
    .command('export')
    .description('everything held about an author, as JSON: their record, mentions, cases, replies to them, notes on their cases')
    .requiredOption('--brand <brand>', 'brand id or slug')
    .requiredOption('--handle <handle>', "the author's handle, as stored")
    .option('--channel <key>', 'the channel, when the handle writes on several')
    .option('--output <file>', 'write to this file (default: stdout)')
    .action(async (o: AuthorOptions & { output?: string }) => (await import('./commands/author.js')).exportAuthor(o));
  author
    .command('erase')
    .description('erase an author: texts, names, handle, links and extra fields replaced, counts kept, recorded on the audit trail')
    .requiredOption('--brand <brand>', 'brand id or slug')
    .requiredOption('--handle <handle>', "the author's handle, as stored")
    .option('--channel <key>', 'the channel, when the handle writes on several')
    .option('--yes', 'confirm: erasure cannot be undone', false)
    .action(async (o: AuthorOptions & { yes?: boolean }) => (await import('./commands/author.js')).eraseAuthor(o));

  program
    .command('classify')
    .description('classify JSON lines {"id","text","lang"?,"channel"?} from a file or stdin')
    .option('--input <file>', 'input file (default: stdin)')
    .option('--output <file>', 'output file (default: stdout)')
    .option('--competitors <names>', 'comma-separated competitor names, for the competitor signal and black PR')
    .action(async (o: ClassifyOptions) => (await import('./commands/classify.js')).classify(o));

  program
    .command('report')
    .description('the report for a brand and period, as HTML (with charts), CSV, PDF or JSON')
    .requiredOption('--brand <brand>', 'brand id or slug')
    .requiredOption('--period <period>', '2026-Q3, 2026-09, 2026, or 2026-07-01..2026-09-30')
    .option('--format <format>', 'html, csv, pdf or json', 'html')
    .option('--output <file>', 'write to this file (default: stdout; required for pdf)')
    .action(async (o: ReportOptions) => (await import('./commands/report.js')).report(o));

  program
    .command('corrections')
    .description("export people's corrections of the classifier as JSON lines {text, lang, kind, sentiment, situation, topics}, for retraining")
    .requiredOption('--brand <brand>', 'brand id or slug')
    .action(async (o: { brand: string }) => (await import('./commands/corrections.js')).exportCorrections(o));

  program
    .command('train')
    .description("retrain a brand's classifier layer from its team's corrections (also done by a job every N corrections)")
    .requiredOption('--brand <brand>', 'brand id or slug')
    .option('--json', 'print the result as JSON')
    .action(async (o: TrainOptions) => (await import('./commands/train.js')).trainBrand(o));

  program
    .command('demo')
    .description('create a demo brand with realistic mentions in four languages, classified and routed (run again: nothing is duplicated)')
    .option('--slug <slug>', 'the demo brand', 'demo')
    .option('--member <email>', 'make this user a manager of the demo brand')
    .action(async (o: { slug: string; member?: string }) => (await import('./commands/demo.js')).demo(o));

  program
    .command('check-reply')
    .description('check replies with the reply checker: one from stdin (exit code 1 when it finds a problem), or many with --input (JSON lines)')
    .option('--lang <lang>', `the reply's language: ${CHECK_LANGUAGES.join(', ')} (detected when absent)`)
    .option('--kind <kind>', `the kind of the mention it answers (${KINDS.join(', ')}); classified from --mention when absent`)
    .option('--sentiment <sentiment>', 'the sentiment of the mention it answers')
    .option('--mention <text>', 'the text of the mention the reply answers')
    .option('--mention-file <file>', 'read the mention from a file')
    .option('--not-first', 'a later reply in the conversation, not the first')
    .option('--json', 'print the findings as JSON')
    .option(
      '--input <file>',
      'check many replies: a JSON-lines file (- for stdin), one {"id","text","lang"?,"mention_text"?,"kind"?,"first_reply"?} a line',
    )
    .option('--output <file>', 'with --input: where to write the findings, one JSON line per reply (default stdout)')
    .action(async (o: CheckReplyOptions) => {
      process.exitCode = await (await import('./commands/check-reply.js')).runCheckReply(o);
    });

  return program;
}

export async function runCli(argv: string[]): Promise<void> {
  // Read before any command loads the configuration: --verbose is DEFUSE_LOG_LEVEL=debug unless a level is set.
  if (argv.slice(2).includes('--verbose') && !process.env.DEFUSE_LOG_LEVEL) process.env.DEFUSE_LOG_LEVEL = 'debug';
  try {
    await buildCli().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    if (err instanceof ExitError) {
      console.error(`defuse: ${err.message}`);
      process.exitCode = err.code;
      return;
    }
    // Loaded only now: a command that failed this way has loaded them already.
    const [{ ConfigError }, { AppError }] = await Promise.all([import('../config/env.js'), import('../errors.js')]);
    if (err instanceof ConfigError) {
      console.error(`defuse: ${err.message}`);
      process.exitCode = 2;
      return;
    }
    if (err instanceof AppError) {
      // A message that starts with its field already says where ("config.url: …"): the field is not repeated.
      console.error(`defuse: ${err.field && !err.message.startsWith(`${err.field}:`) ? `${err.field}: ` : ''}${err.message}`);
      process.exitCode = err.status === 404 || err.status === 400 || err.status === 409 ? 2 : 3;
      return;
    }
    console.error(`defuse: ${err instanceof Error ? (err.stack ?? String(err)) : String(err)}`);
    process.exitCode = 3;
  }
}
