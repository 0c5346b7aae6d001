import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { attachmentNote, newReplyText } from "~/lib/reply-text";

const ORIGINAL = ["> Hello Ana,", ">", "> Marketing declined your comment on \"Winter brochure\".", "> Your comment: This price expired.", ">", "> — Collateral Preview"];

describe("the new text of a reply by email", () => {
  it.each([
    [
      "Gmail (top-posted, attribution wrapped over two lines)",
      ["Thanks, I'll hold it: the March price is for new customers only.", "", "On Tue, Dec 1, 2026 at 10:02 AM Collateral Preview <", "reply+0123abcd@reply.example.com> wrote:", "", ...ORIGINAL],
      "Thanks, I'll hold it: the March price is for new customers only.",
    ],
    [
      "Gmail in German",
      ["Passt so.", "", "Am Di., 1. Dez. 2026 um 10:02 Uhr schrieb Collateral Preview <reply+0123abcd@reply.example.com>:", "", ...ORIGINAL],
      "Passt so.",
    ],
    [
      "Apple Mail on the iPhone (signature, then the attribution quoted too)",
      ["Fine by me.", "", "Sent from my iPhone", "", "> On 1 Dec 2026, at 10:02, Collateral Preview <no-reply@example.com> wrote:", ">", ...ORIGINAL],
      "Fine by me.",
    ],
    [
      "Apple Mail on the Mac",
      ["Fine by me,", "let's keep it.", "", "On 1 Dec 2026, at 10:02, Collateral Preview <reply+0123abcd@reply.example.com> wrote:", "", ...ORIGINAL],
      "Fine by me,\nlet's keep it.",
    ],
    [
      "Outlook desktop (Original Message block)",
      ["We can live with it.", "", "Regards,", "Ana", "", "-----Original Message-----", "From: Collateral Preview <no-reply@example.com>", "Sent: Tuesday, December 1, 2026 10:02 AM", "To: Ana <ana@example.com>", "Subject: Marketing declined your comment", "", "Hello Ana,"],
      "We can live with it.\n\nRegards,\nAna",
    ],
    [
      "Outlook on the web (underscore rule, then a header block)",
      ["We can live with it.", "", "________________________________", "From: Collateral Preview <no-reply@example.com>", "Sent: Tuesday, December 1, 2026 10:02", "To: Ana", "Subject: Marketing declined your comment", "", "Hello Ana,"],
      "We can live with it.",
    ],
    [
      "Outlook for Mac (a header block only)",
      ["OK.", "", "From: Collateral Preview <no-reply@example.com>", "Date: Tuesday, 1 December 2026 at 10:02", "To: Ana <ana@example.com>", "Subject: Marketing declined your comment", "", "Hello Ana,"],
      "OK.",
    ],
    [
      "Thunderbird (top-posted)",
      ["Agreed.", "", "On 01/12/2026 10:02, Collateral Preview wrote:", ...ORIGINAL],
      "Agreed.",
    ],
    [
      "Thunderbird (bottom-posted, with a signature)",
      ["On 01/12/2026 10:02, Collateral Preview wrote:", ...ORIGINAL, "", "I still think the price is wrong.", "", "-- ", "Ana Lopez", "East sales"],
      "I still think the price is wrong.",
    ],
    [
      "inline answers between quoted lines",
      ["> Your comment: This price expired.", "Not before March, though?", "> Marketing's reason: Still valid until March.", "OK then."],
      "Not before March, though?\nOK then.",
    ],
    ["a signature after the \"-- \" delimiter", ["Approved from my side.", "-- ", "Ana Lopez | +1 555 0100"], "Approved from my side."],
    ["a delimiter whose trailing space was dropped", ["Approved.", "--", "Ana"], "Approved."],
    ["Sent from my Android", ["Looks right.", "", "Sent from my Android device"], "Looks right."],
    ["Get Outlook for iOS", ["Looks right.", "", "Get Outlook for iOS"], "Looks right."],
    ["a sentence ending in \"wrote:\" that is not an attribution", ["On Monday the customer wrote:", "the price is fine for them."], "On Monday the customer wrote:\nthe price is fine for them."],
    ["only the quoted message", ["On Tue, Dec 1, 2026 at 10:02 AM Collateral Preview <reply+0123abcd@reply.example.com> wrote:", "", ...ORIGINAL], ""],
    ["only an Outlook block", ["", "-----Original Message-----", "From: Collateral Preview", "Sent: Tuesday", "", "Hello"], ""],
    ["Windows line ends and runs of blank lines", ["First line.\r", "\r", "\r", "\r", "Second line.  \r", "\r"], "First line.\n\nSecond line."],
  ])("%s", (_client, lines, expected) => {
    expect(newReplyText(lines.join("\n"))).toBe(expected);
  });

  it("turns an HTML-only reply (Gmail's markup) into its new text through mailparser", async () => {
    const raw = [
      "From: Ana <ana@example.com>",
      "To: reply+0123abcd@reply.example.com",
      "Subject: Re: Marketing declined your comment",
      "MIME-Version: 1.0",
      "Content-Type: text/html; charset=UTF-8",
      "",
      '<div dir="ltr">Looks good to me &amp; the team.<br><br>Ana</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Tue, Dec 1, 2026 at 10:02 AM Collateral Preview &lt;reply+0123abcd@reply.example.com&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex"><p>Hello Ana,</p><p>Marketing declined your comment.</p></blockquote></div>',
    ].join("\r\n");
    const parsed = await simpleParser(raw);
    expect(parsed.text).toBeTruthy();
    expect(newReplyText(parsed.text ?? "")).toBe("Looks good to me & the team.\n\nAna");
  });

  it("turns an HTML-only reply from Outlook (a rule, then a header block) into its new text", async () => {
    const raw = [
      "From: Erin <east.manager@example.com>",
      "Content-Type: text/html; charset=UTF-8",
      "",
      '<html><body><div style="font-family:Calibri">Fine with the compromise.</div><div id="appendonsend"></div><hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg" dir="ltr"><font face="Calibri"><b>From:</b> Collateral Preview &lt;no-reply@example.com&gt;<br><b>Sent:</b> Tuesday, December 1, 2026 10:02 AM<br><b>To:</b> Erin Walsh<br><b>Subject:</b> A decision is proposed</font><div>&nbsp;</div></div><div><p>Hello Erin,</p><p>Maya proposes a compromise.</p></div></body></html>',
    ].join("\r\n");
    expect(newReplyText((await simpleParser(raw)).text ?? "")).toBe("Fine with the compromise.");
  });

  it("keeps a rule the person drew in their own text", () => {
    expect(newReplyText("Two options:\n----------\nA or B?")).toBe("Two options:\n----------\nA or B?");
  });

  it("says how many attachments were left out", () => {
    expect(attachmentNote(0)).toBe("");
    expect(attachmentNote(1)).toBe("(1 attachment was left out: replies by email carry text only.)");
    expect(attachmentNote(3)).toBe("(3 attachments were left out: replies by email carry text only.)");
  });
});
