import { createHash } from "node:crypto";
import { isIPv6 } from "node:net";
import { Op, QueryTypes, type Transaction } from "sequelize";
import type { User } from "../../models/index";
import type { Database } from "../lib/db.server";
import { recordAudit } from "../lib/audit.server";
import { verifyPassword } from "../lib/password.server";
import { TRUSTED_DEVICE_TTL_MS } from "../lib/session.server";
import { tokenDigest } from "../lib/tokens.server";

/**
 * Sign-in throttling, after OWASP's authentication guidance. Every attempt is counted over a
 * sliding window, three ways:
 *
 * - **account and address** (`pair:`): 5 failures of one account from one address lock that
 *   pair out for the window. A guesser is stopped; the account's owner, elsewhere, is not.
 * - **account** (`account:`), from anywhere: from the 5th failure on, each attempt must wait
 *   a delay that doubles with each further failure (1 s, 2 s, 4 s … at most a minute). Many
 *   addresses guessing at one account get a guess a minute between them. A browser the
 *   person has signed in from before (a trusted device, by its cookie) skips this delay, so
 *   other people's guesses never keep the owner out.
 * - **address** (`address:`), across accounts: 100 failures lock the address out for the
 *   window (one machine trying many accounts). An office behind one address has that many
 *   failed sign-ins only under attack; behind a proxy, set TRUST_PROXY so that each person's
 *   own address is seen.
 *
 * The attempt is reserved (its rows written) atomically before the password is checked, so
 * that however many guesses arrive at once, no more are checked than the limits allow.
 * An IPv6 address counts by its /64 network, which one machine can fill with addresses.
 */
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_PAIR = 5;
export const ACCOUNT_DELAY_AFTER = 5;
export const MAX_ACCOUNT_DELAY_MS = 60_000;
export const MAX_FAILURES_PER_ADDRESS = 100;

export type SignInResult =
  | { ok: true; user: User }
  | { ok: false; status: 400 | 429; field: "email" | "password" | "form"; message: string };

/** How long an account must wait after its `failures`-th failure in the window (0: not at all). */
export function accountDelayMs(failures: number): number {
  if (failures < ACCOUNT_DELAY_AFTER) return 0;
  return Math.min(MAX_ACCOUNT_DELAY_MS, 1000 * 2 ** (failures - ACCOUNT_DELAY_AFTER));
}

/**
 * Checks an email and password. The attempt is reserved first (refused with a message that
 * says when to try again when a limit is reached), then the password is checked; a success
 * removes the reservation and the failures of that account from that address.
 */
export async function signIn(
  database: Database,
  input: { email: string; password: string; address: string | null; device?: string | null },
  at: Date,
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const network = input.address ? addressNetwork(input.address) : null;
  const keys = {
    // Hashed: an email of 254 characters and an address must fit the key column.
    pair: `pair:${createHash("sha256").update(`${email}|${network ?? "-"}`).digest("hex")}`,
    account: `account:${email}`,
    address: network ? `address:${network}` : null,
  };
  const trusted = input.device ? await isTrustedDevice(database, input.device, email, at) : false;

  const reserved = await database.write((t) => reserve(database, t, keys, at, trusted));
  if (!reserved.ok) return reserved;

  const user = await database.models.User.findOne({ where: { email } });
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !passwordOk) {
    // The reservation stays: it is now a failure.
    return { ok: false, status: 400, field: "password", message: "That email and password do not match an account." };
  }

  // The right password: this attempt and this pair's failures are forgiven.
  await database.write(async (t) => {
    await database.models.LoginFailure.destroy({ where: { [Op.or]: [{ id: reserved.ids }, { key: keys.pair }] }, transaction: t });
    if (user.active) {
      await recordAudit(database, t, { actorId: user.id, action: "user.signed_in", entityType: "user", entityId: user.id, at });
    }
  });
  if (!user.active) {
    return {
      ok: false,
      status: 400,
      field: "email",
      message: "This account has been deactivated. Ask your administrator if you need access again.",
    };
  }
  return { ok: true, user };
}

