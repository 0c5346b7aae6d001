/**
 * HTTP Range (RFC 9110 §14) for a single byte range: `bytes=a-b`, `bytes=a-` and the
 * suffix form `bytes=-n`. Several ranges at once are answered with the whole file, which
 * the RFC allows and which no PDF viewer needs.
 */
export type RangeAnswer =
  | { kind: "full" }
  | { kind: "partial"; start: number; end: number }
  | { kind: "unsatisfiable" };

export function parseRange(header: string | null, size: number): RangeAnswer {
  if (!header) return { kind: "full" };
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return { kind: "full" }; // several ranges, or a unit we do not serve
  const [, first, last] = match;
  if (first === "" && last === "") return { kind: "full" };
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || (last !== "" && Number(last) < start)) return { kind: "unsatisfiable" };
  return { kind: "partial", start, end };
}

/** A Content-Disposition that is safe whatever the stored name holds. */
export function contentDisposition(fileName: string, disposition: "inline" | "attachment") {
  // The plain-ASCII fallback for old clients, shortened without losing the extension.
  const safe = fileName.replace(/[^A-Za-z0-9._ -]/g, "_");
  const extension = safe.match(/\.[A-Za-z0-9]{1,8}$/)?.[0] ?? "";
  const ascii = (safe.length > 150 ? safe.slice(0, 150 - extension.length) + extension : safe) || "file";
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
