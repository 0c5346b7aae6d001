import pixelmatch from "pixelmatch";
import { describe, expect, it } from "vitest";
import { asFractions, changedPixels, groupChanges, offsetLimits, pageSteps } from "~/lib/compare";

/** A width×height mask with the given filled rectangles ([x, y, w, h]) set. */
function mask(width: number, height: number, rects: [number, number, number, number][]) {
  const m = new Uint8Array(width * height);
  for (const [x0, y0, w, h] of rects) for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) m[y * width + x] = 1;
  return m;
}

/** A white RGBA page with black rectangles. */
function page(width: number, height: number, rects: [number, number, number, number][]) {
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  const m = mask(width, height, rects);
  for (let i = 0; i < m.length; i++) if (m[i]) data.fill(0, i * 4, i * 4 + 3);
  return data;
}

describe("grouping changed pixels into regions", () => {
  it("finds nothing on an unchanged page", () => {
    expect(groupChanges(new Uint8Array(100 * 80), 100, 80, { cell: 10 })).toEqual([]);
  });

  it("gives the tight box of one change, not the grid squares around it", () => {
    expect(groupChanges(mask(100, 80, [[13, 22, 5, 3]]), 100, 80, { cell: 10 })).toEqual([{ x: 13, y: 22, width: 5, height: 3 }]);
  });

  it("joins changes in touching squares (side or corner) and keeps distant ones apart, in reading order", () => {
    const m = mask(200, 100, [
      [150, 5, 4, 4], // top right, alone
      [10, 40, 4, 4], // left, square (1,4) ...
      [22, 52, 4, 4], // ... and its diagonal neighbour (2,5): one change
      [60, 45, 4, 4], // square (6,4): two empty squares away, a change of its own
    ]);
    expect(groupChanges(m, 200, 100, { cell: 10 })).toEqual([
      { x: 150, y: 5, width: 4, height: 4 },
      { x: 10, y: 40, width: 16, height: 16 },
      { x: 60, y: 45, width: 4, height: 4 },
    ]);
  });

  it("ignores squares with fewer changed pixels than asked for", () => {
    const m = mask(100, 100, [
      [5, 5, 1, 1],
      [50, 50, 3, 3],
    ]);
    expect(groupChanges(m, 100, 100, { cell: 10, minPixels: 2 })).toEqual([{ x: 50, y: 50, width: 3, height: 3 }]);
    expect(groupChanges(m, 100, 100, { cell: 10, minPixels: 1 })).toHaveLength(2);
  });

  it("merges boxes that overlap, so no outline sits inside another", () => {
    // An L-shaped change and a dot in the crook of the L: apart on the grid, inside its box.
    const m = mask(120, 120, [
      [0, 0, 100, 5],
      [95, 0, 5, 100],
      [10, 80, 3, 3],
    ]);
    expect(groupChanges(m, 120, 120, { cell: 10 })).toEqual([{ x: 0, y: 0, width: 100, height: 100 }]);
  });

  it("handles a page whose size is not a multiple of the square", () => {
    expect(groupChanges(mask(23, 17, [[20, 14, 3, 3]]), 23, 17, { cell: 10 })).toEqual([{ x: 20, y: 14, width: 3, height: 3 }]);
  });

  it("refuses a mask of the wrong size", () => {
    expect(() => groupChanges(new Uint8Array(10), 5, 5)).toThrow(/needs 25/);
  });

  it("reads pixelmatch's mask: changed pixels count, anti-aliasing and unchanged ones do not", () => {
    const diff = new Uint8ClampedArray(3 * 4);
    diff.set([255, 0, 0, 255], 0); // changed
    diff.set([255, 255, 0, 255], 4); // anti-aliased
    // the third stays transparent: unchanged
    expect([...changedPixels(diff, 3, 1)]).toEqual([1, 0, 0]);
  });

  it("outlines what changed between two drawn pages, end to end through pixelmatch", () => {
    const width = 240;
    const height = 160;
    const before = page(width, height, [
      [20, 20, 60, 12], // a heading, the same on both
      [20, 100, 30, 10], // "$49"
    ]);
    const after = page(width, height, [
      [20, 20, 60, 12],
      [20, 100, 34, 10], // "$59", a little wider
      [180, 140, 20, 8], // a new footnote
    ]);
    const diff = new Uint8ClampedArray(width * height * 4);
    const count = pixelmatch(before, after, diff, width, height, { diffMask: true });
    expect(count).toBeGreaterThan(0);
    const regions = groupChanges(changedPixels(diff, width, height), width, height, { cell: 12 });
    expect(regions).toEqual([
      { x: 50, y: 100, width: 4, height: 10 },
      { x: 180, y: 140, width: 20, height: 8 },
    ]);
    expect(asFractions(regions[1], width, height)).toEqual({ x: 0.75, y: 0.875, width: 20 / 240, height: 0.05 });
  });
});

describe("page steps when one version is shifted", () => {
  it("faces page n with page n when nothing is shifted", () => {
    const { steps, at } = pageSteps(0, 4, 5);
    expect(steps).toBe(5);
    expect(at(2)).toEqual({ a: 2, b: 2 });
    expect(at(5)).toEqual({ a: null, b: 5 });
  });

  it("a cover page added to version B: shifting A by −1 faces A's page 1 with B's page 2", () => {
    const { steps, at } = pageSteps(-1, 2, 3);
    expect(steps).toBe(3);
    expect(at(1)).toEqual({ a: null, b: 1 });
    expect(at(2)).toEqual({ a: 1, b: 2 });
    expect(at(3)).toEqual({ a: 2, b: 3 });
  });

  it("a page removed from B: shifting A by +1 skips A's page 1", () => {
    const { steps, at } = pageSteps(1, 3, 2);
    expect(steps).toBe(2);
    expect(at(1)).toEqual({ a: 2, b: 1 });
    expect(at(2)).toEqual({ a: 3, b: 2 });
  });

  it("keeps counting while the shifted version still has pages", () => {
    const { steps, at } = pageSteps(-2, 3, 2);
    expect(steps).toBe(5);
    expect(at(5)).toEqual({ a: 3, b: null });
  });

  it("limits the shift so each version's first page can still face a page of the other", () => {
    expect(offsetLimits(2, 3)).toEqual({ min: -2, max: 1 });
    expect(offsetLimits(1, 1)).toEqual({ min: 0, max: 0 });
  });
});
