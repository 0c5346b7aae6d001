import { createElement, Fragment } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Field } from "~/components/Field";

const reason = (error?: string) =>
  createElement(Field, { name: "reason", label: "Reason", error, children: (p) => createElement("textarea", p) });

describe("Field", () => {
  it("gives two fields of the same name on one page their own ids, each label and message wired to its own control", () => {
    const html = renderToString(createElement(Fragment, null, reason("Say why."), reason("Say why.")));
    const labels = [...html.matchAll(/<label for="([^"]+)"/g)].map((m) => m[1]);
    const controls = [...html.matchAll(/<textarea id="([^"]+)"[^>]*aria-describedby="([^"]+)"/g)].map((m) => ({ id: m[1], describedBy: m[2] }));
    const messages = [...html.matchAll(/class="field-error" id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(labels).size).toBe(2);
    expect(controls.map((c) => c.id)).toEqual(labels);
    expect(controls.map((c) => c.describedBy)).toEqual(messages);
    expect(new Set(messages).size).toBe(2);
  });

  it("uses an id it is given", () => {
    const html = renderToString(createElement(Field, { name: "email", id: "sign-in-email", label: "Email", children: (p) => createElement("input", p) }));
    expect(html).toContain('<label for="sign-in-email"');
    expect(html).toContain('<input id="sign-in-email"');
  });
});
