import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "~/lib/seed.server";
import { getUser, startSession, endSession } from "~/lib/session.server";
import { createUser } from "~/commands/create-user.server";
import { setPasswordWithToken } from "~/commands/set-password.server";
import { findPasswordToken } from "~/queries/password-token.server";
import { setUserActive } from "~/commands/set-user-active.server";
import { ACCOUNT_DELAY_AFTER, MAX_FAILURES_PER_ADDRESS, MAX_FAILURES_PER_PAIR, THROTTLE_WINDOW_MS, accountDelayMs, addressNetwork, signIn } from "~/commands/sign-in.server";
import { purgeLoginFailures } from "~/commands/purge-login-failures.server";
import { trustDevice } from "~/commands/trust-device.server";
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

  const at = (ms: number) => new Date(T0.getTime() + ms);

  it("locks out an account from the address that failed 5 times, and only from there", async () => {
    const email = "west.rep1@demo.test";
    for (let i = 0; i < MAX_FAILURES_PER_PAIR; i++) {
      expect(await signIn(tdb.database, { email, password: "wrong", address: "10.1.0.1" }, at(i * 10_000))).toMatchObject({ ok: false, status: 400 });
    }
    // The right password, from the guessing address: refused until the window has passed.
    const blocked = await signIn(tdb.database, { email, password: DEMO_PASSWORD, address: "10.1.0.1" }, at(60_000));
    expect(blocked).toMatchObject({ ok: false, status: 429, field: "form" });
    expect(!blocked.ok && blocked.message).toBe("Too many failed sign-ins for this account from your network address. Try again in 14 minutes.");
    // The owner, elsewhere, signs in (the account's delay after 5 failures, 1 s, is long past).
    expect((await signIn(tdb.database, { email, password: DEMO_PASSWORD, address: "10.1.1.1" }, at(60_000))).ok).toBe(true);
    const later = at(THROTTLE_WINDOW_MS + 5_000);
    expect((await signIn(tdb.database, { email, password: DEMO_PASSWORD, address: "10.1.0.1" }, later)).ok).toBe(true);
  });

  it("slows guesses at one account from many addresses with a delay that doubles, but never locks out the right password", async () => {
    const email = "west.committee1@demo.test";
    const guess = (n: number, ms: number, password = "wrong") => signIn(tdb.database, { email, password, address: `10.3.0.${n}` }, at(ms));
    for (let i = 0; i < ACCOUNT_DELAY_AFTER; i++) expect((await guess(i, i)).ok).toBe(false);
    // 5 failures: the next attempt waits 1 s after the last.
    const early = await guess(10, 4 + 500);
    expect(early).toMatchObject({ ok: false, status: 429 });
    expect(!early.ok && early.message).toBe("This account has had several failed sign-ins, so each attempt must wait a little. Try again in 1 second.");
    expect(await guess(11, 4 + 1000)).toMatchObject({ ok: false, status: 400 });
    // 6 failures: 2 s.
    expect(await guess(12, 1004 + 1500)).toMatchObject({ ok: false, status: 429 });
    expect(await guess(13, 1004 + 2000)).toMatchObject({ ok: false, status: 400 });
    expect([4, 5, 6, 7, 11, 12, 13, 30].map(accountDelayMs)).toEqual([0, 1000, 2000, 4000, 60_000, 60_000, 60_000, 60_000]);
    // The owner, after the delay, with the right password: in.
    expect((await guess(99, 3004 + 4000, DEMO_PASSWORD)).ok).toBe(true);
  });

  it("locks out an address that fails at 100 accounts", async () => {
    const address = "10.9.9.9";
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
      await signIn(tdb.database, { email: `guess${i}@demo.test`, password: "x", address }, T0);
    }
    const blocked = await signIn(tdb.database, { email: "east.committee1@demo.test", password: DEMO_PASSWORD, address }, T0);
    expect(blocked).toMatchObject({ ok: false, status: 429 });
    expect(!blocked.ok && blocked.message).toBe("Too many failed sign-ins from your network address. Try again in 15 minutes.");
    expect((await signIn(tdb.database, { email: "east.committee1@demo.test", password: DEMO_PASSWORD, address: "10.9.9.10" }, T0)).ok).toBe(true);
  });

  it("checks no more than 5 of 100 guesses sent at once at one account from one address, the right one last", async () => {
    const email = "east.rep2@demo.test";
    const guesses = Array.from({ length: 100 }, (_, i) => (i === 99 ? DEMO_PASSWORD : `guess-${i}`));
    const results = await Promise.all(guesses.map((password) => signIn(tdb.database, { email, password, address: "10.4.0.1" }, at(3_600_000))));
    const checked = results.filter((r) => r.ok || r.status === 400);
    expect(checked).toHaveLength(MAX_FAILURES_PER_PAIR);
    expect(results.filter((r) => !r.ok && r.status === 429)).toHaveLength(100 - MAX_FAILURES_PER_PAIR);
    expect(results.some((r) => r.ok)).toBe(false);
  });

  it("never slows the owner's own browser (a trusted device) for other people's guesses", async () => {
    const email = "west.committee2@demo.test";
    const owner = demo.user("west.committee2");
    const device = await trustDevice(tdb.database, owner.id, null, at(0));
    for (let i = 0; i < 12; i++) await signIn(tdb.database, { email, password: "wrong", address: `10.5.0.${i}` }, at(i * 61_000));
    const moment = at(11 * 61_000 + 1_000);
    // Anyone else, even with the right password, waits out the delay …
    expect(await signIn(tdb.database, { email, password: DEMO_PASSWORD, address: "10.5.1.1" }, moment)).toMatchObject({ ok: false, status: 429 });
    // … but not the owner's browser; and a device trusted for another account counts for nothing.
    expect((await signIn(tdb.database, { email, password: DEMO_PASSWORD, address: "10.5.1.1", device }, moment)).ok).toBe(true);
    const other = await trustDevice(tdb.database, demo.user("west.rep2").id, null, at(0));
    expect(await signIn(tdb.database, { email, password: "wrong", address: "10.5.1.2", device: other }, at(11 * 61_000 + 1_500))).toMatchObject({ status: 429 });
    // Signing in again from it keeps the same device; an unknown token gets a new one.
    expect(await trustDevice(tdb.database, owner.id, device, moment)).toBe(device);
    expect(await trustDevice(tdb.database, owner.id, "x".repeat(43), moment)).not.toBe("x".repeat(43));
  });

  it("counts an IPv6 address by its /64 network, and takes the longest email and address", async () => {
    expect(addressNetwork("2001:db8:1:2::a")).toBe("2001:db8:1:2::/64");
    expect(addressNetwork("2001:0db8:0001:0002:0000:0000:0000:000b")).toBe("2001:db8:1:2::/64");
    expect(addressNetwork("::ffff:192.0.2.7")).toBe("192.0.2.7");
    expect(addressNetwork("192.0.2.7")).toBe("192.0.2.7");
    expect(addressNetwork("::1")).toBe("0:0:0:0::/64");
    const email = "east.committee2@demo.test";
    for (let i = 0; i < MAX_FAILURES_PER_PAIR; i++) await signIn(tdb.database, { email, password: "wrong", address: `2001:db8:1:2::${i + 1}` }, at(7_200_000 + i));
    expect(await signIn(tdb.database, { email, password: DEMO_PASSWORD, address: "2001:db8:1:2::ff" }, at(7_210_000))).toMatchObject({ ok: false, status: 429 });
    expect((await signIn(tdb.database, { email, password: DEMO_PASSWORD, address: "2001:db8:1:3::1" }, at(7_210_000))).ok).toBe(true);
    const longest = `${"l".repeat(243)}@demo.test`;
    expect(await signIn(tdb.database, { email: longest, password: "x", address: "f".repeat(64) }, at(7_220_000))).toMatchObject({ ok: false, status: 400 });
  });

  it("purges failures older than the window", async () => {
    const { LoginFailure } = tdb.database.models;
    await LoginFailure.bulkCreate([
      { key: "account:old@demo.test", createdAt: at(-THROTTLE_WINDOW_MS - 1) },
      { key: "account:new@demo.test", createdAt: at(0) },
    ]);
    const before = await LoginFailure.count();
    expect(await purgeLoginFailures(tdb.database, T0)).toBeGreaterThanOrEqual(1);
    expect(await LoginFailure.count({ where: { key: "account:old@demo.test" } })).toBe(0);
    expect(await LoginFailure.count({ where: { key: "account:new@demo.test" } })).toBe(1);
    expect(await LoginFailure.count()).toBeLessThan(before);
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
