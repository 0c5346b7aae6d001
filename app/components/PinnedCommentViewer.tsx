import { useCallback, useState } from "react";
import { ReadOnlyDocumentViewer, versionFile } from "~/components/DocumentViewer";
import { PageNav } from "~/components/PageNav";
import type { EscalationPageView } from "~/queries/workflow-views.server";

/** The version a disputed comment is on, opened at its page with its one pin. */
export function PinnedCommentViewer({ version, comment }: Pick<EscalationPageView, "version" | "comment">) {
  const [page, setPage] = useState(comment.page ?? 1);
  const onPageChange = useCallback((n: number) => setPage(n), []);
  const pin = comment.page ? [{ id: comment.id, number: 1, page: comment.page, x: comment.x, y: comment.y, w: comment.w, h: comment.h, state: comment.state ?? "held" }] : [];
  return (
    <section className="viewer" aria-label="Where the comment is pinned">
      {version ? (
        <>
          <div className="viewer-toolbar">
            <PageNav page={page} pages={version.pageCount} onChange={onPageChange} />
          </div>
          <ReadOnlyDocumentViewer
            {...versionFile(version)}
            page={page}
            zoom={1}
            onPageChange={onPageChange}
            pins={pin}
            selectedPinId={comment.id}
            thumbnails={false}
          />
        </>
      ) : null}
    </section>
  );
}
