import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { invalid, originOf, readForm } from "~/lib/actions.server";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { requireUserWith } from "~/lib/permissions.server";
import { hasActiveFeed } from "~/queries/deadline-feed.server";
import { issueDeadlineFeed } from "~/commands/issue-deadline-feed.server";
import { revokeDeadlineFeed } from "~/commands/revoke-deadline-feed.server";

export const meta: MetaFunction = () => [{ title: "Calendar feed · Collateral Preview" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "calendar:feed");
  return { active: await hasActiveFeed(db(), user.id) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWith(request, "calendar:feed");
  const intent = (await readForm(request)).get("intent");
  if (intent === "issue") {
    const token = await issueDeadlineFeed(db(), user, now());
    return { url: `${originOf(request, env().APP_URL)}/calendar/${token}.ics`, revoked: false };
  }
  if (intent === "revoke") {
    await revokeDeadlineFeed(db(), user, now());
    return { url: null, revoked: true };
  }
  return invalid({ form: "That action is not available on this page." });
}

export default function CalendarFeed() {
  const { active } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { url?: string | null; revoked?: boolean } | undefined;
  return (
    <section className="card narrow-wide">
      <h1>Calendar feed</h1>
      <p>
        Subscribe to your plan presentation dates and every review and escalation deadline that concerns you, in any calendar app
        (Outlook, Google Calendar, Apple Calendar). The link is private: anyone who has it sees your deadlines, so revoke it if it
        leaks.
      </p>
      {result?.url ? (
        <div className="notice">
          <label htmlFor="feed-url">Your calendar link (shown once — copy it into your calendar app now)</label>
          <input id="feed-url" readOnly value={result.url} className="wide" />
        </div>
      ) : null}
      {result?.revoked ? <p className="notice">Your calendar link was revoked; calendars subscribed to it stop updating.</p> : null}
      <p data-testid="feed-state">{active ? "You have an active calendar link." : "You have no calendar link."}</p>
      <div className="row">
        <Form method="post">
          <button type="submit" name="intent" value="issue">
            {active ? "Make a new link (the old one stops working)" : "Make a calendar link"}
          </button>
        </Form>
        {active ? (
          <Form method="post">
            <button type="submit" name="intent" value="revoke" className="secondary">
              Revoke my link
            </button>
          </Form>
        ) : null}
      </div>
    </section>
  );
}
