import { connect } from "node:net";
import { rmSync } from "node:fs";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "~/lib/db.server";
import { addComment } from "~/commands/add-comment.server";
import { createMaterial } from "~/commands/create-material.server";
import { submitForPreview } from "~/commands/submit-for-preview.server";
import { DEMO_PASSWORD, visibleText } from "../helpers/http";
import { startServer, type RunningServer } from "../helpers/server";
import { headerValue, startSmtp } from "../helpers/smtp";
import { waitFor } from "../helpers/wait";

/**
 * Reply by email end to end, as deployed: the built server with REPLY_DOMAIN and
 * INBOUND_SMTP_PORT sends the email about a declined comment through its sweep to a real
 * SMTP server; the reader's reply, sent with nodemailer to the server's own listener,
 * appears in the thread on the material page. SIGTERM closes the listener with the rest.
 */
describe("replies by email in the running server", () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let server: RunningServer;
  let database: Database;
  let inboundPort: number;

  beforeAll(async () => {
    smtp = await startSmtp();
    server = await startServer({
      REPLY_DOMAIN: "reply.demo.test",
      INBOUND_SMTP_PORT: "0",
      INBOUND_SMTP_HOST: "127.0.0.1",
      SMTP_URL: smtp.url,
      MAIL_FROM: "Collateral Preview <no-reply@demo.test>",
      JOBS: "on",
      SWEEP_INTERVAL_S: "1",
    });
    inboundPort = Number(/SMTP listening on 127\.0\.0\.1:(\d+) for reply addresses at reply\.demo\.test/.exec(server.output())?.[1]);
    database = openDatabase({ url: server.databaseUrl });
  });
  afterAll(async () => {
    await database?.close();
    if (server?.process.exitCode === null) await server.stop("SIGKILL");
    if (server) rmSync(server.dataDir, { recursive: true, force: true });
    await smtp?.stop();
  });

  async function signIn(email: string) {
    const login = await fetch(`${server.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url },
      body: new URLSearchParams({ email, password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(302);
    return login.headers.get("set-cookie")!.split(";")[0];
  }

  it("delivers the email with its Reply-To, posts the reply in the thread, and stops the listener on SIGTERM", async () => {
    expect(inboundPort).toBeGreaterThan(0);
    const users = await database.models.User.findAll();
    const user = (email: string) => users.find((u) => u.email === email)!;
    const team = await database.models.SalesTeam.findOne({ where: { name: "Enterprise East" } });
    const at = () => new Date();
    const { material, version } = await createMaterial(
      database,
      user("marketer1@demo.test"),
      { title: "Spring offer", kind: "collateral", description: "", teamIds: [team!.id] },
      { key: "versions/reply-e2e.bin", fileName: "offer.pdf", contentType: "application/pdf", size: 1000, sha256: "d".repeat(64), pageCount: 2 },
      at(),
    );
    await submitForPreview(database, user("marketer1@demo.test"), material.id, at());
    const comment = await addComment(database, user("east.committee1@demo.test"), material.id, { versionId: version.id, category: "pricing", body: "The spring price is wrong.", pin: null }, at());
    // Declined through the app, so the server's own process writes the email (with its Reply-To).
    const marketer = await signIn("marketer1@demo.test");
    const declined = await fetch(`${server.url}/materials/${material.id}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url, Cookie: marketer },
      body: new URLSearchParams({ intent: "answer", commentId: String(comment.id), answer: "decline", reason: "It is the list price." }),
    });
    expect(declined.status).toBe(200);

    const delivered = await waitFor("the declined-comment email at the SMTP server", () => smtp.received.find((m) => m.to.includes("east.committee1@demo.test") && m.subject?.startsWith("Marketing declined")), 20_000, 100);
    const replyTo = headerValue(delivered.raw, "Reply-To")!;
    expect(replyTo).toMatch(/^reply\+[0-9a-f]{48}@reply\.demo\.test$/);
    expect(delivered.raw).toContain("Reply to this email to answer in the thread");

    const transport = nodemailer.createTransport({ host: "127.0.0.1", port: inboundPort, secure: false, ignoreTLS: true });
    const info = await transport.sendMail({
      from: "Ethan Cole <east.committee1@demo.test>",
      to: replyTo,
      subject: `Re: ${delivered.subject}`,
      text: ["The list price changed on 1 December; please check with sales ops.", "", "On Tue, Dec 1, 2026 at 9:00 AM Collateral Preview <" + replyTo + "> wrote:", "> Marketing declined your comment."].join("\n"),
    });
    transport.close();
    expect(info.response).toContain("Your reply was posted in the thread.");

    // Read back on the material page, as the commenter signed in.
    const cookie = await signIn("east.committee1@demo.test");
    const page = visibleText(await (await fetch(`${server.url}/materials/${material.id}`, { headers: { Cookie: cookie } })).text());
    expect(page).toContain("The list price changed on 1 December; please check with sales ops.");
    expect(page).not.toContain("Marketing declined your comment.");
    expect(server.output()).toContain("Reply by email posted");

    expect(await server.stop("SIGTERM")).toBe(0);
    const refused = await new Promise<string>((resolve) => {
      const socket = connect(inboundPort, "127.0.0.1");
      socket.on("connect", () => resolve("connected"));
      socket.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
    });
    expect(refused).toBe("ECONNREFUSED");
  });
});
