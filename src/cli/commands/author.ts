/** `defuse author export|erase`: people's data requests for one author, found by handle (and channel). */
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Container } from '../../container.js';
import { ExitError } from '../exit-error.js';
import type { Actor } from '../../services/access.js';
import { brandIdOf, withContainer } from './shared.js';

/** The operator as the audit trail records them: the CLI and the account that ran it. */
function account(): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers).
    return process.env.USER ?? 'unknown';
  }
}
const OPERATOR: Actor = { type: 'system', name: `cli:${account()}` };

export interface AuthorOptions {
  brand: string;
  handle: string;
  channel?: string;
}

async function authorOf(c: Container, o: AuthorOptions): Promise<{ brandId: string; authorId: string }> {
  const brandId = await brandIdOf(c, o.brand);
  const found = await c.personalData.findAuthors(OPERATOR, brandId, o.handle, o.channel);
  if (!found.length) throw new ExitError(2, `no author "${o.handle}"${o.channel ? ` on ${o.channel}` : ''} in brand ${o.brand}`);
  if (found.length > 1) {
    throw new ExitError(2, `"${o.handle}" writes on several channels (${found.map((a) => a.channelKey).join(', ')}): give --channel`);
  }
  return { brandId, authorId: found[0]!.id };
}

export async function exportAuthor(o: AuthorOptions & { output?: string }): Promise<void> {
  await withContainer(async (c) => {
    const { brandId, authorId } = await authorOf(c, o);
    const doc = await c.personalData.export(OPERATOR, brandId, authorId);
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    if (o.output) writeFileSync(o.output, text);
    else process.stdout.write(text);
    console.error(`${doc.mentions.length} mentions, ${doc.cases.length} cases`);
  });
}

export async function eraseAuthor(o: AuthorOptions & { yes?: boolean }): Promise<void> {
  if (!o.yes) throw new ExitError(2, 'erasure cannot be undone: add --yes to erase this author');
  await withContainer(async (c) => {
    const { brandId, authorId } = await authorOf(c, o);
    const r = await c.personalData.erase(OPERATOR, brandId, authorId);
    console.log(`erased ${o.handle} (now ${r.pseudonym}): ${r.mentions} mentions, ${r.cases} cases, ${r.replies} replies, ${r.notes} notes`);
  });
}
