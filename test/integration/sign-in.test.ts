import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "~/lib/seed.server";
import { getUser, startSession, endSession } from "~/lib/session.server";
import { createUser } from "~/services/create-user.server";
import { setPasswordWithToken, findPasswordToken } from "~/services/set-password.server";
import { setUserActive } from "~/services/set-user-active.server";
import { signIn, MAX_FAILURES_PER_ACCOUNT, THROTTLE_WINDOW_MS } from "~/services/sign-in.server";
import { InputError } from "~/lib/errors";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { T0, seedDemo } from "../helpers/organisation";

function requestWith(cookie?: string) {
  return new Request("http://localhost/", { headers: cookie ? { Cookie: cookie } : {} });
}
const cookieValue = (setCookie: string) => setCookie.split(";")[0];

describe("signing in, sessions and set-password links", () => {
  let tdb: TestDatabase;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    demo = await seedDemo(tdb.database);
  });
  afterAll(() => tdb.cleanup());

  it("signs in with the right password, in any email case", async () => {
    const result = await signIn(tdb.database, { email: " East.Rep1@DEMO.test ", password: DEMO_PASSWORD, address: "10.0.0.1" }, T0);
    expect(result.ok && result.user.email).toBe("east.rep1@demo.test");
  });

  it("gives the same answer for an unknown email and a wrong password", async () => {
    const unknown = await signIn(tdb.database, { email: "nobody@demo.test", password: "x", address: "10.0.0.2" }, T0);
    const wrong = await signIn(tdb.database, { email: "east.rep2@demo.test", password: "x", address: "10.0.0.2" }, T0);
    expect(unknown).toEqual(wrong);
    expect(wrong).toMatchObject({ ok: false, status: 400, field: "password" });
  });

  it("throttles an account after 5 failures, with a message saying when to retry, then lets it in again", async () => {
    const email = "west.rep1@demo.test";
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      const at = new Date(T0.getTime() + i * 1000);
      expect((await signIn(tdb.database, { email, password: "wrong", address: `10.1.0.${i}` }, at)).ok).toBe(false);
    }
    const blocked = await signIn(tdb.database, { email, password: DEMO_PASSWORD, address: "10.1.1.1" }, new Date(T0.getTime() + 10_000));
    expect(blocked).toMatchObject({ ok: false, status: 429 });
    expect(!blocked.ok && blocked.message).toMatch(/Too many failed sign-ins for this account\. Try again in 15 minutes\./);
    const later = new Date(T0.getTime() + THROTTLE_WINDOW_MS + 5_000);
    expect((await signIn(tdb.database, { email, password: DEMO_PASSWORD, address: "10.1.1.1" }, later)).ok).toBe(true);
  });

  it("throttles an address trying many accounts", async () => {
    const address = "10.9.9.9";
    for (let i = 0; i < 20; i++) {
      await signIn(tdb.database, { email: `guess${i}@demo.test`, password: "x", address }, T0);
    }
    const blocked = await signIn(tdb.database, { email: "east.committee1@demo.test", password: DEMO_PASSWORD, address }, T0);
    expect(blocked).toMatchObject({ ok: false, status: 429 });
    expect(!blocked.ok && blocked.message).toContain("your network address");
  });

  it("refuses a deactivated user beside the email field, and their sessions end", async () => {
    const rep = demo.user("west.rep2");
    const cookie = cookieValue(await startSession(tdb.database, requestWith(), rep.id, T0));
    expect((await getUser(requestWith(cookie), tdb.database, T0))?.id).toBe(rep.id);
    await setUserActive(tdb.database, demo.admin, rep.id, false, T0);
    expect(await getUser(requestWith(cookie), tdb.database, T0)).toBeNull();
    expect(await tdb.database.models.Session.count({ where: { userId: rep.id } })).toBe(0);
    const result = await signIn(tdb.database, { email: rep.email, password: DEMO_PASSWORD, address: "10.2.0.1" }, T0);
    expect(result).toMatchObject({ ok: false, status: 400, field: "email" });
    expect(!result.ok && result.message).toContain("deactivated");
  });

  it("issues a new session id at every sign-in and ends the old one", async () => {
    const rep = demo.user("east.committee2");
    const first = cookieValue(await startSession(tdb.database, requestWith(), rep.id, T0));
    const second = cookieValue(await startSession(tdb.database, requestWith(first), rep.id, T0));
    expect(second).not.toBe(first);
    expect(await getUser(requestWith(first), tdb.database, T0)).toBeNull();
    expect((await getUser(requestWith(second), tdb.database, T0))?.id).toBe(rep.id);
    const cleared = await endSession(tdb.database, requestWith(second));
    expect(cleared).toContain("Max-Age=0");
    expect(await getUser(requestWith(second), tdb.database, T0)).toBeNull();
  });

  it("expires sessions after their lifetime", async () => {
    const rep = demo.user("east.committee1");
    const cookie = cookieValue(await startSession(tdb.database, requestWith(), rep.id, T0));
    expect(await getUser(requestWith(cookie), tdb.database, new Date(T0.getTime() + 15 * 86_400_000))).toBeNull();
  });

  it("lets a set-password link work once, and not after 72 hours", async () => {
    const { user, token } = await createUser(
      tdb.database,
      demo.admin,
      { name: "Lin Ito", email: "lin.ito@demo.test", role: "marketer", reportsToId: null, timeZone: "Asia/Tokyo" },
      T0,
    );
    const late = new Date(T0.getTime() + 73 * 3_600_000);
    expect(await findPasswordToken(tdb.database, token, late)).toBeNull();
    expect((await findPasswordToken(tdb.database, token, T0))?.user.id).toBe(user.id);
    await setPasswordWithToken(tdb.database, token, "a long new password", T0);
    const ok = await signIn(tdb.database, { email: "lin.ito@demo.test", password: "a long new password", address: null }, T0);
    expect(ok.ok).toBe(true);
    const again = setPasswordWithToken(tdb.database, token, "another long password", T0);
    await expect(again).rejects.toBeInstanceOf(InputError);
    await expect(again).rejects.toMatchObject({ status: 410 });
  });
});
