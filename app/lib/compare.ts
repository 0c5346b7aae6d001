/**
 * Pure helpers of the compare page: which pages face each other when one version is
 * shifted by some pages, and how the changed pixels of two drawn pages become the few
 * rectangles a reviewer steps through. No DOM, no canvas: plain arrays in, plain numbers out.
 */

/** A rectangle on a drawn page, in pixels of that drawing. */
export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The pixels pixelmatch marked as changed, from its `diffMask` output (transparent where
 * nothing changed). Pixels it drew in `aaColor` are anti-aliasing it recognised, not changes.
 */
export function changedPixels(diff: ArrayLike<number>, width: number, height: number, aaColor: [number, number, number] = [255, 255, 0]): Uint8Array {
  const mask = new Uint8Array(width * height);
  for (let i = 0; i < mask.length; i++) {
    const o = i * 4;
    if (diff[o + 3] === 0) continue;
    if (diff[o] === aaColor[0] && diff[o + 1] === aaColor[1] && diff[o + 2] === aaColor[2]) continue;
    mask[i] = 1;
  }
  return mask;
}

/**
 * Groups changed pixels into rectangles: the page is cut into `cell`-pixel squares, a square
 * with at least `minPixels` changed pixels counts, squares that touch (sides or corners) form
 * one change, and each change is the tight box around its changed pixels. Boxes that still
 * overlap are merged, so no outline sits inside another. In reading order: top to bottom,
 * then left to right.
 */
export function groupChanges(mask: ArrayLike<number>, width: number, height: number, options: { cell?: number; minPixels?: number } = {}): Region[] {
  const cell = Math.max(1, Math.floor(options.cell ?? 16));
  const minPixels = Math.max(1, options.minPixels ?? 1);
  if (mask.length < width * height) throw new Error(`The mask holds ${mask.length} pixels; a ${width}×${height} page needs ${width * height}.`);
  const cols = Math.ceil(width / cell);
  const rows = Math.ceil(height / cell);
  const count = new Uint32Array(cols * rows);
  // The tight box of the changed pixels in each square.
  const minX = new Int32Array(cols * rows).fill(width);
  const minY = new Int32Array(cols * rows).fill(height);
  const maxX = new Int32Array(cols * rows).fill(-1);
  const maxY = new Int32Array(cols * rows).fill(-1);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / cell) * cols;
    for (let x = 0; x < width; x++) {
      if (!mask[y * width + x]) continue;
      const c = row + Math.floor(x / cell);
      count[c]++;
      if (x < minX[c]) minX[c] = x;
      if (x > maxX[c]) maxX[c] = x;
      if (y < minY[c]) minY[c] = y;
      if (y > maxY[c]) maxY[c] = y;
    }
  }

  const seen = new Uint8Array(cols * rows);
  const boxes: { x0: number; y0: number; x1: number; y1: number }[] = [];
  for (let start = 0; start < count.length; start++) {
    if (seen[start] || count[start] < minPixels) continue;
    const box = { x0: width, y0: height, x1: -1, y1: -1 };
    const stack = [start];
    seen[start] = 1;
    while (stack.length) {
      const c = stack.pop()!;
      box.x0 = Math.min(box.x0, minX[c]);
      box.y0 = Math.min(box.y0, minY[c]);
      box.x1 = Math.max(box.x1, maxX[c]);
      box.y1 = Math.max(box.y1, maxY[c]);
      const cx = c % cols;
      const cy = (c - cx) / cols;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = cx + dx;
          const ny = cy + dy;
          if (nx < 0 || ny < 0 || nx >= cols || ny >= rows) continue;
          const n = ny * cols + nx;
          if (seen[n] || count[n] < minPixels) continue;
          seen[n] = 1;
          stack.push(n);
        }
      }
    }
    boxes.push(box);
  }

  // Two changes whose boxes overlap are shown as one.
  for (let merged = true; merged; ) {
    merged = false;
    outer: for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const p = boxes[i];
        const q = boxes[j];
        if (p.x0 <= q.x1 && q.x0 <= p.x1 && p.y0 <= q.y1 && q.y0 <= p.y1) {
          boxes[i] = { x0: Math.min(p.x0, q.x0), y0: Math.min(p.y0, q.y0), x1: Math.max(p.x1, q.x1), y1: Math.max(p.y1, q.y1) };
          boxes.splice(j, 1);
          merged = true;
          break outer;
        }
      }
    }
  }

  return boxes
    .map((b) => ({ x: b.x0, y: b.y0, width: b.x1 - b.x0 + 1, height: b.y1 - b.y0 + 1 }))
    .sort((p, q) => p.y - q.y || p.x - q.x);
}

/** A region as fractions of the page, so it can be drawn over the page at any zoom. */
export function asFractions(region: Region, width: number, height: number): Region {
  return { x: region.x / width, y: region.y / height, width: region.width / width, height: region.height / height };
}

/**
 * The page steps of a comparison where version A is shifted by `offset` pages: at step n,
 * version B shows page n and version A page n + offset (null where that version has no
 * such page). There are as many steps as it takes to show every page of B and, shifted,
 * of A.
 */
export function pageSteps(offset: number, aPages: number, bPages: number) {
  const steps = Math.max(1, bPages, aPages - offset);
  const at = (step: number) => ({
    a: step + offset >= 1 && step + offset <= aPages ? step + offset : null,
    b: step >= 1 && step <= bPages ? step : null,
  });
  return { steps, at };
}

/** How far version A may be shifted: page 1 of either version can still face a page of the other. */
export function offsetLimits(aPages: number, bPages: number) {
  return { min: 1 - Math.max(1, bPages), max: Math.max(1, aPages) - 1 };
}

/** The compare page's two views: side by side, or one drawn over the other with the changes marked. */
export type CompareView = "side" | "overlay";

/** The compare page's address for two versions (earlier first) and a view. */
export function compareUrl(materialId: number, a: number, b: number, view: CompareView) {
  return `/materials/${materialId}/compare?a=${a}&b=${b}${view === "overlay" ? "&view=overlay" : ""}`;
}