/**
 * In one write transaction: count the window's failures for each key, refuse past a limit,
 * or write this attempt's rows. On SQLite the write transaction (BEGIN IMMEDIATE) already
 * orders every attempt; on PostgreSQL a transaction-scoped advisory lock per account, then
 * per address, does (always in that order, so two attempts never wait on each other in a
 * cycle).
 */
async function reserve(
  database: Database,
  t: Transaction,
  keys: { pair: string; account: string; address: string | null },
  at: Date,
  trusted: boolean,
): Promise<{ ok: true; ids: number[] } | Extract<SignInResult, { ok: false }>> {
  if (database.dialect === "postgres") {
    for (const key of [keys.account, keys.address]) {
      if (key) await database.sequelize.query("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))", { replacements: { key }, transaction: t, type: QueryTypes.SELECT });
    }
  }
  const since = new Date(at.getTime() - THROTTLE_WINDOW_MS);
  const recent = async (key: string, limit: number) =>
    database.models.LoginFailure.findAll({
      where: { key, createdAt: { [Op.gt]: since } },
      order: [["createdAt", "DESC"]],
      limit,
      attributes: ["createdAt"],
      transaction: t,
    });
  const wait = (until: number) => {
    const seconds = Math.max(1, Math.ceil((until - at.getTime()) / 1000));
    return seconds < 90 ? `${seconds} second${seconds === 1 ? "" : "s"}` : `${Math.ceil(seconds / 60)} minutes`;
  };
  const refuse = (message: string) => ({ ok: false as const, status: 429 as const, field: "form" as const, message });

  const pair = await recent(keys.pair, MAX_FAILURES_PER_PAIR);
  if (pair.length >= MAX_FAILURES_PER_PAIR) {
    const until = pair[pair.length - 1].createdAt.getTime() + THROTTLE_WINDOW_MS;
    return refuse(`Too many failed sign-ins for this account from your network address. Try again in ${wait(until)}.`);
  }
  if (keys.address) {
    const address = await recent(keys.address, MAX_FAILURES_PER_ADDRESS);
    if (address.length >= MAX_FAILURES_PER_ADDRESS) {
      const until = address[address.length - 1].createdAt.getTime() + THROTTLE_WINDOW_MS;
      return refuse(`Too many failed sign-ins from your network address. Try again in ${wait(until)}.`);
    }
  }
  const cap = Math.ceil(Math.log2(MAX_ACCOUNT_DELAY_MS / 1000)) + ACCOUNT_DELAY_AFTER + 1;
  const account = await database.models.LoginFailure.count({ where: { key: keys.account, createdAt: { [Op.gt]: since } }, transaction: t });
  const delay = trusted ? 0 : accountDelayMs(Math.min(account, cap));
  if (delay > 0) {
    const [latest] = await recent(keys.account, 1);
    const until = latest.createdAt.getTime() + delay;
    if (at.getTime() < until) {
      return refuse(`This account has had several failed sign-ins, so each attempt must wait a little. Try again in ${wait(until)}.`);
    }
  }

  const ids: number[] = [];
  for (const key of [keys.pair, keys.account, keys.address]) {
    if (key) ids.push((await database.models.LoginFailure.create({ key, createdAt: at }, { transaction: t })).id);
  }
  return { ok: true, ids };
}

/** What an address counts as: itself for IPv4, its /64 network for IPv6. */
export function addressNetwork(address: string): string {
  const mapped = address.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i);
  if (mapped) return mapped[1];
  if (!isIPv6(address)) return address;
  const [head, tail = ""] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

async function isTrustedDevice(database: Database, token: string, email: string, at: Date): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return false;
  const device = await database.models.TrustedDevice.findByPk(tokenDigest(token));
  if (!device || device.lastUsedAt.getTime() + TRUSTED_DEVICE_TTL_MS < at.getTime()) return false;
  const user = await database.models.User.findByPk(device.userId, { attributes: ["email"] });
  return user?.email === email;
}
