/**
 * A real SMTP server for the tests (the `smtp-server` package) on a free
 * 127.0.0.1 port, keeping every mail it accepted. With `users`, it asks for a
 * login and refuses a wrong password; without, anyone may send. `refuseRecipients`
 * makes it answer RCPT TO with that code (5xx: no retry helps; 4xx: try later).
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export interface TestSmtpServer {
  port: number;
  mails: ReceivedMail[];
  /** Answer RCPT TO with this code from now on; null accepts again. */
  refuseRecipients(code: number | null): void;
  close(): Promise<void>;
}

export async function startSmtpServer(o: { users?: Record<string, string> } = {}): Promise<TestSmtpServer> {
  const mails: ReceivedMail[] = [];
  let rcptCode: number | null = null;
  const users = o.users;
  const server = new SMTPServer({
    ...(users ? { allowInsecureAuth: true, disabledCommands: ['STARTTLS'] } : { authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'] }),
    disableReverseLookup: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (users && users[auth.username ?? ''] === auth.password) cb(null, { user: auth.username });
      else cb(new Error('bad credentials'));
    },
    onRcptTo(_address, _session, cb) {
      if (!rcptCode) return cb();
      const err = new Error(rcptCode >= 500 ? 'no such user here' : 'try again later') as Error & { responseCode: number };
      err.responseCode = rcptCode;
      cb(err);
    },
    onData(stream, session, cb) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    mails,
    refuseRecipients: (code) => {
      rcptCode = code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
