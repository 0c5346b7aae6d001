import { logger } from "../lib/log.server";
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerEnvelope, type SMTPServerSession } from "smtp-server";
import type { User } from "../../models/index";
import { ReplyFormSchema } from "../schemas/material";
import { EscalationMessageSchema } from "../schemas/workflow";
import { replyToComment } from "../commands/reply-to-comment.server";
import { postEscalationMessage } from "../commands/post-escalation-message.server";
import { now } from "../lib/clock.server";
import type { Database } from "../lib/db.server";
import type { Env } from "../lib/env.server";
import { AppError } from "../lib/errors";
import { readReplyAddress, type EmailThread, type ReplyToken } from "../lib/reply-address.server";
import { signingKey } from "../lib/signing.server";
import { attachmentNote, newReplyText } from "../lib/reply-text";

export interface InboundSmtpOptions {
  database: Database;
  /** Only addresses at this domain are accepted (REPLY_DOMAIN). */
  replyDomain: string;
  /** The largest message accepted, in bytes, announced in EHLO (SIZE) and enforced. */
  maxBytes: number;
  port: number;
  host: string;
  now: () => Date;
  /** On close, connections still open after this long are cut (smtp-server's closeTimeout). */
  closeTimeoutMs?: number;
  /** One line per inbound message: what was posted or why it was refused. */
  log?: (line: string, fields: Record<string, unknown>) => void;
}

export interface InboundSmtp {
  port: number;
  close(): Promise<void>;
}

/** An SMTP refusal the sender's mail client (or its bounce) shows the person as it is. */
class Refusal extends Error {
  constructor(
    public readonly responseCode: number,
    message: string,
    public readonly reason: string,
  ) {
    // One line of plain ASCII: what every SMTP client and bounce shows as it is.
    super(
      message
        .replace(/\s+/g, " ")
        .replace(/[\u2018\u2019]/g, "'")
        .replace(/[\u201c\u201d]/g, '"')
        .replace(/[\u2013\u2014]/g, "-")
        .replace(/\u2026/g, "...")
        .replace(/[^\x20-\x7e]/g, "?")
        .trim(),
    );
  }
}

const INVALID_ADDRESS = "This reply address is not valid or has expired. Open the thread in Collateral Preview to answer there.";
const NOT_YOURS = "This reply address belongs to the person the email was sent to: reply from that email address.";
const NO_LONGER = "You can no longer reply in this thread, so your reply was not posted. Open Collateral Preview to see what you have access to.";

/** The thread a transaction's recipient answers, once its address has been checked. */
interface Accepted {
  token: ReplyToken;
}

function sameAddress(a: string | undefined | null, b: string) {
  return !!a && a.trim().toLowerCase() === b.trim().toLowerCase();
}

