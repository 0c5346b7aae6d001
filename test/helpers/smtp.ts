import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  to: string[];
  raw: string;
  messageId: string | null;
  subject: string | null;
}

/**
 * A real SMTP server (smtp-server) on 127.0.0.1 that keeps what it receives. It can be
 * stopped and started again on the same port, to play an outage.
 */
export async function startSmtp(port = 0) {
  const received: ReceivedMail[] = [];
  let server: SMTPServer | null = null;
  let boundPort = port;

  async function start() {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData(stream, session, callback) {
        let raw = "";
        stream.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
        stream.on("end", () => {
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
            messageId: /^Message-ID:\s*(.+)$/im.exec(raw)?.[1].trim() ?? null,
            subject: /^Subject:\s*(.+)$/im.exec(raw)?.[1].trim() ?? null,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server!.once("error", reject);
      server!.listen(boundPort, "127.0.0.1", () => resolve());
    });
    boundPort = ((server as unknown as { server: { address(): AddressInfo } }).server.address()).port;
  }

  async function stop() {
    const s = server;
    server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  await start();
  return {
    received,
    get url() {
      return `smtp://127.0.0.1:${boundPort}`;
    },
    get port() {
      return boundPort;
    },
    start,
    stop,
  };
}
