/** `defuse demo`: a demo brand with realistic mentions in four languages, classified and routed (re-running adds nothing twice). */
import { seedDemo } from '../../demo/demo.js';
import { ExitError } from '../exit-error.js';
import { withContainer } from './shared.js';

export async function demo(o: { slug: string; member?: string }): Promise<void> {
  await withContainer(async (c) => {
    const user = o.member ? await c.store.repos.users.findByEmail(o.member.toLowerCase()) : undefined;
    if (o.member && !user) throw new ExitError(2, `no user ${o.member}`);
    const r = await seedDemo(c, o.slug, user ? [{ userId: user.id, role: 'manager' }] : []);
    console.log(`demo brand ${r.slug}: ${r.mentions} mentions, ${r.cases} cases`);
  });
}
