/**
 * Sends one e-mail through the SMTP server of HUB_SMTP_URL (nodemailer). The composition root
 * (hub/main.ts) builds it from the config; without HUB_SMTP_URL there is none and alerts are
 * webhook events only.
 */
import { createTransport, type Transporter } from 'nodemailer';
import type { HubConfig } from '../config.ts';
import { DEFAULTS } from '../config.ts';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

/** The mailer the config names, or undefined when HUB_SMTP_URL is not set. */
export function mailerFrom(config: HubConfig): Mailer | undefined {
  if (!config.smtpUrl) return undefined;
  const timeout = config.fetchConnectTimeoutMs ?? DEFAULTS.fetchConnectTimeoutMs;
  // a server that does not answer is a failed attempt (retried from the outbox), not a hang
  const transport: Transporter = createTransport({
    url: config.smtpUrl,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: Math.max(timeout, 30_000),
  });
  const from = config.mailFrom ?? `Portal hub <hub@${new URL(config.publicUrl).hostname}>`;
  return {
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close: () => transport.close(),
  };
}