function formatMegabytes(bytes: number) {
  const mb = bytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

/** Out-of-office answers and other machines' mail (RFC 3834), which must not be posted as someone's reply. */
function isAutomatic(mail: ParsedMail): boolean {
  const header = (name: string) => {
    const value = mail.headers.get(name);
    return typeof value === "string" ? value.toLowerCase() : value && typeof value === "object" && "value" in value ? String(value.value).toLowerCase() : "";
  };
  const submitted = header("auto-submitted");
  if (submitted && submitted !== "no") return true;
  if (["bulk", "junk", "auto_reply", "list"].includes(header("precedence"))) return true;
  return mail.headers.has("x-autoreply") || mail.headers.has("x-autorespond");
}

/**
 * The listener for replies by email. It takes mail only for reply+<token>@REPLY_DOMAIN
 * addresses whose signed token is valid and unexpired, from the address the email was
 * sent to; it posts the reply's new text (quote and signature dropped, attachments left
 * out and noted) as that person through the same commands the web uses, so a reply is
 * refused exactly where a reply in the app would be. Every refusal is an SMTP 5xx with
 * a reason a person can read, and nothing is written.
 */
export async function startInboundSmtp(options: InboundSmtpOptions): Promise<InboundSmtp> {
  const { database, replyDomain, maxBytes } = options;
  const now = options.now;
  const accepted = new WeakMap<SMTPServerEnvelope, Accepted>();
  const log = options.log ?? ((line: string, fields: Record<string, unknown>) => logger().info(fields, line));
  const secret = await signingKey(database);

  const refuse = (session: SMTPServerSession, refusal: Refusal, fields: Record<string, unknown> = {}) => {
    log(`Reply by email refused (${refusal.reason}): ${refusal.responseCode} ${refusal.message}`, { event: "inbound_reply", outcome: "refused", reason: refusal.reason, code: refusal.responseCode, remote: session.remoteAddress, ...fields });
    return refusal;
  };

  async function activeUser(id: number): Promise<User | null> {
    // As a signed-in session would: only an active account acts.
    return database.models.User.findOne({ where: { id, active: true } });
  }

  async function checkRecipient(address: SMTPServerAddress, session: SMTPServerSession): Promise<Accepted> {
    const sender = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
    if (accepted.has(session.envelope)) {
      throw refuse(session, new Refusal(550, "Send a reply to one thread at a time: this message already goes to another reply address.", "second_recipient"));
    }
    const read = readReplyAddress(secret, replyDomain, address.address, now());
    if (!read.ok) {
      const message = read.reason === "not_reply_address" ? `This server takes only replies to Collateral Preview emails, sent to their reply address at ${replyDomain}.` : INVALID_ADDRESS;
      throw refuse(session, new Refusal(550, message, read.reason), { to: address.address });
    }
    const user = await database.models.User.findByPk(read.token.userId, { attributes: ["id", "email", "active"] });
    if (!user) throw refuse(session, new Refusal(550, INVALID_ADDRESS, "unknown_user"));
    if (!sameAddress(sender, user.email)) throw refuse(session, new Refusal(550, NOT_YOURS, "wrong_sender"), { userId: user.id });
    if (!user.active) throw refuse(session, new Refusal(550, "Your Collateral Preview account is no longer active, so your reply was not posted.", "inactive"), { userId: user.id });
    return { token: read.token };
  }

  /** The whole message, or null once it is larger than maxBytes (the rest is read and dropped). */
  function readMessage(stream: SMTPServerDataStream): Promise<Buffer | null> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size <= maxBytes) chunks.push(chunk);
      });
      stream.on("error", reject);
      stream.on("end", () => resolve(stream.sizeExceeded || size > maxBytes ? null : Buffer.concat(chunks)));
    });
  }

  async function post(user: User, thread: EmailThread, body: string) {
    const at = now();
    if (thread.type === "comment") {
      const root = await database.models.Comment.findOne({ where: { id: thread.id, parentId: null }, attributes: ["id", "materialId"] });
      if (!root) throw new AppError("not_found", { message: "No such thread." });
      const input = ReplyFormSchema.safeParse({ commentId: root.id, body });
      if (!input.success) throw new Refusal(550, `Your reply was not posted: ${input.error.issues[0].message}`, "invalid_text");
      await replyToComment(database, user, root.materialId, input.data, at);
    } else {
      const input = EscalationMessageSchema.safeParse({ body });
      if (!input.success) throw new Refusal(550, `Your reply was not posted: ${input.error.issues[0].message}`, "invalid_text");
      await postEscalationMessage(database, user, thread.id, input.data.body, at);
    }
  }

  async function receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    const reply = accepted.get(session.envelope);
    const raw = await readMessage(stream);
    if (!reply) throw refuse(session, new Refusal(503, "No reply address was accepted for this message.", "no_recipient"));
    const fields = { userId: reply.token.userId, thread: `${reply.token.thread.type}:${reply.token.thread.id}` };
    if (!raw) {
      throw refuse(session, new Refusal(552, `Your reply is larger than ${formatMegabytes(maxBytes)}, the most a reply by email may be (attachments included). Nothing was posted: send a shorter reply without attachments, or answer in Collateral Preview.`, "too_large"), { ...fields, bytes: stream.byteLength });
    }
    const mail = await simpleParser(raw, { skipImageLinks: true });
    const user = await activeUser(reply.token.userId);
    if (!user) throw refuse(session, new Refusal(550, "Your Collateral Preview account is no longer active, so your reply was not posted.", "inactive"), fields);
    const from = mail.from?.value[0]?.address;
    if (!sameAddress(from, user.email)) throw refuse(session, new Refusal(550, NOT_YOURS, "wrong_sender"), fields);
    if (isAutomatic(mail)) throw refuse(session, new Refusal(550, "Automatic replies (such as out-of-office answers) are not posted in the thread.", "automatic"), fields);
    const text = newReplyText(mail.text ?? "");
    if (!text) {
      throw refuse(session, new Refusal(550, "Your reply had no new text: only the quoted email was found, so nothing was posted. Write your answer above the quoted text.", "empty"), fields);
    }
    const left = mail.attachments.length;
    const body = left ? `${text}\n\n${attachmentNote(left)}` : text;
    try {
      await post(user, reply.token.thread, body);
    } catch (error) {
      if (error instanceof Refusal) throw refuse(session, error, fields);
      if (error instanceof AppError) {
        // Not found and forbidden say the same, naming nothing of the thread: the material may be one this person may no longer see.
        const message = error.code === "not_found" || error.code === "forbidden" ? NO_LONGER : `Your reply was not posted: ${error.message}`;
        throw refuse(session, new Refusal(550, message, error.code), fields);
      }
      throw error;
    }
    log("Reply by email posted", { event: "inbound_reply", outcome: "posted", ...fields, bytes: raw.length, attachmentsLeftOut: left });
    return "Your reply was posted in the thread.";
  }

  const server = new SMTPServer({
    banner: "Collateral Preview: replies by email",
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    size: maxBytes,
    logger: false,
    maxClients: 100,
    closeTimeout: options.closeTimeoutMs ?? 30_000,
    onMailFrom(address, session, callback) {
      if (!address.address) {
        callback(refuse(session, new Refusal(550, "This address takes replies from people; bounces and other messages without a sender are not accepted.", "null_sender")));
        return;
      }
      callback();
    },
    onRcptTo(address, session, callback) {
      checkRecipient(address, session).then(
        (reply) => {
          accepted.set(session.envelope, reply);
          callback();
        },
        (error: unknown) => callback(error instanceof Refusal ? error : temporary(error)),
      );
    },
    onData(stream, session, callback) {
      receive(stream, session).then(
        (message) => callback(null, message),
        (error: unknown) => {
          // The stream must be read to its end before smtp-server sends the answer.
          stream.resume();
          callback(error instanceof Refusal ? error : temporary(error));
        },
      );
    },
  });

  function temporary(error: unknown) {
    logger().error({ err: error }, "Reply by email failed");
    return new Refusal(451, "Your reply could not be posted just now; your mail server will try again later.", "error");
  }

  // A client that drops its connection mid-way, say: the listener carries on.
  server.on("error", (error) => logger().warn({ err: error }, `Inbound SMTP listener: ${error.message}`));
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.server.once("error", onError);
    server.listen(options.port, options.host, () => {
      server.server.off("error", onError);
      resolve();
    });
  });
  const address = server.server.address() as AddressInfo;
  return {
    port: address.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The listener as the settings ask for it: off unless INBOUND_SMTP_PORT is set. */
export async function startInboundFromEnv(settings: Env, database: Database): Promise<InboundSmtp | null> {
  if (settings.INBOUND_SMTP_PORT === undefined || !settings.REPLY_DOMAIN) return null;
  const inbound = await startInboundSmtp({
    database,
    replyDomain: settings.REPLY_DOMAIN,
    maxBytes: Math.round(settings.INBOUND_MAX_MB * 1024 * 1024),
    port: settings.INBOUND_SMTP_PORT,
    host: settings.INBOUND_SMTP_HOST,
    now,
    closeTimeoutMs: settings.SHUTDOWN_GRACE_S * 1000,
  });
  logger().info(`Replies by email: SMTP listening on ${settings.INBOUND_SMTP_HOST}:${inbound.port} for reply addresses at ${settings.REPLY_DOMAIN}`);
  return inbound;
}
