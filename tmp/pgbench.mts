import pg from 'pg';
import { benchStream } from '/work/wt-scale/bench/stream.bench.ts';
const rows = [];
for (const n of (process.env.W ?? '1').split(',').map(Number)) {
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  const name = `defuse_sb_${n}_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${name}`);
  try { rows.push(await benchStream('postgres', `postgres://postgres@127.0.0.1:5432/${name}`, n)); }
  catch (e) { console.log(String(e).slice(0, 3000)); }
  finally { await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); await admin.end(); }
}
console.table(rows);
