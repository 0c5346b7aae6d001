/** "1.5 MB", "200 MB": sizes as people read them. */
export function formatMegabytes(bytes: number) {
  const mb = bytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}
