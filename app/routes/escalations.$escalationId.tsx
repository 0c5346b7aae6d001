import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { ActionResult } from "~/components/action-result";
import { DecideEscalation } from "~/components/DecideEscalation";
import { EscalationBrief } from "~/components/EscalationBrief";
import { EscalationDiscussion } from "~/components/EscalationDiscussion";
import { EscalationOutcomeOnly } from "~/components/EscalationOutcomeOnly";
import { EscalationStatus } from "~/components/EscalationStatus";
import { FormError } from "~/components/Field";
import { PinnedCommentViewer } from "~/components/PinnedCommentViewer";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { escalationPageAction, escalationPageRules } from "~/lib/http/escalation-page-actions.server";
import { requireId, requireUserWith } from "~/lib/permissions.server";
import { loadEscalation } from "~/queries/workflow-views.server";
import { mentionableOnEscalation } from "~/rules/mentions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Escalation · ${data?.material.title ?? ""} · Collateral Preview` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "material:list");
  const escalationId = requireId(params.escalationId, "escalation");
  const page = await loadEscalation(db(), user, escalationId, now());
  const people = page.canDiscuss ? await mentionableOnEscalation(db(), { id: escalationId, commentId: page.comment.id }) : [];
  return { ...page, people, rules: escalationPageRules() };
}

/** Every form on the page posts here, named by its `intent` (see escalation-page-actions). */
export const action = ({ request, params }: ActionFunctionArgs) => escalationPageAction(request, params.escalationId);

export default function EscalationPage() {
  const data = useLoaderData<typeof loader>();
  const { escalation, comment, version, material } = data;
  const posted = useActionData<ActionResult>();
  const materialLink = `/materials/${material.id}?v=${version?.number ?? ""}${comment.page ? `&page=${comment.page}` : ""}`;

  return (
    <div className="material-layout">
      <PinnedCommentViewer version={version} comment={comment} />
      <aside className="side">
        <section className="card" data-testid="escalation-brief">
          <h1>Escalation: {material.title}</h1>
          <EscalationStatus escalation={escalation} />
          {data.insider ? <EscalationBrief data={data} materialLink={materialLink} /> : <EscalationOutcomeOnly data={data} />}
        </section>
        {data.act ? <DecideEscalation act={data.act} rules={data.rules.decide} /> : <FormError error={posted?.errors?.form} />}
        {data.insider ? <EscalationDiscussion messages={data.messages} open={data.canDiscuss} people={data.people} rules={data.rules.message} /> : null}
      </aside>
    </div>
  );
}
