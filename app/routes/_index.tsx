import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { db } from "~/lib/db.server";
import { can } from "~/lib/permissions";
import { requirePermission } from "~/lib/permissions.server";
import { requireUser } from "~/lib/session.server";
import { loadHomePage } from "~/queries/home.server";
import { now } from "~/lib/clock.server";
import { env } from "~/lib/env.server";
import { IdentityCard } from "~/components/IdentityCard";
import { DecisionQueue, EscalationQueue, OverdueRequestQueue, RoundQueue } from "~/components/Queues";
import { LateQueue } from "~/components/LateQueue";
import { OverdueEscalations } from "~/components/OverdueEscalations";
import { SettleQueue } from "~/components/SettleQueue";
import { AnswerQueue } from "~/components/AnswerQueue";
import { WithdrawnQueue } from "~/components/WithdrawnQueue";
import { MaterialsByStatus } from "~/components/MaterialsByStatus";
import { SystemHealth } from "~/components/SystemHealth";
import { CommitteeSeat } from "~/components/CommitteeSeat";
import { ReportsList } from "~/components/ReportsList";
import { DeadlinesAndNotices } from "~/components/DeadlinesAndNotices";
import { AdministrationLinks } from "~/components/AdministrationLinks";

export const meta: MetaFunction = () => [{ title: "Home · Collateral Preview" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "home:view");
  return loadHomePage(db(), user, now(), { sweepIntervalS: env().SWEEP_INTERVAL_S });
}

export default function Home() {
  const home = useLoaderData<typeof loader>();
  const { user, teams, reports, queues } = home;
  const seats = teams.filter((t) => t.isCommittee);
  return (
    <>
      <IdentityCard {...home} />
      {queues.escalations ? <EscalationQueue title="Escalations waiting for your decision" items={queues.escalations} /> : null}
      {queues.decisions && seats.length ? <DecisionQueue title="Previews waiting for your decision" queue={queues.decisions} /> : null}
      {queues.late ? <LateQueue items={queues.late} /> : null}
      {queues.overdue ? <OverdueEscalations overdue={queues.overdue} /> : null}
      <OverdueRequestQueue queue={queues.overdueRequests} />
      {queues.toSettle && queues.toSettle.total > 0 ? <SettleQueue queue={queues.toSettle} /> : null}
      {queues.toAnswer ? <AnswerQueue queue={queues.toAnswer} /> : null}
      {queues.withdrawn && queues.withdrawn.length ? <WithdrawnQueue items={queues.withdrawn} /> : null}
      {queues.rounds ? <RoundQueue title="Your materials in preview, closing soonest first" items={queues.rounds} /> : null}
      {queues.myMaterials ? <MaterialsByStatus groups={queues.myMaterials} /> : null}
      {queues.health ? <SystemHealth health={queues.health} /> : null}
      {seats.length ? <CommitteeSeat teams={seats} /> : null}
      {reports.length > 0 ? <ReportsList reports={reports} /> : null}
      <DeadlinesAndNotices />
      {can(user, "admin:access") ? <AdministrationLinks /> : null}
    </>
  );
}
