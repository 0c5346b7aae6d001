import { ReadOnlyDocumentViewer, versionFile } from "~/components/DocumentViewer";
import type { ComparedVersion } from "~/queries/compare-versions.server";

/** One side of the side-by-side view: a version's facing page with its pins, or why it has none. */
export function CompareSide(props: {
  version: ComparedVersion;
  page: number | null;
  wanted: number;
  offset: string;
  zoom: number;
  pins: { id: number; number: number; page: number | null; x: number | null; y: number | null; w?: number | null; h?: number | null; state: string }[];
  selected: number | null;
  onPageChange(page: number): void;
  onPinSelect(id: number): void;
  side: "a" | "b";
}) {
  const { version: v, page } = props;
  return (
    <section aria-label={`Version ${v.number}`} className="compare-side" data-compare-side={props.side}>
      <h2>Version {v.number}</h2>
      <p className="muted">{page ? `Page ${page} of ${v.pageCount}` : `${v.pageCount} page${v.pageCount === 1 ? "" : "s"}`}</p>
      <div className="compare-scroll" role="group" tabIndex={0} aria-label={`Version ${v.number}, ${page ? `page ${page}` : "no page here"}`}>
        {page ? (
          <ReadOnlyDocumentViewer
            {...versionFile(v)}
            page={page}
            zoom={props.zoom}
            onPageChange={props.onPageChange}
            pins={props.pins}
            selectedPinId={props.selected}
            // Comments are written on the material page; here pins are only read.
            onPinSelect={props.onPinSelect}
            thumbnails={false}
          />
        ) : (
          <p className="muted compare-none">
            {props.wanted >= 1
              ? `Version ${v.number} has no page ${props.wanted}.`
              : `No page of version ${v.number} faces this one (page offset ${props.offset}).`}
          </p>
        )}
      </div>
    </section>
  );
}
