import { oneLine } from "../lib/text-input";
import ical from "ical-generator";
import { Op } from "sequelize";
import type { User } from "../../models/index";
import type { Database } from "../lib/db.server";
import { appUrl } from "../lib/email.server";
import { tokenDigest } from "../lib/tokens.server";
import { seesAllMaterials, teamIdsOf } from "../rules/material-access.server";

export async function hasActiveFeed(database: Database, userId: number) {
  return (await database.models.CalendarToken.count({ where: { userId, revokedAt: null } })) > 0;
}

export type FeedResult = { ok: true; ics: string } | { ok: false; status: 404 | 410; message: string };

/** The feed behind a token: the dates and deadlines that concern its owner. */
export async function calendarFeed(database: Database, token: string, at: Date): Promise<FeedResult> {
  const row = /^[A-Za-z0-9_-]{43}$/.test(token) ? await database.models.CalendarToken.findByPk(tokenDigest(token)) : null;
  if (!row) return { ok: false, status: 404, message: "There is no calendar feed at this address." };
  if (row.revokedAt) {
    return { ok: false, status: 410, message: "This calendar link was revoked. Make a new one in Collateral Preview under Calendar feed, and subscribe to that." };
  }
  const user = await database.models.User.findByPk(row.userId);
  if (!user || !user.active) return { ok: false, status: 410, message: "This calendar link belongs to an account that is no longer active." };
  return { ok: true, ics: await buildFeed(database, user, at) };
}

async function buildFeed(database: Database, user: User, at: Date) {
  const { models } = database;
  const base = appUrl();
  const calendar = ical({ name: oneLine(`Collateral Preview: ${user.name}`), prodId: { company: "Collateral Preview", product: "deadlines" }, ttl: 3600 });
  const event = (e: { id: string; start: Date; allDay?: boolean; summary: string; description: string; path: string }) =>
    calendar.createEvent({
      id: `${e.id}@collateral-preview`,
      start: e.start,
      end: e.allDay ? undefined : new Date(e.start.getTime() + 30 * 60_000),
      allDay: e.allDay ?? false,
      stamp: at,
      summary: oneLine(e.summary),
      description: oneLine(e.description),
      url: `${base}${e.path}`,
    });

  // Plan presentation dates of the teams the person sees.
  const teamIds = seesAllMaterials(user) ? null : await teamIdsOf(database, user.id);
  const prePlans = await models.PrePlan.findAll({
    where: teamIds ? { teamId: { [Op.in]: teamIds } } : {},
    include: [{ association: "team", attributes: ["id", "name"] }],
  });
  for (const p of prePlans) {
    event({
      id: `presentation-${p.id}`,
      start: new Date(`${p.presentationDate}T00:00:00Z`),
      allDay: true,
      summary: `Plan presentation: ${p.team?.name} ${p.year}`,
      description: `Marketing presents the ${p.year} plan to ${p.team?.name}.`,
      path: `/plans/${p.teamId}/${p.year}`,
    });
  }

  // Review deadlines: rounds they must decide, rounds of their materials, and annual plans their team previews.
  const pending = await models.RoundDecision.findAll({ where: { userId: user.id, decision: "pending" }, attributes: ["roundId"] });
  const owned = await models.Material.findAll({ where: { ownerId: user.id }, attributes: ["id"] });
  const myTeams = teamIds ?? (await teamIdsOf(database, user.id));
  const plans = myTeams.length
    ? await models.Material.findAll({ where: { kind: "annual_plan" }, include: [{ association: "targets", where: { teamId: { [Op.in]: myTeams } }, attributes: ["teamId"] }], attributes: ["id"] })
    : [];
  const rounds = await models.PreviewRound.findAll({
    where: {
      state: "open",
      [Op.or]: [
        { id: { [Op.in]: pending.map((d) => d.roundId) } },
        { materialId: { [Op.in]: owned.map((m) => m.id) } },
        { materialId: { [Op.in]: plans.map((m) => m.id) }, teamId: { [Op.in]: myTeams } },
      ],
    },
    include: [{ association: "team", attributes: ["id", "name"] }],
  });
  const titles = new Map(
    (await models.Material.findAll({ where: { id: { [Op.in]: rounds.map((r) => r.materialId) } }, attributes: ["id", "title"] })).map((m) => [m.id, m.title]),
  );
  const decides = new Set(pending.map((d) => d.roundId));
  for (const r of rounds) {
    event({
      id: `round-${r.id}`,
      start: r.dueAt,
      summary: `${decides.has(r.id) ? "Decide" : "Preview closes"}: ${titles.get(r.materialId)} (${r.team?.name})`,
      description: decides.has(r.id) ? "Your decision on this preview is due. Without one you are recorded as having no objection." : "The preview window closes.",
      path: `/materials/${r.materialId}`,
    });
  }

  // Escalation deadlines addressed to them at the current level.
  const assigned = await models.EscalationAssignee.findAll({ where: { userId: user.id }, attributes: ["escalationId", "level"] });
  const escalations = assigned.length
    ? await models.Escalation.findAll({ where: { id: { [Op.in]: assigned.map((a) => a.escalationId) }, state: "open" } })
    : [];
  const escalationTitles = new Map(
    (await models.Material.findAll({ where: { id: { [Op.in]: escalations.map((e) => e.materialId) } }, attributes: ["id", "title"] })).map((m) => [m.id, m.title]),
  );
  for (const e of escalations.filter((e) => assigned.some((a) => a.escalationId === e.id && a.level === e.level))) {
    event({
      id: `escalation-${e.id}-level-${e.level}`,
      start: e.decideBy,
      summary: `Decide escalation: ${escalationTitles.get(e.materialId)}`,
      description: "A dispute between sales and marketing waits for your decision; undecided, it moves up a level.",
      path: `/escalations/${e.id}`,
    });
  }
  return calendar.toString();
}

