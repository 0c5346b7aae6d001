import nodemailer from "nodemailer";

export interface OutgoingMail {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers, name → value; a Reply-To among them becomes the message's Reply-To. */
  headers?: Record<string, string>;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/**
 * SMTP delivery with short timeouts, so a dead server fails an attempt quickly and the
 * outbox retries later instead of hanging a sweep.
 */
export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url, {
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 10_000,
  } as never);
  return {
    async send(mail) {
      const { "Reply-To": replyTo, ...headers } = mail.headers ?? {};
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, messageId: mail.messageId, replyTo, headers });
    },
    close: () => transport.close(),
  };
}
