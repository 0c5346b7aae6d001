/** "1.5 MB", "200 MB": sizes as people read them. */
export function formatMegabytes(bytes: number) {
  const mb = bytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

/** "512 bytes", "64 KB", "1.5 MB": any size as people read it. */
export function formatBytes(bytes: number) {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? "" : "s"}`;
  if (bytes < 1024 * 1024) {
    const kb = bytes / 1024;
    return `${Number.isInteger(kb) || kb >= 100 ? Math.round(kb) : kb.toFixed(1)} KB`;
  }
  return formatMegabytes(bytes);
}
