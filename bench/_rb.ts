import { benchReport } from './report.bench.js';
const n = Number(process.argv[2] ?? 100000);
console.table([await benchReport(`sqlite:/tmp/rb-${process.pid}.db`, 'sqlite', n)]);
