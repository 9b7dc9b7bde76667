import { describe, expect, it } from 'vitest';
import { csvRows } from './mention-file-reader.js';

async function read(lines: string[]) {
  const out = [];
  for await (const r of csvRows(lines)) out.push(r);
  return out;
}

describe('csvRows', () => {
  it('reads quoted fields, doubled quotes, fields across lines, a BOM and blank lines, each row with the line it starts on', async () => {
    expect(await read(['\uFEFFid,text', '', '1,"a, ""b""', 'c"', '2,', '3,plain,extra', '4'])).toEqual([
      { line: 3, row: { id: '1', text: 'a, "b"\nc' } },
      { line: 5, row: { id: '2', text: '' } },
      { line: 6, row: { id: '3', text: 'plain' } },
      { line: 7, row: { id: '4' } },
    ]);
  });

  it('reports a stray quote on its line and goes on with the next line', async () => {
    const rows = await read(['id,text', '1,5" screen', '2,"ok" then', '3,fine', '4,"opens', 'and', 'never closes']);
    expect(rows).toEqual([
      { line: 2, error: expect.stringMatching(/^a quote inside a field/) },
      { line: 3, error: expect.stringMatching(/^text after a closing quote/) },
      { line: 4, row: { id: '3', text: 'fine' } },
      { line: 5, error: 'a quote opened here is never closed: lines 5-7 were not imported' },
    ]);
  });
});
