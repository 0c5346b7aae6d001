const KB = 1024;
const MB = 1024 * 1024;

/** One decimal below ten units ("2.4 MB", "9.8 KB"), whole numbers from ten on ("48 KB", "200 MB"); never "2.0". */
function amount(value: number): string {
  const rounded = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  return String(rounded);
}

/**
 * A file size as people read it: "512 bytes" under 1 KB, "48 KB" under 1 MB, "2.4 MB"
 * above. A size that rounds up to the next unit is written in it ("1 MB", not "1024 KB").
 */
export function formatBytes(bytes: number): string {
  if (bytes < KB) return `${bytes} byte${bytes === 1 ? "" : "s"}`;
  const kb = amount(bytes / KB);
  if (Number(kb) < 1024) return `${kb} KB`;
  return `${amount(bytes / MB)} MB`;
}

/** A file's size as people read it, small files included: see `formatBytes`. */
export const formatMegabytes = formatBytes;
