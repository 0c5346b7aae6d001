import { describe, expect, it } from "vitest";
import { formatBytes, formatMegabytes } from "~/lib/format";

const KB = 1024;
const MB = 1024 * 1024;

describe("file sizes as people read them", () => {
  it.each([
    [0, "0 bytes"],
    [1, "1 byte"],
    [512, "512 bytes"],
    [1023, "1023 bytes"],
    [KB, "1 KB"],
    [1536, "1.5 KB"],
    [9.96 * KB, "10 KB"],
    [48 * KB, "48 KB"],
    [48 * KB + 300, "48 KB"],
    [64 * KB, "64 KB"],
    [999 * KB, "999 KB"],
    // Rounds to 1024 KB: written as the next unit.
    [MB - 1, "1 MB"],
    [MB, "1 MB"],
    [1.5 * MB, "1.5 MB"],
    [2.4 * MB, "2.4 MB"],
    [2 * MB, "2 MB"],
    [2 * MB - 10, "2 MB"],
    [48.3 * MB, "48 MB"],
    [200 * MB, "200 MB"],
    [300 * MB + 1, "300 MB"],
  ])("%d bytes read %s", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it("formatMegabytes no longer calls a small file 0.0 MB", () => {
    expect(formatMegabytes(20 * KB)).toBe("20 KB");
    expect(formatMegabytes(700)).toBe("700 bytes");
    expect(formatMegabytes(3.25 * MB)).toBe("3.3 MB");
  });
});
