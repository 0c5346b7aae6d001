import { useEffect } from "react";
import { useHydrated } from "~/hooks/useHydrated";
import { PageSurface } from "./PageSurface";
import type { ReadOnlyViewerProps, ViewerProps } from "./viewer-types";
// Part of the page's own bundle rather than a lazy chunk: the browser fetches react-pdf and
// pdf.js with the page's other scripts (they are on the path to the first page painted),
// and pdf.js starts its worker while React hydrates. The `.client` suffix keeps it out of
// the server build, where this import is empty and the viewer is never rendered.
import PdfViewer, { startLoadingPdf } from "./PdfViewer.client";

/**
 * Shows a version: images fitted like pages, PDFs through the pdf.js viewer (rendered only
 * in the browser, after hydration). Left and right arrow keys turn pages, unless something
 * on the page (the pin crosshair) has used the key.
 */
export function DocumentViewer(props: ViewerProps) {
  const hydrated = useHydrated();
  const { page, pageCount, onPageChange } = props;

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      if (event.defaultPrevented || (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      if (event.key === "ArrowRight" && page < pageCount) onPageChange(page + 1);
      if (event.key === "ArrowLeft" && page > 1) onPageChange(page - 1);
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [page, pageCount, onPageChange]);

  if (props.contentType !== "application/pdf") {
    const fitPage = props.fit === "page";
    return (
      <div className="page-area image-area" tabIndex={0} role="region" aria-label="Page 1 of 1" data-testid="page-area">
        <div style={{ width: fitPage ? undefined : `${props.zoom * 100}%` }} className={fitPage ? "image-fit-page" : undefined}>
          <PageSurface {...props} page={1} active>
            <img
              src={props.fileUrl}
              alt=""
              className="image-page"
              draggable={false}
              style={fitPage ? { height: `calc((100vh - 9rem) * ${props.zoom})`, width: "auto" } : undefined}
            />
          </PageSurface>
        </div>
      </div>
    );
  }
  // While the page hydrates, the file starts loading (in the browser only: on the server the
  // viewer's module is empty), so its first bytes are on their way when the viewer mounts.
  if (typeof document !== "undefined") startLoadingPdf(props.fileUrl);
  const loading = <p className="muted">Loading the preview…</p>;
  if (!hydrated) return loading;
  return (
    // A new file is a new document: remount, so no page of the old one is drawn with the new page count.
    <PdfViewer key={props.fileUrl} {...props} />
  );
}

/** What the viewer needs to open a stored version: its file, served (with Range requests) by the files route. */
export function versionFile(version: { id: number; contentType: string; pageCount: number }) {
  return { fileUrl: `/files/${version.id}`, contentType: version.contentType, pageCount: version.pageCount };
}

/** The same viewer with pins shown and none placed: for pages that only read comments. */
export function ReadOnlyDocumentViewer(props: ReadOnlyViewerProps) {
  return <DocumentViewer {...props} />;
}
