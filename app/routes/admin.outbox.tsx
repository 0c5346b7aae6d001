import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { requireUserWith } from "~/lib/permissions.server";

export const meta: MetaFunction = () => [{ title: "Outbox · Admin · Collateral Preview" }];

const STATES = ["pending", "sent", "failed"] as const;
const PAGE_SIZE = 50;

/**
 * Every email the app has written. Without SMTP_URL nothing is delivered and this is where
 * the administrator reads them; with it, the state shows what was sent and what failed.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWith(request, "outbox:view");
  const search = new URL(request.url).searchParams;
  const rawState = search.get("state");
  const state = STATES.find((s) => s === rawState) ?? null;
  const { OutboxMessage } = db().models;
  const [messages, ...counts] = await Promise.all([
    OutboxMessage.findAll({ where: state ? { state } : {}, order: [["id", "DESC"]], limit: PAGE_SIZE }),
    ...STATES.map((s) => OutboxMessage.count({ where: { state: s } })),
  ]);
  return {
    smtp: Boolean(env().SMTP_URL),
    state,
    counts: Object.fromEntries(STATES.map((s, i) => [s, counts[i]])) as Record<(typeof STATES)[number], number>,
    messages: messages.map((m) => ({
      id: m.id,
      to: m.toEmail,
      kind: m.kind,
      subject: m.subject,
      // A set-password email holds a placeholder, never its link (minted when sent); said in words here.
      text: m.text.replace(/\S*\/set-password\/\S+/g, "[one-time link (hidden)]"),
      state: m.state,
      attempts: m.attempts,
      lastError: m.lastError ?? null,
      createdAt: m.createdAt.toISOString(),
      sentAt: m.sentAt?.toISOString() ?? null,
    })),
  };
}

export default function Outbox() {
  const { smtp, state, counts, messages } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Outbox</h1>
      <p className="muted">
        {smtp
          ? "Email is delivered through the configured SMTP server, with retries. Failed messages keep their last error."
          : "No SMTP server is configured (SMTP_URL), so email is not sent: read the messages here. In-app notifications still reach everyone."}
      </p>
      <nav className="row" aria-label="Filter by state">
        <Link to="/admin/outbox" aria-current={state === null ? "page" : undefined}>
          All
        </Link>
        {(Object.keys(counts) as (keyof typeof counts)[]).map((s) => (
          <Link key={s} to={`?state=${s}`} aria-current={state === s ? "page" : undefined}>
            {s} ({counts[s]})
          </Link>
        ))}
      </nav>
      {messages.length === 0 ? <p className="muted">No messages.</p> : null}
      <ul className="outbox" data-testid="outbox">
        {messages.map((m) => (
          <li key={m.id} className="card">
            <details>
              <summary>
                <strong>{m.subject}</strong> <span className="muted">to {m.to}</span> <span className={`badge state-${m.state}`}>{m.state}</span>
              </summary>
              <p className="muted">
                {m.kind} · written <time dateTime={m.createdAt}>{m.createdAt.replace("T", " ").slice(0, 16)} UTC</time>
                {m.sentAt ? ` · sent ${m.sentAt.replace("T", " ").slice(0, 16)} UTC` : ""} · {m.attempts} attempt{m.attempts === 1 ? "" : "s"}
              </p>
              {m.lastError ? <p className="form-error">Last error: {m.lastError}</p> : null}
              <pre className="prewrap mail-text">{m.text}</pre>
            </details>
          </li>
        ))}
      </ul>
    </>
  );
}
