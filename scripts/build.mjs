// Builds what `defuse` runs, each half only when it is missing or older than its sources:
//   - the server and CLI: src/**/*.ts → dist/**/*.js with esbuild, one output file per source file (no bundle), and
//     src/**/*.json copied beside them. The layout of dist/ is the layout of src/, so every path written relative to
//     import.meta.dirname (models/, web/dist, shared/) resolves the same from both. esbuild only strips types (about a
//     second for the whole tree); type checking stays with `npm run typecheck` / `npm test`.
//   - the web desk: web/ → web/dist with Vite.
// Run by `npm install` (prepare), `npm start` (prestart), the test run (test/setup/build.ts) and, for the server half,
// by bin/defuse.js when src/ changed since the last build. `node scripts/build.mjs --force` rebuilds both.
// After a production install (`npm ci --omit=dev`) the build tools are absent: an existing build is used as it is.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.built');
const WEB = join(ROOT, 'web');
const WEB_INDEX = join(WEB, 'dist', 'index.html');
/** Files outside src/ and web/ that either build reads. */
const SHARED = join(ROOT, 'shared');
const SERVER_INPUTS = [SRC, SHARED, join(ROOT, 'tsconfig.json'), fileURLToPath(import.meta.url)];
const WEB_INPUTS = [WEB, SHARED];

const isTest = (name) => name.endsWith('.test.ts');

function walk(dir, visit) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'dist' || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, visit);
    else visit(p, e.name);
  }
}

/** The newest modification time among files and trees (missing ones ignored). */
function newest(paths) {
  let t = 0;
  for (const p of paths) {
    if (!existsSync(p)) continue;
    const s = statSync(p);
    if (s.isDirectory()) walk(p, (f) => (t = Math.max(t, statSync(f).mtimeMs)));
    else t = Math.max(t, s.mtimeMs);
  }
  return t;
}

const builtAt = (file) => (existsSync(file) ? statSync(file).mtimeMs : -1);

export const serverBuilt = () => existsSync(STAMP);
export const serverStale = () => builtAt(STAMP) < newest(SERVER_INPUTS);
export const webStale = () => builtAt(WEB_INDEX) < newest(WEB_INPUTS);

async function loadEsbuild() {
  try {
    return await import('esbuild');
  } catch {
    return undefined;
  }
}

/**
 * Builds dist/ into a temporary directory and swaps it in, so a reader never sees half a build and files of deleted
 * sources do not linger. Returns false when esbuild is not installed.
 */
export async function buildServer() {
  const esbuild = await loadEsbuild();
  if (!esbuild) return false;
  console.error('building the server (dist/)…');
  const out = `${DIST}.${process.pid}.tmp`;
  rmSync(out, { recursive: true, force: true });
  const entryPoints = [];
  const json = [];
  walk(SRC, (p, name) => {
    if (name.endsWith('.ts') && !isTest(name)) entryPoints.push(p);
    else if (name.endsWith('.json')) json.push(p);
  });
  await esbuild.build({
    entryPoints,
    outdir: out,
    outbase: SRC,
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20.10', // keeps the `with { type: 'json' }` import attributes (Node 20.10+)
    sourcemap: true,
    tsconfig: join(ROOT, 'tsconfig.json'),
    logLevel: 'warning',
  });
  for (const p of json) {
    const to = join(out, relative(SRC, p));
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(p, to);
  }
  writeFileSync(join(out, '.built'), `${new Date().toISOString()}\n`);
  const old = `${DIST}.${process.pid}.old`;
  if (existsSync(DIST)) renameSync(DIST, old);
  renameSync(out, DIST);
  rmSync(old, { recursive: true, force: true });
  return true;
}

export function buildWeb() {
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite)) return false;
  console.error('building the web desk (web/dist)…');
  execFileSync(process.execPath, [vite, 'build', '--config', join(WEB, 'vite.config.ts'), '--logLevel', 'warn'], { stdio: 'inherit', cwd: ROOT });
  return true;
}

/**
 * Builds whatever is missing or stale; throws only when something is missing and cannot be built. Without the build
 * tools (a production install) an existing build is used, with a note unless `quiet` (bin/defuse.js, on every call).
 */
export async function buildIfNeeded({ force = false, web = true, quiet = false } = {}) {
  if ((force || serverStale()) && !(await buildServer())) {
    if (!serverBuilt()) throw new Error('dist/ is missing and esbuild is not installed: run `npm install` (with dev dependencies) first');
    if (!quiet) console.error('esbuild is not installed (a production install?): using the dist/ that is there');
  }
  if (web && (force || webStale()) && !buildWeb()) {
    if (!existsSync(WEB_INDEX)) throw new Error('web/dist is missing and Vite is not installed: run `npm install` (with dev dependencies) first');
    if (!quiet) console.error('Vite is not installed (a production install?): using the web/dist that is there');
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  try {
    await buildIfNeeded({ force: args.includes('--force'), web: !args.includes('--server-only') });
  } catch (e) {
    console.error(`build: ${e.message}`);
    process.exit(1);
  }
}
