import type { Transaction } from "sequelize";
import { insertRows, type Database } from "./db.server";
import { env, type Env } from "./env.server";
import { replyAddress, type EmailThread } from "./reply-address.server";
import { signingKey } from "./signing.server";

export interface EmailContent {
  subject: string;
  /** Paragraphs of plain text; each becomes a <p> in the HTML version. */
  lines: string[];
  /** A path in the app, made absolute with APP_URL. */
  link: string;
  linkLabel: string;
  /** Why the reader gets it, and the links that change that (List-Unsubscribe). */
  unsubscribe?: { why: string; preferences: string; oneClick?: string };
}

/**
 * Stands in a queued set-password email for its one-time link (the path segment after
 * /set-password/). The link is minted when the email is sent (deliver-outbox), so it never
 * rests in the database; the migration 20261201120000-hardening writes the same value.
 */
export const ONE_TIME_LINK_PLACEHOLDER = "one-time-link-minted-when-sent";

/** The stored text or HTML with the one-time link put in, as it is sent. */
export function withOneTimeLink(stored: string, token: string): string {
  return stored.split(`/set-password/${ONE_TIME_LINK_PLACEHOLDER}`).join(`/set-password/${token}`);
}

/**
 * The warning a production process that sends email logs at start when APP_URL is unset:
 * every link it writes into an email would point at this machine's localhost.
 */
export function missingAppUrlWarning(settings: Pick<Env, "NODE_ENV" | "SMTP_URL" | "APP_URL" | "PORT">): string | null {
  if (settings.NODE_ENV !== "production" || !settings.SMTP_URL || settings.APP_URL) return null;
  return `Warning: APP_URL is not set, so links in emails would point at http://localhost:${settings.PORT}, which recipients cannot open. Set APP_URL to the address people use, such as https://preview.example.com.`;
}

export function appUrl(): string {
  return (env().APP_URL ?? `http://localhost:${env().PORT}`).replace(/\/$/, "");
}

