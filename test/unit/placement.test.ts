import { describe, expect, it } from "vitest";
import { placementBetween } from "~/components/PageSurface";

describe("where a drag or two keyboard corners place a comment", () => {
  it("is a point when the corners (nearly) coincide: a click or a tap", () => {
    expect(placementBetween(2, { x: 0.3, y: 0.4 }, { x: 0.305, y: 0.402 })).toEqual({ page: 2, x: 0.3, y: 0.4 });
  });
  it("is the rectangle between the corners, whichever way it was dragged", () => {
    expect(placementBetween(1, { x: 0.5, y: 0.6 }, { x: 0.2, y: 0.4 })).toEqual({ page: 1, x: 0.2, y: 0.4, w: 0.3, h: 0.2 });
  });
  it("gives a thin drag the smallest size an area may have", () => {
    const thin = placementBetween(1, { x: 0.1, y: 0.1 }, { x: 0.6, y: 0.1 });
    expect(thin).toEqual({ page: 1, x: 0.1, y: 0.1, w: 0.5, h: 0.01 });
  });
});
