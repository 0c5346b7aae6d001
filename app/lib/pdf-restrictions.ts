/**
 * What the author of a PDF withheld from its readers (its permissions, set with an owner
 * password). Such a file opens without a password; the viewer shows it, and the material
 * page says what is restricted.
 */
export const PDF_RESTRICTIONS = ["print", "print-high-quality", "copy", "copy-for-accessibility", "modify", "annotate", "fill-forms", "assemble"] as const;

export type PdfRestriction = (typeof PDF_RESTRICTIONS)[number];

/** The stored form: the restricted permissions, comma-separated; null when nothing is restricted. */
export function storedRestrictions(restrictions: readonly PdfRestriction[]): string | null {
  return restrictions.length ? restrictions.join(",") : null;
}

export function parseRestrictions(stored: string | null | undefined): PdfRestriction[] {
  if (!stored) return [];
  return stored.split(",").filter((r): r is PdfRestriction => (PDF_RESTRICTIONS as readonly string[]).includes(r));
}

/**
 * One sentence for a person, such as "Printing and copying restricted by the author.";
 * null when nothing is restricted.
 */
export function restrictionSentence(restrictions: readonly PdfRestriction[]): string | null {
  if (restrictions.length === 0) return null;
  const has = (r: PdfRestriction) => restrictions.includes(r);
  const parts: string[] = [];
  if (has("print")) parts.push("printing");
  else if (has("print-high-quality")) parts.push("high-quality printing");
  if (has("copy")) parts.push("copying");
  else if (has("copy-for-accessibility")) parts.push("copying for accessibility tools");
  if (has("modify") || has("annotate") || has("fill-forms") || has("assemble")) parts.push("editing");
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}` : parts[0];
  return `${list.charAt(0).toUpperCase()}${list.slice(1)} restricted by the author.`;
}
