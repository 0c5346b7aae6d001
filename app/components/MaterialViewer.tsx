import { DocumentViewer, versionFile } from "~/components/DocumentViewer";
import { PageNav } from "~/components/PageNav";
import { ZoomControls } from "~/components/zoom";
import type { MaterialView } from "~/hooks/useMaterialView";
import type { CommentView } from "~/queries/material-page.server";

/** The material page's viewer: page and zoom controls, pin mode, and the pinned comments. */
export function MaterialViewer({
  view,
  version,
  comments,
  canComment,
  onPageSeen,
}: {
  view: MaterialView;
  version: { id: number; pageCount: number; contentType: string };
  comments: CommentView[];
  canComment: boolean;
  onPageSeen?(page: number): void;
}) {
  const { page, placing } = view;
  return (
    <section className="viewer" aria-label="Preview">
      <div className="viewer-toolbar">
        <PageNav page={page} pages={version.pageCount} onChange={view.onPageChange} />
        <span className="spacer" />
        <ZoomControls zoom={view.zoom} onChange={view.setZoom} />
        {canComment ? (
          <button ref={view.pinButton} type="button" className={placing ? "" : "secondary"} onClick={view.togglePlacing} aria-pressed={placing}>
            {placing ? "Cancel pinning" : "Pin a comment"}
          </button>
        ) : null}
      </div>
      {placing ? (
        <p className="hint placing-hint" data-testid="placing-hint">
          Click or tap to pin a point, or drag to mark an area. Keyboard: arrows move, Enter pins, Space starts an area, Esc cancels.
        </p>
      ) : null}
      <p className="visually-hidden" aria-live="polite" data-testid="announcer">
        {view.announcement}
      </p>
      <DocumentViewer
        {...versionFile(version)}
        page={page}
        zoom={view.zoom.zoom}
        fit={view.zoom.fit}
        layout="continuous"
        onPageChange={view.onPageChange}
        pins={comments}
        selectedPinId={view.selected}
        placing={placing}
        draft={view.draft}
        onPinSelect={view.onPinSelect}
        onPlace={view.onPlace}
        onCancelPlacing={view.cancelPlacing}
        onPageSeen={onPageSeen}
      />
    </section>
  );
}
