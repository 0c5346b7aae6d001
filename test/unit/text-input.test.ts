import { describe, expect, it } from "vitest";
import { controlCharacterErrors, hasAnyControlCharacter, oneLine } from "~/lib/text-input";

const form = (entries: Record<string, string>) => Object.entries(entries);

describe("control characters in what people send", () => {
  it("accepts tab and line breaks in long texts, and ordinary text anywhere", () => {
    expect(controlCharacterErrors(form({ body: "First line\r\nSecond\tline", title: "Partner deck — 2027 “final” ✓", name: "Zoë Müller-Łukasiewicz" }))).toBeNull();
  });

  it.each([
    ["body", "NUL\u0000"],
    ["body", "escape \u001b[31m"],
    ["body", "delete \u007f"],
    ["body", "C1 \u0085"],
    ["title", "two\nlines"],
    ["title", "tab\there"],
    ["email", "a\u0000@b.test"],
  ])("refuses %s = %j beside the field and at the top of the form", (name, value) => {
    const errors = controlCharacterErrors(form({ [name]: value }));
    expect(errors).not.toBeNull();
    expect(errors![name]).toMatch(/invisible control characters/);
    expect(errors!.form).toBe("Something you entered contains invisible control characters (such as NUL), so nothing was saved. Retype what you pasted, or paste it as plain text, and send it again.");
  });

  it("takes a tab or line break at the ends of a one-line field (a pasted spreadsheet cell), and leaves the post-login target to safeRedirect", () => {
    expect(controlCharacterErrors(form({ name: "Zoë Müller\t", title: "\r\nDeck 2027\n", redirectTo: "/\t/evil.example/" }))).toBeNull();
  });

  it("puts the message for a field whose name is itself odd at the top of the form only", () => {
    expect(Object.keys(controlCharacterErrors(form({ "x\u0000y": "\u0000" }))!)).toEqual(["form"]);
  });

  it("tells addresses and one-line text apart, and writes stored text on one line", () => {
    expect(hasAnyControlCharacter("/library?q=brochure")).toBe(false);
    expect(hasAnyControlCharacter("/library?q=a\tb")).toBe(true);
    expect(oneLine("Deck\r\n\u0007 2027\t")).toBe("Deck 2027");
  });
});
