/**
 * `defuse channel add|list|poll|pause|resume|remove`: a brand's channel
 * connections from the command line (the same service as Settings →
 * Channels). `poll --once` runs one round over every due connection, for
 * cron and tests: exit 1 when a channel failed.
 */
import { ExitError } from '../exit-error.js';
import { OPERATOR, brandIdOf, withContainer } from './shared.js';

export interface ChannelAddOptions {
  brand: string;
  type: string;
  url?: string;
  name?: string;
  channel?: string;
  interval?: string;
  query?: string;
}

/** `--query "pizza palace, pizzapalace"`: the words, split on commas (the listening query's `include`). */
export function queryOf(text: string | undefined): { include: string[] } | null {
  if (text === undefined) return null;
  const include = text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (!include.length) throw new ExitError(2, '--query needs at least one word (comma-separated)');
  return { include };
}

export async function addChannel(o: ChannelAddOptions): Promise<void> {
  const config: Record<string, unknown> = {};
  if (o.url !== undefined) config.url = o.url;
  if (o.interval !== undefined) config.interval_minutes = o.interval;
  const query = queryOf(o.query);
  await withContainer(async (c) => {
    const brandId = await brandIdOf(c, o.brand);
    const { connection, webhookSecret } = await c.channels.add(OPERATOR, brandId, {
      type: o.type,
      config,
      ...(o.name ? { name: o.name } : {}),
      ...(o.channel ? { channel: o.channel } : {}),
      query,
    });
    console.log(`connection ${connection.id} added: ${connection.type} "${connection.name}" → channel ${connection.channel}`);
    if (webhookSecret) console.log(`webhook: POST ${connection.webhook_path} with header x-defuse-hook-secret: ${webhookSecret} (shown once)`);
    console.log('it is fetched at the next poll round (`defuse channel poll --once`, or the worker every minute)');
  });
}

/** The columns of `defuse channel list`. */
export const CHANNEL_COLUMNS = ['id', 'brand', 'type', 'channel', 'name', 'status', 'health', 'next poll'] as const;

export async function listChannels(o: { brand?: string }): Promise<void> {
  await withContainer(async (c) => {
    const brandId = o.brand ? await brandIdOf(c, o.brand) : undefined;
    const slugs = new Map((await c.brands.listBrands(OPERATOR)).map((b) => [b.id, b.slug]));
    const all = await c.channels.listAll(brandId);
    if (!all.length) {
      console.log('no channel connections yet (add one with `defuse channel add`)');
      return;
    }
    // A header row names the tab-separated columns.
    console.log(CHANNEL_COLUMNS.join('\t'));
    for (const x of all) {
      const h = x.health;
      const health = h.state === 'failing' ? `failing ×${h.failures}: ${h.last_error ?? ''}` : h.state;
      console.log(
        [x.id, slugs.get(x.brand_id) ?? x.brand_id, x.type, x.channel, x.name, x.status, health, `next ${h.next_poll_at ?? '-'}`].join('\t'),
      );
    }
  });
}

export async function pollChannels(o: { once?: boolean; brand?: string }): Promise<void> {
  if (!o.once) throw new ExitError(2, '`defuse channel poll` runs one round: give --once (the worker polls every minute by itself)');
  const failed = await withContainer(async (c) => {
    const brandId = o.brand ? await brandIdOf(c, o.brand) : undefined;
    const round = await c.channels.pollDue(c.clock.now(), brandId ? { brandId } : {});
    // The mentions stored are processed by the worker; with none running, this command's own round is the only one.
    if (!round.length) console.log('no connection due');
    for (const r of round) {
      console.log(
        `${r.connection_id}\t${r.name}\t${r.created} created, ${r.duplicates} duplicates, ${r.skipped} skipped${r.error ? `\terror: ${r.error}` : ''}`,
      );
    }
    return round.filter((r) => r.error).length;
  });
  if (failed) throw new ExitError(1, `${failed} channel${failed === 1 ? '' : 's'} failed`);
}

export async function setChannelStatus(id: string, action: 'pause' | 'resume' | 'remove'): Promise<void> {
  await withContainer(async (c) => {
    const brandId = await c.channels.brandOf(id).catch(() => {
      throw new ExitError(2, `no connection ${id} (see \`defuse channel list\`)`);
    });
    if (action === 'remove') {
      await c.channels.remove(OPERATOR, brandId, id);
      console.log(`connection ${id} removed (its mentions stay)`);
      return;
    }
    const v = action === 'pause' ? await c.channels.pause(OPERATOR, brandId, id) : await c.channels.resume(OPERATOR, brandId, id);
    console.log(`connection ${id} ${v.status}`);
  });
}
