import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { PreviewPanel } from "~/components/PreviewPanel";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { requireId, requireUserWith } from "~/lib/permissions.server";
import { loadPreviewPanel } from "~/queries/workflow-views.server";
import { loadMaterialPage } from "~/queries/material-page.server";
import { mentionableOnMaterial } from "~/rules/mentions.server";
import { maxUploadBytes } from "~/lib/http/receive-upload.server";
import { materialPageAction, materialPageRules } from "~/lib/http/material-page-actions.server";
import { UsageCard, usePageReporter } from "~/components/UsageCard";
import { usageOnMaterialPage } from "~/queries/usage.server";
import { useMaterialView } from "~/hooks/useMaterialView";
import { MaterialViewer } from "~/components/MaterialViewer";
import { PostedErrors } from "~/components/PostedErrors";
import { MaterialSummary } from "~/components/MaterialSummary";
import { NewCommentForm } from "~/components/NewCommentForm";
import { CommentsCard } from "~/components/CommentsCard";
import { VersionsCard } from "~/components/VersionsCard";
import { FieldFeedbackSection } from "~/components/FieldFeedback";
import { feedbackOnMaterialPage } from "~/queries/feedback.server";
import { ArchiveMaterial, EditDraft } from "~/components/MaterialControls";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.material.title ?? "Material"} · Collateral Preview` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "material:list");
  const materialId = requireId(params.materialId, "material");
  const v = new URL(request.url).searchParams.get("v");
  const versionNumber = v && /^\d{1,6}$/.test(v) ? Number(v) : null;
  const page = await loadMaterialPage(db(), user, materialId, versionNumber);
  const preview = await loadPreviewPanel(db(), user, materialId, now());
  const people = page.can.comment || page.can.reply || page.can.answer ? await mentionableOnMaterial(db(), materialId) : [];
  const usage = await usageOnMaterialPage(db(), user, materialId, page.version.id, now(), { recording: env().USAGE_RECORDING === "on" });
  const feedback = await feedbackOnMaterialPage(db(), user, materialId);
  return { ...page, preview, people, usage, feedback, maxBytes: maxUploadBytes(), rules: materialPageRules() };
}

/** Every form on the page posts here, named by its `intent` (see material-page-actions). */
export const action = ({ request, params }: ActionFunctionArgs) => materialPageAction(request, params.materialId);

export default function MaterialPage() {
  const data = useLoaderData<typeof loader>();
  const { material, version, comments, preview } = data;
  const [params] = useSearchParams();
  const view = useMaterialView(version, comments, params);
  const onPagesSeen = usePageReporter(data.usage.reportsPages ? `/materials/${material.id}/usage` : null, version.id);
  // Set only when a form was posted without JavaScript; the page's own forms use fetchers.
  const posted = useActionData<typeof action>();
  const composing = Boolean(view.draft || view.wholeDocument);

  return (
    <div className="material-layout">
      <MaterialViewer view={view} version={version} comments={comments} canComment={data.can.comment} onPageSeen={onPagesSeen ?? undefined} />
      <aside className="side">
        <PostedErrors posted={posted} />
        <MaterialSummary material={material} />
        <PreviewPanel data={preview} rules={data.rules} />
        <UsageCard usage={data.usage} />
        <FieldFeedbackSection data={data.feedback} />
        {data.can.edit ? <EditDraft material={material} allTeams={data.allTeams} rules={data.rules.edit} /> : null}
        {data.can.archive ? <ArchiveMaterial /> : null}
        {data.can.comment && composing ? <NewCommentForm versionId={version.id} draft={view.draft} people={data.people} rules={data.rules.comment} onDone={view.commentDone} /> : null}
        <CommentsCard
          comments={comments}
          escalations={preview.escalations}
          can={data.can}
          viewerId={data.viewerId}
          people={data.people}
          rules={data.rules}
          selected={view.selected}
          offerWholeDocument={data.can.comment && !composing}
          onWholeDocument={view.commentOnWholeDocument}
          onSelect={view.selectComment}
        />
        <VersionsCard materialId={material.id} versions={data.versions} currentId={version.id} canUpload={data.can.upload} maxBytes={data.maxBytes} rules={data.rules.version} />
      </aside>
    </div>
  );
}
