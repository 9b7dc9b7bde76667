/**
 * A real IMAP server for the tests: Debian's Dovecot (`dovecot-imapd`) run in
 * the foreground (`dovecot -F -c <config>`) as the current user, with a
 * config generated in a temp dir: passwd-file auth, maildirs in the temp dir,
 * no SSL, listening on a free 127.0.0.1 port. Mail is delivered with IMAP
 * APPEND (imapflow), the way any client would file it.
 *
 * `dovecotAvailable()` says whether the binary is installed; tests skip with
 * a clear message when it is not, except in CI (`process.env.CI`), where a
 * missing server is a failure.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { freePort } from './processes.js';

const CANDIDATES = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot', '/usr/bin/dovecot'];

/** The dovecot binary, or null when it is not installed. */
export function dovecotBinary(): string | null {
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/** True when the IMAP tests can run; throws in CI when they cannot (a missing server must fail there, not skip). */
export function dovecotAvailable(): boolean {
  if (dovecotBinary()) return true;
  if (process.env.CI) throw new Error('dovecot is not installed (apt-get install -y dovecot-imapd): the IMAP tests cannot run in CI');
  console.warn('SKIPPED: the IMAP tests need Dovecot (apt-get install -y dovecot-imapd); it is not installed here');
  return false;
}

export interface ImapServer {
  host: string;
  port: number;
  /** The mail users (user → password) the server knows. */
  users: Record<string, string>;
  /** Files a raw RFC 822 message into a user's mailbox (IMAP APPEND); returns its UID. */
  deliver(user: string, raw: string, mailbox?: string): Promise<number>;
  /** A logged-in imapflow client for a user (the caller logs out). */
  client(user: string): Promise<ImapFlow>;
  /** What dovecot wrote (its log), for a failing test's message. */
  output(): string;
  stop(): Promise<void>;
}

/** The uid and gid of `nobody` (/etc/passwd). */
function nobodyIds(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('nobody:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (!uid || !gid) throw new Error('no nobody user in /etc/passwd: cannot run dovecot as root');
  return { uid: Number(uid), gid: Number(gid) };
}

async function waitForPort(port: number, child: ChildProcess, log: () => string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`dovecot exited before it listened:\n${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port });
      s.setTimeout(1000, () => {
        s.destroy();
        resolve(false);
      });
      s.once('data', (d) => {
        s.destroy();
        resolve(d.toString().startsWith('* OK'));
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`dovecot did not listen on ${port} within ${timeoutMs} ms:\n${log()}`);
}

/** Starts Dovecot with the given users (default: one, `support@example.test`). */
export async function startImapServer(users: Record<string, string> = { 'support@example.test': 'secret-imap' }): Promise<ImapServer> {
  const bin = dovecotBinary();
  if (!bin) throw new Error('dovecot is not installed (apt-get install -y dovecot-imapd)');
  const dir = await mkdtemp(join(tmpdir(), 'defuse-dovecot-'));
  const port = await freePort();
  const me = userInfo();
  const group = me.uid === 0 ? 'root' : me.username;
  // Dovecot refuses to run imap-login or touch mail as root: as root (here and in CI) both run as nobody, who must be
  // able to enter the run dir and own the maildirs.
  const loginUser = me.uid === 0 ? 'nobody' : me.username;
  const mailIds = me.uid === 0 ? nobodyIds() : { uid: me.uid, gid: me.gid };
  await chmod(dir, 0o755);
  for (const d of ['run', 'state', 'mail']) await mkdir(join(dir, d), { recursive: true });
  await chown(join(dir, 'mail'), mailIds.uid, mailIds.gid);
  await writeFile(
    join(dir, 'passwd'),
    Object.entries(users)
      .map(([u, p]) => `${u}:{PLAIN}${p}::::${join(dir, 'mail', u)}::`)
      .join('\n') + '\n',
    { mode: 0o600 },
  );
  const conf = `
protocols = imap
listen = 127.0.0.1
base_dir = ${join(dir, 'run')}
state_dir = ${join(dir, 'state')}
instance_name = defuse-test-${port}
log_path = /dev/stderr
info_log_path = /dev/stderr
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
first_valid_uid = 0
first_valid_gid = 0
default_internal_user = ${me.username}
default_internal_group = ${group}
default_login_user = ${loginUser}
mail_location = maildir:~/Maildir
mail_uid = ${mailIds.uid}
mail_gid = ${mailIds.gid}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${join(dir, 'passwd')}
}
userdb {
  driver = passwd-file
  args = username_format=%u ${join(dir, 'passwd')}
}
service imap-login {
  chroot =
  user = ${loginUser}
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service imap {
  user = ${me.username}
}
service anvil {
  chroot =
  user = ${me.username}
}
service auth {
  user = ${me.username}
}
service auth-worker {
  user = ${me.username}
}
service stats {
  user = ${me.username}
}
`;
  const confPath = join(dir, 'dovecot.conf');
  await writeFile(confPath, conf);
  const child = spawn(bin, ['-F', '-c', confPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-200_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForPort(port, child, () => out);
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    await rm(dir, { recursive: true, force: true });
    throw err;
  }

  const client = async (user: string) => {
    const c = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass: users[user] ?? '' }, logger: false, disableAutoIdle: true });
    c.on('error', () => {}); // a dropped connection fails the command in progress; the event alone must not crash the test run
    await c.connect();
    return c;
  };

  return {
    host: '127.0.0.1',
    port,
    users,
    client,
    async deliver(user, raw, mailbox = 'INBOX') {
      const c = await client(user);
      try {
        const res = await c.append(mailbox, raw);
        if (!res || typeof res.uid !== 'number') throw new Error(`APPEND to ${mailbox} gave no UID`);
        return res.uid;
      } finally {
        await c.logout().catch(() => c.close());
      }
    },
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
