import { data, redirect, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { lazy, Suspense, useCallback, useEffect, useRef, useState, type RefObject } from "react";
import { ReadOnlyDocumentViewer } from "~/components/DocumentViewer";
import { Field } from "~/components/Field";
import { PageNav } from "~/components/PageNav";
import { useHydrated } from "~/hooks/useHydrated";
import { offsetLimits, pageSteps } from "~/lib/compare";
import { db } from "~/lib/db.server";
import { requireId, requireUserWith } from "~/lib/permissions.server";
import { loadComparison, type ComparedComment, type ComparedVersion } from "~/queries/compare-versions.server";
import styles from "~/styles/compare.css";

const CompareOverlay = lazy(() => import("~/components/CompareOverlay.client"));

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Compare · ${data?.material.title ?? "Material"} · Collateral Preview` }];

type View = "side" | "overlay";

/**
 * A version number from the address: absent (the default), or digits. Anything else is no
 * version of any material: 0, which the service answers with the 404 page once it has
 * checked the material itself may be seen.
 */
function versionParam(search: URLSearchParams, name: string): number | null {
  const raw = search.get(name);
  if (raw === null || raw === "") return null;
  return /^\d{1,6}$/.test(raw) ? Number(raw) : 0;
}

function compareUrl(materialId: number, a: number, b: number, view: View) {
  return `/materials/${materialId}/compare?a=${a}&b=${b}${view === "overlay" ? "&view=overlay" : ""}`;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "material:list");
  const materialId = requireId(params.materialId, "material");
  const search = new URL(request.url).searchParams;
  const choice = { a: versionParam(search, "a"), b: versionParam(search, "b") };
  const view: View = search.get("view") === "overlay" ? "overlay" : "side";
  const comparison = await loadComparison(db(), user, materialId, choice);
  const { a, b } = comparison;
  // Picked the other way round: the address says what the page shows, earlier version first.
  if (choice.a !== null && choice.b !== null && choice.a > choice.b) throw redirect(compareUrl(materialId, a.number, b.number, view));
  const same = comparison.versions.length > 1 && a.id === b.id;
  return data(
    { ...comparison, view, error: same ? `Pick two different versions: both choices are version ${a.number}.` : null },
    { status: same ? 400 : 200 },
  );
}

export default function Compare() {
  const { material, versions, a, b, comments, view, error } = useLoaderData<typeof loader>();
  return (
    <div className="compare-page">
      <p>
        <Link to={`/materials/${material.id}`}>← {material.title}</Link>
      </p>
      <h1>Compare versions of {material.title}</h1>
      {versions.length < 2 ? (
        <p className="notice">This material has only one version so far, so there is nothing to compare it with yet.</p>
      ) : (
        <>
          <VersionPicker versions={versions} a={a.number} b={b.number} view={view} error={error} />
          {error ? null : <Comparison key={`${a.id}-${b.id}`} materialId={material.id} a={a} b={b} comments={comments} view={view} />}
        </>
      )}
    </div>
  );
}

/** The two versions, picked with a plain GET form: it works before (and without) the page's script. */
function VersionPicker({ versions, a, b, view, error }: { versions: ComparedVersion[]; a: number; b: number; view: View; error: string | null }) {
  const option = (v: ComparedVersion) => (
    <option key={v.id} value={v.number}>
      Version {v.number} · {v.pageCount} page{v.pageCount === 1 ? "" : "s"} · {v.createdAt.slice(0, 10)}
    </option>
  );
  return (
    <Form method="get" className="compare-picker" aria-label="Versions to compare">
      {view === "overlay" ? <input type="hidden" name="view" value="overlay" /> : null}
      <Field name="a" label="Earlier version">
        {(p) => (
          // Keyed by the choice shown, so it is filled in again after each comparison is loaded.
          <select {...p} key={a} defaultValue={a}>
            {versions.map(option)}
          </select>
        )}
      </Field>
      <Field name="b" label="Later version" error={error ?? undefined}>
        {(p) => (
          <select {...p} key={b} defaultValue={b}>
            {versions.map(option)}
          </select>
        )}
      </Field>
      <button type="submit">Compare</button>
    </Form>
  );
}

const ZOOMS = { min: 0.5, max: 3, step: 0.25 };

function Comparison({ materialId, a, b, comments, view }: { materialId: number; a: ComparedVersion; b: ComparedVersion; comments: ComparedComment[]; view: View }) {
  const [step, setStep] = useState(1);
  const [zoom, setZoom] = useState(1);
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<number | null>(null);
  const { steps, at } = pageSteps(offset, a.pageCount, b.pageCount);
  const limits = offsetLimits(a.pageCount, b.pageCount);
  const current = Math.min(step, steps);
  const pages = at(current);

  // One page control drives both sides; a side's own page turn (its ←/→ keys) moves both.
  const goTo = useCallback((n: number) => setStep(Math.min(steps, Math.max(1, n))), [steps]);
  const onPageA = useCallback((n: number) => goTo(n - offset), [goTo, offset]);
  const onPinSelect = useCallback((id: number) => {
    setSelected(id);
    document.getElementById(`compare-comment-${id}`)?.scrollIntoView({ block: "nearest" });
  }, []);
  const shift = (by: number) => setOffset((o) => Math.min(limits.max, Math.max(limits.min, o + by)));
  const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : "0");

  // In the overlay no viewer listens for ←/→, so the page does (side by side, each viewer does).
  useEffect(() => {
    if (view !== "overlay") return;
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      if (event.key === "ArrowRight") goTo(current + 1);
      if (event.key === "ArrowLeft") goTo(current - 1);
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [view, goTo, current]);

  const sides = useRef<HTMLDivElement>(null);
  useSyncedScroll(sides, view === "side");

  const pins = (side: "a" | "b") =>
    comments.filter((c) => (side === "a" ? c.onA : c.onB)).map((c) => ({ id: c.id, number: c.number, page: c.page, x: c.x, y: c.y, w: c.w, h: c.h, state: c.state }));
  const pinsA = pins("a");
  const pinsB = pins("b");

  return (
    <>
      <div className="viewer-toolbar compare-toolbar">
        <nav className="view-switch" aria-label="Compare view">
          <Link to={compareUrl(materialId, a.number, b.number, "side")} aria-current={view === "side" ? "page" : undefined} preventScrollReset>
            Side by side
          </Link>
          <Link to={compareUrl(materialId, a.number, b.number, "overlay")} aria-current={view === "overlay" ? "page" : undefined} preventScrollReset>
            Overlay: highlight changes
          </Link>
        </nav>
        <span className="spacer" />
        <PageNav page={current} pages={steps} onChange={goTo} />
        <span className="spacer" />
        <button type="button" className="secondary" onClick={() => setZoom((z) => Math.max(ZOOMS.min, z - ZOOMS.step))} disabled={zoom <= ZOOMS.min} aria-label="Zoom out">
          −
        </button>
        <span data-testid="zoom">{Math.round(zoom * 100)}%</span>
        <button type="button" className="secondary" onClick={() => setZoom((z) => Math.min(ZOOMS.max, z + ZOOMS.step))} disabled={zoom >= ZOOMS.max} aria-label="Zoom in">
          +
        </button>
      </div>
      {limits.max > limits.min ? (
        <div className="viewer-toolbar page-offset" role="group" aria-labelledby="page-offset-label">
          <span id="page-offset-label">
            Version {a.number} page offset: <output data-testid="page-offset">{signed(offset)}</output>
          </span>
          <button type="button" className="secondary" onClick={() => shift(-1)} disabled={offset <= limits.min} aria-label={`Version ${a.number} page offset −1`}>
            −1
          </button>
          <button type="button" className="secondary" onClick={() => shift(1)} disabled={offset >= limits.max} aria-label={`Version ${a.number} page offset +1`}>
            +1
          </button>
          <span className="muted">
            {a.pageCount === b.pageCount
              ? `Both have ${a.pageCount} pages.`
              : `Version ${a.number} has ${a.pageCount} page${a.pageCount === 1 ? "" : "s"}, version ${b.number} has ${b.pageCount}: shift version ${a.number} to line its pages up.`}
          </span>
        </div>
      ) : null}

      {view === "overlay" ? (
        <section className="overlay-pane" aria-label={`Overlay of version ${a.number} page ${pages.a ?? "none"} and version ${b.number} page ${pages.b ?? "none"}`}>
          <h2>
            Changes from version {a.number} (page {pages.a ?? "–"}) to version {b.number} (page {pages.b ?? "–"})
          </h2>
          <Overlay a={a} b={b} pages={pages} zoom={zoom} />
        </section>
      ) : (
        <div className="compare-sides" ref={sides}>
          <Side version={a} page={pages.a} wanted={current + offset} offset={signed(offset)} zoom={zoom} pins={pinsA} selected={selected} onPageChange={onPageA} onPinSelect={onPinSelect} side="a" />
          <Side version={b} page={pages.b} wanted={current} offset="0" zoom={zoom} pins={pinsB} selected={selected} onPageChange={goTo} onPinSelect={onPinSelect} side="b" />
        </div>
      )}

      <section className="card compare-comments" aria-labelledby="compare-comments-heading">
        <h2 id="compare-comments-heading">Comments ({comments.length})</h2>
        {comments.length === 0 ? <p className="muted">No comments on either version.</p> : null}
        {comments.some((c) => c.onA && c.onB) ? (
          <p className="muted">Comments carried over from version {a.number} are drawn on both sides, with the same number.</p>
        ) : null}
        <ol className="threads">
          {comments.map((c) => (
            <li key={c.id} id={`compare-comment-${c.id}`} className={`thread${selected === c.id ? " selected" : ""}`} data-testid={`compare-comment-${c.number}`}>
              <button
                type="button"
                className="link-button thread-head"
                aria-pressed={selected === c.id}
                onClick={() => {
                  setSelected(c.id);
                  if (c.page) goTo(c.onB ? c.page : c.page - offset);
                }}
              >
                <span className={`pin-badge pin-${c.state}`}>{c.number}</span> {c.category} · {c.page ? `page ${c.page}` : "whole document"} · {c.author}
              </button>{" "}
              <span className="badge">
                {c.onA && c.onB ? `On versions ${a.number} and ${b.number}` : `On version ${c.onA ? a.number : b.number} only`}
                {c.writtenOn !== a.number && c.writtenOn !== b.number ? ` · written on version ${c.writtenOn}` : ""}
              </span>
              <p className="prewrap">{c.body}</p>
              <p className="state">{c.stateLabel}</p>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

function Side(props: {
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
            fileUrl={`/files/${v.id}`}
            contentType={v.contentType}
            pageCount={v.pageCount}
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

function Overlay({ a, b, pages, zoom }: { a: ComparedVersion; b: ComparedVersion; pages: { a: number | null; b: number | null }; zoom: number }) {
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

/**
 * Scrolling one side scrolls the other to the same place (as a share of how far each can
 * scroll, so pages of different heights stay level). The other side's own scroll event,
 * caused here, is not echoed back.
 */
function useSyncedScroll(container: RefObject<HTMLDivElement>, enabled: boolean) {
  useEffect(() => {
    const root = container.current;
    if (!root || !enabled) return;
    const echo = new Map<Element, { top: number; left: number }>();
    const share = (position: number, range: number) => (range > 0 ? position / range : 0);
    function onScroll(event: Event) {
      const source = event.target;
      if (!(source instanceof HTMLElement) || !source.classList.contains("compare-scroll")) return;
      const expected = echo.get(source);
      if (expected && Math.abs(expected.top - source.scrollTop) <= 1 && Math.abs(expected.left - source.scrollLeft) <= 1) return;
      const side = source.closest<HTMLElement>("[data-compare-side]")?.dataset.compareSide;
      const other = root!.querySelector<HTMLElement>(`[data-compare-side]:not([data-compare-side="${side}"]) .compare-scroll`);
      if (!other) return;
      const top = Math.round(share(source.scrollTop, source.scrollHeight - source.clientHeight) * (other.scrollHeight - other.clientHeight));
      const left = Math.round(share(source.scrollLeft, source.scrollWidth - source.clientWidth) * (other.scrollWidth - other.clientWidth));
      if (Math.abs(other.scrollTop - top) <= 1 && Math.abs(other.scrollLeft - left) <= 1) return;
      echo.set(other, { top, left });
      other.scrollTop = top;
      other.scrollLeft = left;
      // Its scroll event comes before the next frame; after that, a scroll there is the reader's.
      requestAnimationFrame(() => requestAnimationFrame(() => echo.delete(other)));
    }
    root.addEventListener("scroll", onScroll, { capture: true, passive: true });
    return () => root.removeEventListener("scroll", onScroll, { capture: true });
  }, [container, enabled]);
}
