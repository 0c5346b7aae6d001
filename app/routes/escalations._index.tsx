import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { EscalationQueue } from "~/components/Queues";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { requireUserWith } from "~/lib/permissions.server";
import { escalationsFor } from "~/queries/workflow-views.server";

export const meta: MetaFunction = () => [{ title: "Escalations · Collateral Preview" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "home:view");
  return { escalations: await escalationsFor(db(), user, now()) };
}

export default function Escalations() {
  const { escalations } = useLoaderData<typeof loader>();
  return (
    <section className="card">
      <h1>Escalations waiting for you</h1>
      <EscalationQueue items={escalations} />
    </section>
  );
}
