import { Op } from "sequelize";
import type { User } from "../../models/index";
import type { Database } from "../lib/db.server";
import { can } from "../lib/permissions";
import { notFound } from "../lib/errors";
import { localDate } from "../domain/business-time";
import { COMMENT_CATEGORY_LABELS, COMMENT_STATE_LABELS, type MaterialStatus } from "../domain/materials";
import { DEVIATION_KIND_LABELS, plannableYears } from "../domain/plans";
import { DECISION_LABELS } from "../domain/workflow/index";
import { decisionLabel } from "../domain/workflow/index";
import { teamIdsOf, seesAllMaterials } from "../rules/material-access.server";
import { marketingHeadIds, planOf, sidesOf } from "../rules/plan-facts.server";
import { planSubmissionBlocker } from "../rules/plan-facts.server";
import type { EscalationDecision } from "../../models/Escalation";

const PLAN_STATUS_LABELS: Record<MaterialStatus, string> = {
  draft: "Plan uploaded",
  in_preview: "Plan in preview",
  closed: "Plan previewed",
  released: "Plan released",
};

/** The teams whose plans a person may see: every team for marketing, managers and admins; their own for reps. */
async function visibleTeams(database: Database, viewer: User) {
  const where = seesAllMaterials(viewer) ? {} : { id: { [Op.in]: await teamIdsOf(database, viewer.id) } };
  return database.models.SalesTeam.findAll({ where, order: [["name", "ASC"]] });
}

/** Every team and plannable year the viewer may see, with where its pre-plan and plan stand. */
export async function listPlans(database: Database, viewer: User, at: Date) {
  const teams = await visibleTeams(database, viewer);
  const years = plannableYears(localDate(at, "UTC"));
  const prePlans = await database.models.PrePlan.findAll({ where: { teamId: { [Op.in]: teams.map((t) => t.id) } } });
  const plans = await database.models.Material.findAll({
    where: { prePlanId: { [Op.in]: prePlans.map((p) => p.id) }, kind: "annual_plan" },
    attributes: ["id", "prePlanId", "status"],
  });
  const allYears = [...new Set([...years, ...prePlans.map((p) => p.year)])].sort();
  return {
    years: allYears,
    canDraft: can(viewer, "preplan:edit"),
    rows: teams.map((team) => ({
      id: team.id,
      name: team.name,
      cells: allYears.map((year) => {
        const prePlan = prePlans.find((p) => p.teamId === team.id && p.year === year);
        const plan = prePlan ? plans.find((m) => m.prePlanId === prePlan.id) : undefined;
        const state = !prePlan
          ? "No pre-plan"
          : plan
            ? PLAN_STATUS_LABELS[plan.status as MaterialStatus]
            : prePlan.agreed
              ? "Pre-plan agreed"
              : "Pre-plan being agreed";
        return { year, state };
      }),
    })),
  };
}

/**
 * One page per team and year: the pre-plan and the plan side by side, the deviations and
 * their explanations, the comments, and any escalation with its decision.
 */