function escapeHtml(text: string) {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** The same message as plain text and as simple, escaped HTML. */
export function renderEmail(content: EmailContent, recipientName: string) {
  const url = content.link.startsWith("http") ? content.link : `${appUrl()}${content.link}`;
  const absolute = (link: string) => (link.startsWith("http") ? link : `${appUrl()}${link}`);
  const u = content.unsubscribe;
  const footer = u ? `You get this email because of this setting: ${u.why}. Change what you are told: ${absolute(u.preferences)}${u.oneClick ? `. Stop emails like this (in the app only): ${absolute(u.oneClick)}` : ""}` : null;
  const text = [`Hello ${recipientName},`, ...content.lines, `${content.linkLabel}: ${url}`, "— Collateral Preview", ...(footer ? [footer] : [])].join("\n\n");
  const html = [
    `<p>Hello ${escapeHtml(recipientName)},</p>`,
    ...content.lines.map((l) => `<p style="white-space:pre-wrap">${escapeHtml(l)}</p>`),
    `<p><a href="${escapeHtml(url)}">${escapeHtml(content.linkLabel)}</a></p>`,
    `<p style="color:#666">— Collateral Preview</p>`,
    ...(u
      ? [
          `<p style="color:#666;font-size:small">You get this email because of this setting: ${escapeHtml(u.why)}. <a href="${escapeHtml(absolute(u.preferences))}">Change what you are told</a>${u.oneClick ? ` · <a href="${escapeHtml(absolute(u.oneClick))}">Stop emails like this (in the app only)</a>` : ""}</p>`,
        ]
      : []),
  ].join("\n");
  const headers: Record<string, string> = !u
    ? {}
    : u.oneClick
      ? { "List-Unsubscribe": `<${absolute(u.oneClick)}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" }
      : { "List-Unsubscribe": `<${absolute(u.preferences)}>` };
  return { subject: content.subject, text, html, url, headers };
}

export interface QueuedEmail {
  to: { id: number | null; name: string; email: string };
  kind: string;
  content: EmailContent;
  notify?: boolean;
  /** Extra mail headers, name → value. */
  headers?: Record<string, string>;
  /** The thread the email is about (a comment thread by its root comment): a reply to the email lands there. */
  thread?: EmailThread;
}

/** Said in every email whose Reply-To leads into its thread. */
export const REPLY_IN_THREAD_LINE = "Reply to this email to answer in the thread: the text of your reply is posted there as you.";

/**
 * An email as it is queued: rendered, with its extra headers (List-Unsubscribe, the
 * caller's, and a Reply-To into its thread when it is about one and replies by email are
 * set up with REPLY_DOMAIN). The reply address is the recipient's own, so a reply is posted
 * as them and only where they may still answer.
 */
async function prepare(database: Database, t: Transaction, item: QueuedEmail, at: Date) {
  let content = item.content;
  let replyTo: string | null = null;
  const domain = env().REPLY_DOMAIN;
  if (item.thread && domain && item.to.id) {
    replyTo = replyAddress(await signingKey(database), domain, item.to.id, item.thread, at);
    content = { ...content, lines: [...content.lines, REPLY_IN_THREAD_LINE] };
  }
  const mail = renderEmail(content, item.to.name);
  const headers: Record<string, string> = { ...mail.headers, ...(item.headers ?? {}), ...(replyTo ? { "Reply-To": replyTo } : {}) };
  return { mail, headers: Object.keys(headers).length ? JSON.stringify(headers) : null };
}

/**
 * Queues several emails (and their in-app notifications) inside the caller's transaction,
 * in two statements however many there are.
 */
export async function queueEmails(database: Database, t: Transaction, items: QueuedEmail[], at: Date) {
  if (items.length === 0) return;
  const rendered = [];
  for (const item of items) rendered.push({ item, ...(await prepare(database, t, item, at)) });
  await insertRows(
    database,
    t,
    "outbox_messages",
    rendered.map(({ item, headers, mail }) => ({
      userId: item.to.id,
      toEmail: item.to.email,
      kind: item.kind,
      subject: mail.subject.slice(0, 255),
      text: mail.text,
      html: mail.html,
      state: "pending",
      attempts: 0,
      nextAttemptAt: at,
      createdAt: at,
      headers,
    })),
  );
  await insertRows(
    database,
    t,
    "notifications",
    items
      .filter((item) => item.to.id && item.notify !== false)
      .map((item) => ({
        userId: item.to.id,
        text: item.content.subject.slice(0, 500),
        link: item.content.link.startsWith("http") ? new URL(item.content.link).pathname : item.content.link,
        createdAt: at,
      })),
  );
}

/**
 * Queues an email (and the matching in-app notification) inside the caller's transaction:
 * the message exists if and only if the change that caused it was committed.
 */
export async function queueEmail(
  database: Database,
  t: Transaction,
  to: { id: number | null; name: string; email: string },
  kind: string,
  content: EmailContent,
  at: Date,
  options: { notify?: boolean; passwordTokenId?: string; headers?: Record<string, string>; thread?: EmailThread } = {},
) {
  const { mail: rendered, headers } = await prepare(database, t, { to, kind, content, headers: options.headers, thread: options.thread }, at);
  await database.models.OutboxMessage.create(
    {
      userId: to.id,
      toEmail: to.email,
      kind,
      subject: rendered.subject.slice(0, 255),
      text: rendered.text,
      html: rendered.html,
      state: "pending",
      attempts: 0,
      nextAttemptAt: at,
      createdAt: at,
      passwordTokenId: options.passwordTokenId ?? null,
      headers,
    },
    { transaction: t },
  );
  if (to.id && options.notify !== false) {
    await database.models.Notification.create(
      { userId: to.id, text: content.subject.slice(0, 500), link: content.link.startsWith("http") ? new URL(content.link).pathname : content.link, createdAt: at },
      { transaction: t },
    );
  }
}
