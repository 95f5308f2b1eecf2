import nodemailer from 'nodemailer';

/** One email as the outbox holds it: plain text and HTML, both always. */
export interface OutgoingMail {
  /** The outbox row's id; also the Message-ID, so a receiver can tell a re-sent copy. */
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * The mail port. `send` either hands the mail to the SMTP server (`sent`) or, without one configured,
 * only notes it (`logged`: the mail stays readable in `mail_outbox`). A failure throws; the mail job is
 * then retried with backoff, so nothing is lost while the server is down.
 */
export interface Mailer {
  send(mail: OutgoingMail): Promise<'sent' | 'logged'>;
  close(): void;
}

/** What a logging mailer writes: recipient and subject only, never a body (it may hold links or names). */
export type MailLog = (line: string) => void;

export function createLoggingMailer(log: MailLog = () => {}): Mailer {
  return {
    async send(mail) {
      log(`mail ${mail.id} to ${mail.to} ("${mail.subject}") kept in mail_outbox: SMTP_URL is not set`);
      return 'logged';
    },
    close() {},
  };
}

/** Through nodemailer to `smtpUrl` (smtp:// or smtps://, credentials in the URL), over pooled connections. */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 4,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  const host = (() => {
    try {
      return new URL(smtpUrl).hostname || 'ledgergate';
    } catch {
      return 'ledgergate';
    }
  })();
  return {
    async send(mail) {
      await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: `<${mail.id}@${host}>`,
      });
      return 'sent';
    },
    close() {
      transport.close();
    },
  };
}

/** The configured mailer: SMTP when a URL is set, else the logging one. */
export function createMailer(settings: { smtpUrl: string | undefined; from: string; log: MailLog }): Mailer {
  return settings.smtpUrl
    ? createSmtpMailer(settings.smtpUrl, settings.from)
    : createLoggingMailer(settings.log);
}
