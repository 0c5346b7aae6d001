import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { invalid, readForm } from "~/lib/actions.server";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { requireId, requireUserWith } from "~/lib/permissions.server";
import { listNotifications, markAllRead, openNotification } from "~/queries/notifications.server";

export const meta: MetaFunction = () => [{ title: "Notifications · Collateral Preview" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "home:view");
  return { notifications: await listNotifications(db(), user.id) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWith(request, "home:view");
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "open") {
    const id = requireId(String(form.get("id") ?? ""), "notification");
    return redirect(await openNotification(db(), user.id, id, now()));
  }
  if (intent === "read-all") {
    await markAllRead(db(), user.id, now());
    return redirect("/notifications");
  }
  return invalid({ form: "That action is not available on this page." });
}

export default function Notifications() {
  const { notifications } = useLoaderData<typeof loader>();
  const unread = notifications.filter((n) => !n.read).length;
  return (
    <section className="card">
      <div className="spread">
        <h1>Notifications</h1>
        {unread > 0 ? (
          <Form method="post">
            <button type="submit" name="intent" value="read-all" className="secondary">
              Mark all as read
            </button>
          </Form>
        ) : null}
      </div>
      <p>
        <Link to="/account/notifications">Choose what you are told, and how</Link>: email at once, a daily digest, or here only.
      </p>
      {notifications.length === 0 ? <p className="muted">Nothing yet. You will hear here when something needs you.</p> : null}
      <ul className="notifications" data-testid="notifications">
        {notifications.map((n) => (
          <li key={n.id} className={n.read ? "read" : "unread"}>
            <Form method="post" className="inline">
              <input type="hidden" name="id" value={n.id} />
              <button type="submit" name="intent" value="open" className="link-button">
                {n.text}
              </button>
            </Form>{" "}
            <time className="muted" dateTime={n.createdAt}>
              {n.createdAt.slice(0, 16).replace("T", " ")} UTC
            </time>
          </li>
        ))}
      </ul>
    </section>
  );
}
