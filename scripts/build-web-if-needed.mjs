// `npm start` runs this first: builds the web desk (Vite) when web/dist is missing or older than its sources.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', 'web');
const dist = join(root, 'dist', 'index.html');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'dist' || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

if (!existsSync(dist) || statSync(dist).mtimeMs < newest(root)) {
  console.log('building the web desk (web/dist)…');
  execFileSync(process.execPath, [join(import.meta.dirname, '..', 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(root, 'vite.config.ts'), '--logLevel', 'warn'], { stdio: 'inherit' });
}
