import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { readUnsubscribeToken } from "~/lib/unsubscribe.server";
import { DELIVERY_LABELS, PREFERENCES } from "~/domain/notifications";
import { unsubscribe } from "~/commands/unsubscribe.server";

export const meta: MetaFunction = () => [{ title: "Fewer emails · Collateral Preview" }, { name: "robots", content: "noindex" }];

async function read(token: string | undefined) {
  const parsed = token ? await readUnsubscribeToken(db(), token) : null;
  if (!parsed) notFound("link");
  return parsed;
}

/**
 * The page an email's "stop emails like this" link opens. Opening it changes nothing (mail
 * scanners open links); the button, or a mail program's one-click POST (RFC 8058), does.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const { kind } = await read(params.token);
  return { label: PREFERENCES[kind].label, required: PREFERENCES[kind].required };
}

export async function action({ params }: ActionFunctionArgs) {
  const { userId, kind } = await read(params.token);
  const delivery = await unsubscribe(db(), userId, kind, now());
  return { delivery: DELIVERY_LABELS[delivery] };
}

export default function Unsubscribe() {
  const { label, required } = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>();
  return (
    <section className="card narrow">
      <h1>Fewer emails</h1>
      {done ? (
        <p role="status">
          Done: “{label}” is now <strong>{done.delivery.toLowerCase()}</strong>. You still see everything under Notifications in the app.
        </p>
      ) : (
        <>
          <p>
            {required
              ? `“${label}” ask you to act by a deadline, so they cannot be switched off; they can come in your daily digest at 08:00 instead of at once.`
              : `Stop emails about “${label}”? You will still see them under Notifications in the app.`}
          </p>
          <Form method="post">
            <button type="submit">{required ? "Send these in my daily digest" : "Stop these emails"}</button>
          </Form>
        </>
      )}
      <p>
        <Link to="/account/notifications">Choose what you are told</Link> (sign-in needed).
      </p>
    </section>
  );
}
