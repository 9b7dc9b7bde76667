/**
 * `defuse`: every way to run Defuse, over the same services. `serve` runs the
 * desk (API, docs, and by default the job worker); `worker` only the jobs;
 * the rest are operator commands. Exit codes: 0 done, 1 done with rejected
 * input, 2 usage or configuration error, 3 failure.
 */
import { createReadStream, createWriteStream, writeFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import cliProgress from 'cli-progress';
import { ConfigError, loadConfig } from '../config/env.js';
import { type Container, createContainer } from '../container.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { ROLES, type Role } from '../domain/access/permissions.js';
import { loadDefaultClassifier } from '../adapters/classifier-models.js';
import { AppError } from '../errors.js';
import { buildServer } from '../http/server.js';
import { parseMapping } from '../import/column-mapping.js';
import { formatOf } from '../import/mention-file-reader.js';
import type { Actor } from '../services/access.js';
import { ensureFirstAdmin } from '../services/bootstrap.service.js';
import { generatePassword } from '../services/secrets.js';
import { classifyStream } from './classify-stream.js';
import { CHECK_LANGUAGES } from '../domain/replies/reply-checker.js';
import { KINDS } from '../domain/labels.js';
import { seedDemo } from '../demo/demo.js';
import { renderReportCsv, renderReportHtml } from '../services/reports/report-render.js';
import { htmlToPdf } from '../adapters/pdf/chromium-pdf.js';

const OPERATOR: Actor = { type: 'system', name: 'cli' };

class ExitError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

async function withContainer<T>(fn: (c: Container) => Promise<T>): Promise<T> {
  const container = await createContainer(loadConfig(), {});
  try {
    return await fn(container);
  } finally {
    await container.close();
  }
}

async function brandIdOf(c: Container, ref: string): Promise<string> {
  const brand = await c.store.repos.brands.findByRef(ref);
  if (!brand) throw new ExitError(2, `no brand "${ref}" (give its id or slug; see \`defuse brand list\`)`);
  return brand.id;
}

async function serve(options: { worker: boolean }): Promise<void> {
  const config = loadConfig();
  const container = await createContainer(config);
  const boot = await ensureFirstAdmin(container.store, container.clock, config.admin);
  if (boot.created) {
    const lines = [
      'Defuse: first start, an administrator was created.',
      `  e-mail:   ${boot.email}`,
      boot.generatedPassword ? `  password: ${boot.generatedPassword}   (shown once; change it after signing in)` : '  password: the one in DEFUSE_ADMIN_PASSWORD',
      `  brand:    ${boot.brandSlug}`,
    ];
    process.stdout.write(`\n${lines.join('\n')}\n\n`);
  }
  const app = await buildServer(container);
  await app.listen({ port: config.port, host: config.host });
  if (options.worker) await container.startWorker();
  container.logger.info({ port: config.port, database: config.database.dialect, worker: options.worker }, 'Defuse is up');

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    container.logger.info({ signal }, 'shutting down: finishing requests and jobs');
    await app.close(); // stops accepting, waits for in-flight requests
    await container.close(); // waits for running jobs, closes the database
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

async function worker(): Promise<void> {
  const container = await createContainer(loadConfig());
  await container.startWorker();
  container.logger.info({ queue: container.queue.kind }, 'Defuse worker is up');
  const shutdown = async () => {
    await container.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

export function buildCli(): Command {
  const program = new Command('defuse')
    .description('Defuse: the desk for negative mentions')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('serve')
    .description('run the desk: API, docs and (unless --no-worker) background jobs')
    .option('--no-worker', 'do not run background jobs in this process')
    .action((o: { worker: boolean }) => serve(o));

  program.command('worker').description('run background jobs only (for PostgreSQL setups with separate workers)').action(() => worker());

  program
    .command('migrate')
    .description('create or update the database schema')
    .action(async () => {
      const database = openDatabase(loadConfig().database);
      try {
        const applied = await migrateToLatest(database);
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
      } finally {
        await database.close();
      }
    });

  program
    .command('import')
    .description('import mentions from a CSV (with a header) or JSONL file')
    .argument('<file>', 'the file to import')
    .requiredOption('--brand <brand>', 'brand id or slug')
    .addOption(new Option('--format <format>', 'file format (default: from the extension)').choices(['csv', 'jsonl']))
    .option('--map <field=column...>', 'take a mention field from another column, e.g. text=body author.handle=user', [])
    .option('--channel <key>', 'channel for rows that name none')
    .option('--strict', 'import nothing if any row is bad', false)
    .option('--batch <n>', 'mentions per transaction', (v) => Number.parseInt(v, 10), 500)
    .option('--no-progress', 'no progress bar')
    .action(async (file: string, o: { brand: string; format?: string; map: string[]; channel?: string; strict: boolean; batch: number; progress: boolean }) => {
      let mapping;
      let format;
      try {
        mapping = parseMapping(o.map);
        format = formatOf(file, o.format);
      } catch (e) {
        throw new ExitError(2, (e as Error).message);
      }
      if (!Number.isInteger(o.batch) || o.batch < 1 || o.batch > 1000) throw new ExitError(2, '--batch must be 1 to 1000');
      await withContainer(async (c) => {
        const brandId = await brandIdOf(c, o.brand);
        const bar = o.progress && process.stderr.isTTY ? new cliProgress.SingleBar({ stream: process.stderr, format: 'importing [{bar}] {percentage}% | {value}/{total} bytes' }, cliProgress.Presets.shades_classic) : undefined;
        let started = false;
        const r = await c.importer.importFile(OPERATOR, {
          path: file,
          format,
          brandId,
          mapping,
          defaultChannel: o.channel,
          strict: o.strict,
          batchSize: o.batch,
          onProgress: (done, total) => {
            if (!bar) return;
            if (!started) bar.start(total, 0);
            started = true;
            bar.update(done);
          },
        });
        bar?.stop();
        for (const bad of r.rejected) console.error(`line ${bad.line}: ${bad.message}`);
        if (r.aborted) throw new ExitError(1, `--strict: ${r.rejected.length} bad row(s), nothing imported`);
        console.log(`${r.rows} rows: ${r.created} new, ${r.duplicates} already stored, ${r.rejected.length} rejected`);
        if (r.rejected.length) process.exitCode = 1;
      });
    });

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
    .action(async (o: { email: string; name: string; password?: string; admin: boolean; brand?: string; role: Role }) => {
      await withContainer(async (c) => {
        const password = o.password ?? generatePassword();
        const u = await c.brands.createUser(OPERATOR, { email: o.email, name: o.name, password, isAdmin: o.admin });
        if (o.brand) await c.brands.setMember(OPERATOR, await brandIdOf(c, o.brand), { userId: u.id, role: o.role });
        console.log(`user ${u.email} created (id ${u.id})${o.brand ? `, ${o.role} in ${o.brand}` : ''}`);
        if (!o.password) console.log(`password: ${password}   (shown once)`);
      });
    });

  const brand = program.command('brand').description('manage brands');
  brand
    .command('add')
    .description('create a brand')
    .requiredOption('--slug <slug>', 'short name: letters, digits, -')
    .requiredOption('--name <name>')
    .action(async (o: { slug: string; name: string }) => {
      if (!/^[a-z0-9][a-z0-9-]{1,49}$/.test(o.slug)) throw new ExitError(2, '--slug must be 2-50 characters: lowercase letters, digits, -');
      await withContainer(async (c) => {
        const b = await c.brands.createBrand(OPERATOR, { slug: o.slug, name: o.name });
        console.log(`brand ${b.slug} created (id ${b.id})`);
      });
    });
  brand
    .command('list')
    .description('list brands')
    .action(async () => {
      await withContainer(async (c) => {
        for (const b of await c.brands.listBrands(OPERATOR)) console.log(`${b.slug}\t${b.id}\t${b.name}`);
      });
    });

  const token = program.command('token').description('manage brand API tokens');
  token
    .command('create')
    .description('create an API token for sending mentions (printed once)')
    .requiredOption('--brand <brand>', 'brand id or slug')
    .requiredOption('--name <name>', 'what the token is for')
    .action(async (o: { brand: string; name: string }) => {
      await withContainer(async (c) => {
        const { token: secret } = await c.brands.createToken(OPERATOR, await brandIdOf(c, o.brand), o.name);
        console.log(secret);
      });
    });

  program
    .command('classify')
    .description('classify JSON lines {"id","text","lang"?,"channel"?} from a file or stdin')
    .option('--input <file>', 'input file (default: stdin)')
    .option('--output <file>', 'output file (default: stdout)')
    .option('--competitors <names>', 'comma-separated competitor names, for the competitor signal and black PR')
    .action(async (o: { input?: string; output?: string; competitors?: string }) => {
      const input = o.input ? createReadStream(o.input) : process.stdin;
      const output = o.output ? createWriteStream(o.output) : process.stdout;
      const competitors = o.competitors?.split(',').map((c) => c.trim()).filter(Boolean);
      const r = await classifyStream(loadDefaultClassifier(), input, output, competitors);
      if (o.output) await new Promise<void>((resolve) => (output as ReturnType<typeof createWriteStream>).end(resolve));
      if (r.failed) process.exitCode = 1;
    });

  program
    .command('report')
    .description('the report for a brand and period, as HTML (with charts), CSV, PDF or JSON')
    .requiredOption('--brand <brand>', 'brand id or slug')
    .requiredOption('--period <period>', '2026-Q3, 2026-09, 2026, or 2026-07-01..2026-09-30')
    .option('--format <format>', 'html, csv, pdf or json', 'html')
    .option('--output <file>', 'write to this file (default: stdout; required for pdf)')
    .action(async (o: { brand: string; period: string; format: string; output?: string }) => {
      if (!['html', 'csv', 'pdf', 'json'].includes(o.format)) throw new ExitError(2, '--format must be html, csv, pdf or json');
      if (o.format === 'pdf' && !o.output) throw new ExitError(2, 'a PDF needs --output <file>');
      await withContainer(async (c) => {
        let report;
        try {
          report = await c.reports.build(OPERATOR, await brandIdOf(c, o.brand), o.period);
        } catch (e) {
          throw new ExitError(2, (e as Error).message);
        }
        const body =
          o.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : o.format === 'csv' ? renderReportCsv(report) : o.format === 'html' ? renderReportHtml(report) : await htmlToPdf(renderReportHtml(report));
        if (o.output) {
          writeFileSync(o.output, body);
          console.error(`report ${report.period.label} (${report.total} mentions) written to ${o.output}`);
        } else process.stdout.write(body);
      });
    });

  program
    .command('corrections')
    .description("export people's corrections of the classifier as JSON lines {text, lang, kind, sentiment, situation, topics}, for retraining")
    .requiredOption('--brand <brand>', 'brand id or slug')
    .action(async (o: { brand: string }) =>
      withContainer(async (c) => {
        const rows = await c.corrections.export(OPERATOR, await brandIdOf(c, o.brand));
        for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
        console.error(`${rows.length} corrections`);
      }),
    );

  program
    .command('demo')
    .description('create a demo brand with realistic mentions in four languages, classified and routed (run again: nothing is duplicated)')
    .option('--slug <slug>', 'the demo brand', 'demo')
    .option('--member <email>', 'make this user a manager of the demo brand')
    .action(async (o: { slug: string; member?: string }) =>
      withContainer(async (c) => {
        const user = o.member ? await c.store.repos.users.findByEmail(o.member.toLowerCase()) : undefined;
        if (o.member && !user) throw new ExitError(2, `no user ${o.member}`);
        const r = await seedDemo(c, o.slug, user ? [{ userId: user.id, role: 'manager' }] : []);
        console.log(`demo brand ${r.slug}: ${r.mentions} mentions, ${r.cases} cases`);
      }),
    );

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
    .option('--input <file>', 'check many replies: a JSON-lines file (- for stdin), one {"id","text","lang"?,"mention_text"?,"kind"?,"first_reply"?} a line')
    .option('--output <file>', 'with --input: where to write the findings, one JSON line per reply (default stdout)')
    .action(async (o) => {
      const { runCheckReply } = await import('./commands/check-reply.js');
      process.exitCode = await runCheckReply(o);
    });

  return program;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export async function runCli(argv: string[]): Promise<void> {
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
    if (err instanceof ConfigError) {
      console.error(`defuse: ${err.message}`);
      process.exitCode = 2;
      return;
    }
    if (err instanceof AppError) {
      console.error(`defuse: ${err.field ? `${err.field}: ` : ''}${err.message}`);
      process.exitCode = err.status === 404 || err.status === 400 || err.status === 409 ? 2 : 3;
      return;
    }
    console.error(`defuse: ${(err as Error).stack ?? err}`);
    process.exitCode = 3;
  }
}

