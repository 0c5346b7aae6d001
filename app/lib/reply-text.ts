/**
 * The new text of a reply by email: what the person wrote, without the message they
 * answered (quoted below or after their text) and without their signature. Mail clients
 * quote in a few well-known ways; each rule below names the clients that write it.
 */

/** "On Tue, 1 Dec 2026 at 10:00, Collateral Preview <…> wrote:" (Gmail, Apple Mail, Thunderbird), and its usual translations. */
const ATTRIBUTION_END = [/\bwrote:$/i, /\bschrieb\b.*:$/i, /\ba écrit\s?:$/i, /\bescribió:$/i, /\bschreef\b.*:$/i, /\bskrev\b.*:$/i, /\bscrisse:$/i, /\bha scritto:$/i];
const ATTRIBUTION_START = /^(On|Am|Le|El|Op|Den|Il)\s/i;

/** Outlook's separators above the quoted message. */
const OUTLOOK_SEPARATOR = [/^-{2,}\s*Original Message\s*-{2,}$/i, /^-{2,}\s*Forwarded message\s*-{2,}$/i];
/** A horizontal rule (Outlook on the web's underscores; an HTML reply's <hr> as text), a separator when a header block follows. */
const RULE = /^[-_]{10,}$/;
const HEADER_BLOCK_FIRST = /^\*?From:\*?\s/i;
const HEADER_BLOCK_NEXT = /^\*?(Sent|Date|To|Subject|Cc):\*?\s/i;

/** Signatures: the "-- " delimiter (RFC 3676), and what phones and mail apps add. */
const SIGNATURE = [
  /^Sent from my (iPhone|iPad|Android|Samsung|Galaxy|BlackBerry|mobile|phone)\b/i,
  /^Sent from (Outlook|Mail|Yahoo Mail|Gmail|ProtonMail|Proton Mail)\b/i,
  /^Get Outlook for (iOS|Android)\b/i,
  /^(Envoyé de mon|Von meinem .* gesendet|Enviado desde mi)\b/i,
];

/**
 * Where the quoted message starts, as a line index (lines.length when nothing is quoted),
 * and how many lines its attribution takes when it is one (null for Outlook's blocks).
 */
function quoteStart(lines: string[]): { at: number; attribution: number | null } {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (OUTLOOK_SEPARATOR.some((p) => p.test(line))) return { at: i, attribution: null };
    if (RULE.test(line) && HEADER_BLOCK_FIRST.test(lines.slice(i + 1).find((l) => l.trim() !== "")?.trim() ?? "")) return { at: i, attribution: null };
    // Outlook without a separator: a block of From:, then Sent:/Date:/To:/Subject: lines.
    if (HEADER_BLOCK_FIRST.test(line) && lines.slice(i + 1, i + 4).some((l) => HEADER_BLOCK_NEXT.test(l.trim()))) return { at: i, attribution: null };
    // An attribution line, which some clients wrap over two or three lines.
    if (ATTRIBUTION_START.test(line)) {
      const joined = lines.slice(i, i + 3).map((l) => l.trim());
      for (let n = 1; n <= joined.length; n++) {
        const candidate = joined.slice(0, n).join(" ");
        if (ATTRIBUTION_END.some((p) => p.test(candidate))) {
          // Only when a quote follows (or nothing does), or it names an address: a sentence of
          // the reply that happens to end in "wrote:" stays.
          const after = lines.slice(i + n).find((l) => l.trim() !== "");
          if (after === undefined || after.trimStart().startsWith(">") || candidate.includes("@")) return { at: i, attribution: n };
        }
      }
    }
  }
  return { at: lines.length, attribution: null };
}

function signatureStart(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === "-- " || lines[i].trim() === "--" || SIGNATURE.some((p) => p.test(lines[i].trim()))) return i;
  }
  return lines.length;
}

/**
 * The text a person added in a reply: the quoted message (an attribution line and what
 * follows, Outlook's original-message block, lines starting with ">") and the signature
 * are dropped; lines keep their breaks, blank runs shrink to one blank line. An empty
 * string when nothing new was written.
 */
export function newReplyText(text: string): string {
  const normalised = text.replace(/\r\n?/g, "\n").replace(/\u00a0/g, " ").replace(/[\u200b\ufeff]/g, "");
  let lines = normalised.split("\n");
  const quote = quoteStart(lines);
  const unquoted = (part: string[]) => part.filter((line) => !line.trimStart().startsWith(">"));
  const above = unquoted(lines.slice(0, quote.at));
  // Written above the quote (as most clients do), or below and between its lines (as
  // Thunderbird's bottom-posting and inline answers are): the quoted lines are dropped.
  lines = above.some((l) => l.trim() !== "") || quote.attribution === null ? above : unquoted(lines.slice(quote.at + quote.attribution));
  lines = lines.slice(0, signatureStart(lines));
  const kept: string[] = [];
  for (const line of lines.map((l) => l.trimEnd())) {
    if (line === "" && (kept.length === 0 || kept[kept.length - 1] === "")) continue;
    kept.push(line);
  }
  while (kept.length && kept[kept.length - 1] === "") kept.pop();
  return kept.join("\n");
}

/** The note that ends a posted reply whose email carried attachments, which are not posted. */
export function attachmentNote(count: number): string {
  if (count <= 0) return "";
  return count === 1
    ? "(1 attachment was left out: replies by email carry text only.)"
    : `(${count} attachments were left out: replies by email carry text only.)`;
}
