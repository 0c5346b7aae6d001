import type { Fit } from "~/components/viewer-types";

/** Zoom choices: a fit, or a multiple of the width fit. Kept in the URL as `zoom`. */
export const ZOOM_STEPS = [0.5, 0.75, 1.25, 1.5, 2, 3];

export type ZoomState = { fit: Fit; zoom: number };

const FIT_WIDTH: ZoomState = { fit: "width", zoom: 1 };

export function readZoom(raw: string | null): ZoomState {
  if (raw === "fit-page") return { fit: "page", zoom: 1 };
  const percent = Number(raw);
  if (raw && ZOOM_STEPS.includes(percent / 100)) return { fit: "width", zoom: percent / 100 };
  return FIT_WIDTH;
}

export function zoomParam(z: ZoomState) {
  if (z.fit === "page") return "fit-page";
  return z.zoom === 1 ? "fit-width" : String(Math.round(z.zoom * 100));
}

/** Zoom out, a choice of fit or size, zoom in: the steps are ZOOM_STEPS around the width fit. */
export function ZoomControls({ zoom, onChange }: { zoom: ZoomState; onChange(update: (z: ZoomState) => ZoomState): void }) {
  const zoomBy = (direction: 1 | -1) =>
    onChange((z) => {
      const current = z.fit === "page" ? 1 : z.zoom;
      const steps = [...ZOOM_STEPS, 1].sort((a, b) => a - b);
      const next = direction > 0 ? steps.find((s) => s > current) : [...steps].reverse().find((s) => s < current);
      return next === undefined ? z : { fit: "width", zoom: next };
    });
  return (
    <span className="zoom-controls">
      <button type="button" className="secondary" onClick={() => zoomBy(-1)} aria-label="Zoom out" disabled={zoom.fit === "width" && zoom.zoom <= ZOOM_STEPS[0]}>
        −
      </button>
      <label className="visually-hidden" htmlFor="zoom-choice">
        Zoom
      </label>
      <select id="zoom-choice" value={zoomParam(zoom)} onChange={(event) => onChange(() => readZoom(event.target.value))} data-testid="zoom">
        <option value="fit-width">Fit width</option>
        <option value="fit-page">Fit page</option>
        {ZOOM_STEPS.map((step) => (
          <option key={step} value={String(step * 100)}>
            {step * 100}%
          </option>
        ))}
      </select>
      <button type="button" className="secondary" onClick={() => zoomBy(1)} aria-label="Zoom in" disabled={zoom.fit === "width" && zoom.zoom >= ZOOM_STEPS[ZOOM_STEPS.length - 1]}>
        +
      </button>
    </span>
  );
}
