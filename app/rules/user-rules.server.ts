import { Op, type Transaction } from "sequelize";
import type { User } from "../../models/index";
import type { Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import { findReportingLoop } from "../domain/organisation";

/** Refuses an email that another user already has, in any letter case. */
export async function assertEmailFree(database: Database, t: Transaction, email: string, exceptUserId?: number) {
  const clash = await database.models.User.findOne({
    where: {
      email: email.trim().toLowerCase(),
      ...(exceptUserId ? { id: { [Op.ne]: exceptUserId } } : {}),
    },
    transaction: t,
  });
  if (clash) throw new InputError({ email: "Another user already has this email address." });
}

/**
 * Refuses a manager who does not exist, oneself, or one that would close a loop in the
 * chain of command (A reports to B reports to A).
 */
export async function assertValidManager(
  database: Database,
  t: Transaction,
  userId: number | null,
  managerId: number | null,
) {
  if (managerId === null) return;
  if (userId !== null && managerId === userId) {
    throw new InputError({ reportsToId: "A person cannot report to themselves." });
  }
  const users = await database.models.User.findAll({
    attributes: ["id", "name", "reportsToId"],
    transaction: t,
  });
  const manager = users.find((u) => u.id === managerId);
  if (!manager) throw new InputError({ reportsToId: "That manager does not exist." });
  if (userId === null) return;
  const chain = new Map(users.map((u) => [u.id, u.reportsToId ?? null]));
  const loop = findReportingLoop(userId, managerId, chain);
  if (loop) {
    const names = new Map(users.map((u) => [u.id, u.name]));
    throw new InputError({
      reportsToId: `That would close a loop in the chain of command: ${loop.map((id) => names.get(id)).join(" → ")}.`,
    });
  }
}

/** The fields of a user that the admin's forms set, as the audit log records them. */
export function publicFields(user: User) {
  return {
    name: user.name,
    email: user.email,
    role: user.role,
    reportsToId: user.reportsToId ?? null,
    timeZone: user.timeZone,
    active: user.active,
  };
}
