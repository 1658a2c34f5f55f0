/**
 * A real SMTP server on loopback (npm smtp-server) that keeps every message it is given, parsed
 * (mailparser), so a test reads the recipient, the subject and the text as a person would.
 */
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
}

export interface TestSmtp {
  url: string;
  port: number;
  mails: ReceivedMail[];
  /** Resolves once `n` messages have arrived in all. */
  arrived(n: number): Promise<void>;
  close(): Promise<void>;
}

/** Listens on `port` (any free port by default). */
export async function startSmtp(port = 0): Promise<TestSmtp> {
  const events = new EventEmitter();
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), subject: parsed.subject ?? '', text: parsed.text ?? '' });
          callback();
          events.emit('mail');
        },
        (e: Error) => callback(e),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${bound}`,
    port: bound,
    mails,
    arrived: (n) =>
      new Promise((resolve) => {
        const check = () => {
          if (mails.length < n) return;
          events.off('mail', check);
          resolve();
        };
        events.on('mail', check);
        check();
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
