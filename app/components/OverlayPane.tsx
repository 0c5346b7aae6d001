import { lazy, Suspense } from "react";
import { useHydrated } from "~/hooks/useHydrated";
import type { ComparedVersion } from "~/queries/compare-versions.server";

const CompareOverlay = lazy(() => import("~/components/CompareOverlay.client"));

/** The overlay view: drawn by the page's script once it runs, with a word for when it does not. */
export function OverlayPane({ a, b, pages, zoom }: { a: ComparedVersion; b: ComparedVersion; pages: { a: number | null; b: number | null }; zoom: number }) {
  const hydrated = useHydrated();
  const loading = <p className="muted">Loading the overlay…</p>;
  return (
    <>
      <noscript>
        <p className="notice">The overlay is drawn by the page's script, which is not running. The side-by-side view shows both versions without it.</p>
      </noscript>
      {hydrated ? (
        <Suspense fallback={loading}>
          <CompareOverlay
            earlier={{ number: a.number, fileUrl: `/files/${a.id}`, contentType: a.contentType, page: pages.a }}
            later={{ number: b.number, fileUrl: `/files/${b.id}`, contentType: b.contentType, page: pages.b }}
            zoom={zoom}
          />
        </Suspense>
      ) : (
        loading
      )}
    </>
  );
}