export async function loadPlanPage(database: Database, viewer: User, teamId: number, year: number, at: Date) {
  const { models } = database;
  const team = await models.SalesTeam.findByPk(teamId, { include: [{ association: "salesManager", attributes: ["id", "name"] }] });
  if (!team) notFound("sales team");
  if (!seesAllMaterials(viewer) && !(await teamIdsOf(database, viewer.id)).includes(teamId)) notFound("sales team");

  const prePlan = await models.PrePlan.findOne({
    where: { teamId, year },
    include: [{ association: "strategies", include: [{ association: "owner", attributes: ["id", "name"] }] }],
    order: [[{ model: models.LeadStrategy, as: "strategies" }, "position", "ASC"]],
  });
  const heads = await marketingHeadIds(database);
  const sides = await sidesOf(database, viewer, team, undefined, heads);
  const headNames = (await models.User.findAll({ where: { id: { [Op.in]: [...heads] } }, attributes: ["name"] })).map((u) => u.name);
  const members = await models.TeamMembership.findAll({ where: { teamId }, include: [{ association: "user", attributes: ["id", "name", "active"] }] });
  const reps = members.filter((m) => m.user?.active).map((m) => ({ id: m.userId, name: m.user!.name, isCommittee: m.isCommittee }));
  const owners = await models.User.findAll({ where: { active: true }, attributes: ["id", "name"], order: [["name", "ASC"]] });
  const nameOf = new Map([...owners.map((o) => [o.id, o.name] as const), ...reps.map((r) => [r.id, r.name] as const)]);

  const plan = prePlan ? await planOf(database, prePlan.id) : null;
  const planDetails = plan ? await loadPlanDetails(database, plan.id) : null;
  const submitted = plan ? (await models.PreviewRound.count({ where: { materialId: plan.id } })) > 0 : false;
  const mayEdit = can(viewer, "preplan:edit") && (viewer.role === "marketer" || sides.marketing || sides.sales);

  return {
    team: { id: team.id, name: team.name, manager: team.salesManager?.name ?? null, timeZone: team.timeZone },
    year,
    today: localDate(at, team.timeZone),
    marketingHead: headNames.join(", ") || "nobody (no manager above the marketers)",
    reps,
    owners: owners.map((o) => ({ id: o.id, name: o.name })),
    prePlan: prePlan
      ? {
          id: prePlan.id,
          salesGoals: prePlan.salesGoals,
          marketingGoals: prePlan.marketingGoals,
          presentationDate: prePlan.presentationDate,
          reviewerIds: [prePlan.reviewer1Id, prePlan.reviewer2Id].filter((id): id is number => id !== null),
          reviewers: [prePlan.reviewer1Id, prePlan.reviewer2Id].filter((id): id is number => id !== null).map((id) => nameOf.get(id) ?? ""),
          strategiesWithoutSales: prePlan.strategiesWithoutSales,
          prospectProfile: prePlan.prospectProfile,
          prospectProfileWhy: prePlan.prospectProfileWhy,
          tacticChanges: prePlan.tacticChanges,
          strategies: (prePlan.strategies ?? []).map((s) => ({
            position: s.position,
            what: s.what,
            metric: s.metric,
            target: s.target,
            ownerId: s.ownerId,
            owner: s.owner?.name ?? "",
            dueDate: s.dueDate,
          })),
          marketingConfirmed: prePlan.marketingConfirmedAt ? { by: nameOf.get(prePlan.marketingConfirmedById!) ?? "", at: prePlan.marketingConfirmedAt.toISOString() } : null,
          salesConfirmed: prePlan.salesConfirmedAt ? { by: nameOf.get(prePlan.salesConfirmedById!) ?? "", at: prePlan.salesConfirmedAt.toISOString() } : null,
          agreed: prePlan.agreed,
        }
      : null,
    plan: plan && planDetails ? { id: plan.id, title: plan.title, status: plan.status, submitted, ...planDetails, blocker: submitted ? null : await planSubmissionBlocker(database, plan) } : null,
    can: {
      create: !prePlan && mayEdit,
      edit: Boolean(prePlan && !prePlan.agreed && mayEdit && !submitted),
      confirmAs:
        prePlan && can(viewer, "preplan:confirm")
          ? [sides.marketing && !prePlan.marketingConfirmedAt ? "marketing" : null, sides.sales && !prePlan.salesConfirmedAt ? "sales" : null].filter(Boolean)
          : [],
      reopen: Boolean(prePlan && (sides.marketing || sides.sales) && (prePlan.marketingConfirmedAt || prePlan.salesConfirmedAt) && !submitted),
      uploadPlan: Boolean(prePlan && !plan && can(viewer, "material:create")),
      deviations: Boolean(plan && can(viewer, "plan:deviations") && plan.status !== "in_preview"),
    },
  };
}

async function loadPlanDetails(database: Database, materialId: number) {
  const { models } = database;
  const [deviations, comments, escalations, rounds] = await Promise.all([
    models.PlanDeviation.findAll({ where: { materialId }, order: [["id", "ASC"]] }),
    models.Comment.findAll({
      where: { materialId, parentId: null },
      include: [{ association: "author", attributes: ["id", "name"] }],
      order: [["id", "ASC"]],
    }),
    models.Escalation.findAll({ where: { materialId }, order: [["id", "ASC"]] }),
    models.PreviewRound.findAll({
      where: { materialId },
      include: [{ association: "decisions", include: [{ association: "user", attributes: ["id", "name"] }] }],
      order: [["id", "DESC"]],
    }),
  ]);
  return {
    deviations: deviations.map((d) => ({ id: d.id, kind: DEVIATION_KIND_LABELS[d.kind], subject: d.subject, explanation: d.explanation })),
    comments: comments.map((c) => ({
      id: c.id,
      author: c.author?.name ?? "",
      category: COMMENT_CATEGORY_LABELS[c.category ?? "other"],
      page: c.page,
      body: c.body,
      state: c.state ? COMMENT_STATE_LABELS[c.state] : "",
      declineReason: c.declineReason ?? null,
    })),
    escalations: escalations.map((e) => ({
      id: e.id,
      commentId: e.commentId,
      state: e.state,
      level: e.level,
      decision: e.decision ? DECISION_LABELS[e.decision as EscalationDecision] : null,
      note: e.note ?? null,
    })),
    decisions: (rounds[0]?.decisions ?? []).map((d) => ({ name: d.user?.name ?? "", label: decisionLabel(d.decision), summary: d.summary ?? null })),
  };
}
