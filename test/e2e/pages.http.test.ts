import { beforeAll, describe, expect, it } from "vitest";
import { get, signInAs, visibleText } from "../helpers/http";

/** Every page added for the workflow, plans, library and metrics: who gets it, and who gets the 403 page. */
const PAGES: { path: string; allowed: string; refused: string | null; shows: string }[] = [
  // Anyone may be addressed (a rep someone reports to), so everyone has the queue; most see it empty.
  { path: "/escalations", allowed: "east.manager@demo.test", refused: null, shows: "Escalations waiting for you" },
  { path: "/escalations", allowed: "east.rep1@demo.test", refused: null, shows: "Nothing is waiting for your decision." },
  { path: "/notifications", allowed: "east.rep1@demo.test", refused: null, shows: "Notifications" },
  { path: "/plans", allowed: "east.rep1@demo.test", refused: null, shows: "Annual plans" },
  { path: "/library", allowed: "east.rep1@demo.test", refused: null, shows: "Sales library" },
  { path: "/metrics", allowed: "vp.sales@demo.test", refused: "east.rep1@demo.test", shows: "Metrics" },
  { path: "/metrics", allowed: "marketer1@demo.test", refused: null, shows: "Pages of your material, most and least seen" },
  { path: "/my-use", allowed: "east.rep1@demo.test", refused: "marketer1@demo.test", shows: "My use" },
  { path: "/account/calendar", allowed: "marketer1@demo.test", refused: null, shows: "Calendar feed" },
  { path: "/admin/outbox", allowed: "admin@demo.test", refused: "vp.sales@demo.test", shows: "Outbox" },
  { path: "/admin/calendar", allowed: "admin@demo.test", refused: "marketer1@demo.test", shows: "Review calendar" },
  { path: "/admin/segments", allowed: "admin@demo.test", refused: "marketer1@demo.test", shows: "Customer segments" },
  { path: "/feedback", allowed: "marketer1@demo.test", refused: "east.rep1@demo.test", shows: "From the field" },
  { path: "/feedback", allowed: "vp.marketing@demo.test", refused: null, shows: "All marketers" },
  { path: "/about", allowed: "east.rep1@demo.test", refused: null, shows: "About Collateral Preview" },
];

describe("the newer pages answer each role", () => {
  const cookies = new Map<string, string>();
  beforeAll(async () => {
    const emails = [...new Set(PAGES.flatMap((p) => [p.allowed, p.refused]).filter((e): e is string => e !== null))];
    for (const email of emails) cookies.set(email, await signInAs(email));
  });

  for (const page of PAGES) {
    it(`${page.path}: 200 for ${page.allowed}${page.refused ? `, 403 for ${page.refused}` : ""}`, async () => {
      const ok = await get(page.path, cookies.get(page.allowed));
      expect(ok.status).toBe(200);
      expect(visibleText(await ok.text())).toContain(page.shows);
      if (page.refused) {
        const refused = await get(page.path, cookies.get(page.refused));
        expect(refused.status).toBe(403);
        expect(visibleText(await refused.text())).toContain("You don't have access to this page");
      }
      if (page.path !== "/about") {
        const anonymous = await get(page.path);
        expect(anonymous.status).toBe(302);
        expect(anonymous.headers.get("location")).toMatch(/^\/login/);
      }
    });
  }
});
