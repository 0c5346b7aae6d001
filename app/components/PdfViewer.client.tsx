import { useEffect, useRef, useState } from "react";
import { Document, Page, Thumbnail, pdfjs } from "react-pdf";
import { PageSurface } from "./PageSurface";
import type { ViewerProps } from "./viewer-types";

pdfjs.GlobalWorkerOptions.workerSrc = "/pdf.worker.min.mjs";

/**
 * When the viewer unmounts while pdf.js still has Range requests in flight (the user opens
 * another page or version mid-load), pdf.js aborts them and terminates its worker on purpose
 * but leaves a promise rejected without a handler. That is the intended outcome, so it is
 * not reported as an error; every other rejection still is.
 */
const PDFJS_CANCELLED = new Set(["Worker was terminated", "Loading aborted", "Transport destroyed"]);
window.addEventListener("unhandledrejection", (event) => {
  const reason: unknown = event.reason;
  if (reason instanceof DOMException && reason.name === "AbortError") event.preventDefault();
  // pdf.js's own words for a document destroyed while it loads (the viewer remounts per file).
  else if (reason instanceof Error && (reason.name === "AbortException" || PDFJS_CANCELLED.has(reason.message))) event.preventDefault();
});

/**
 * pdf.js options: no eval (the CSP forbids it anyway), and no automatic download of the
 * whole file — pages are fetched with HTTP Range requests as they are shown.
 */
export const PDF_OPTIONS = {
  isEvalSupported: false,
  disableAutoFetch: true,
  disableStream: true,
  rangeChunkSize: 64 * 1024,
};

const THUMBNAIL_WINDOW = 6;

/** The PDF viewer. Client-only (the `.client` suffix) and loaded lazily by DocumentViewer. */
export default function PdfViewer(props: ViewerProps) {
  const { fileUrl, page, pageCount, zoom, onPageChange, thumbnails = true } = props;
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(640);
  const [error, setError] = useState<string | null>(null);
  // Which page, at which width, pdf.js has finished drawing; the surface is busy until then.
  const [drawn, setDrawn] = useState<string | null>(null);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.max(200, Math.floor(entry.contentRect.width))));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const first = Math.max(1, page - THUMBNAIL_WINDOW);
  const last = Math.min(pageCount, page + THUMBNAIL_WINDOW);
  const pageWidth = Math.round(width * zoom);
  const drawing = `${page}@${pageWidth}`;
  const visibleThumbs = Array.from({ length: last - first + 1 }, (_, i) => first + i);

  if (error) return <p className="form-error" role="alert">{error}</p>;
  return (
    <Document
      file={fileUrl}
      options={PDF_OPTIONS}
      loading={<p className="muted">Loading the preview…</p>}
      onLoadError={() => setError("The preview could not be loaded. Reload the page to try again.")}
      className="pdf-document"
    >
      <div className="viewer-body">
        {thumbnails ? (
          <nav className="thumbnails" aria-label="Pages">
            {first > 1 ? <span className="muted">…</span> : null}
            {visibleThumbs.map((n) => (
              <button
                key={n}
                type="button"
                className={n === page ? "thumb current" : "thumb"}
                onClick={() => onPageChange(n)}
                aria-label={`Page ${n}`}
                aria-current={n === page ? "page" : undefined}
              >
                <Thumbnail pageNumber={n} width={84} />
                <span>{n}</span>
              </button>
            ))}
            {last < pageCount ? <span className="muted">…</span> : null}
          </nav>
        ) : null}
        <div className="page-area" ref={box}>
          {/* A new surface per page: pins are never placed on the previous page's canvas. */}
          <PageSurface key={page} {...props} page={page} busy={drawn !== drawing}>
            <Page
              pageNumber={page}
              width={pageWidth}
              onRenderSuccess={() => setDrawn(drawing)}
              renderTextLayer={false}
              renderAnnotationLayer={false}
              loading={<div className="page-loading" style={{ height: Math.round(pageWidth * 1.3) }} />}
            />
          </PageSurface>
        </div>
      </div>
    </Document>
  );
}
