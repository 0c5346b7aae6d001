import { Op, type Transaction } from "sequelize";
import type { Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import type { MaterialRequest, User } from "../../models/index";
import { requirePermission } from "../lib/permissions";
import { recordAudit } from "../lib/audit.server";
import { requestActionRefusal, type RequestState } from "../domain/requests";
import { allow, notify, type NoticeKind } from "../domain/workflow/types";
import { loadVisibleRequest, requestNoticeFacts } from "../rules/request-access.server";
import { Effects, type NoticeFacts } from "./effects.server";

export type Actor = Pick<User, "id" | "role" | "active" | "timeZone">;

type StepFacts = Partial<Omit<NoticeFacts, "request">> & { request?: Partial<NonNullable<NoticeFacts["request"]>> };

/**
 * The steps every marketing answer to a request takes: the request as the actor may see it
 * (404 otherwise), marketing only, a state that allows the action (409 otherwise), then one
 * transaction with a conditional update (a second answer at the same moment finds the
 * state changed and gets the same 409), the audit row, and the notice to the requester and
 * their manager.
 */
export async function answerStep(
  database: Database,
  actor: Actor,
  requestId: number,
  at: Date,
  step: {
    action: "accept" | "decline" | "answer";
    /** The audit row's action. */
    audit: string;
    kind: NoticeKind;
    /** Checks inside the transaction; returns the columns to change and what the notice speaks of. */
    change: (request: MaterialRequest, t: Transaction) => Promise<{ values: Partial<MaterialRequest>; facts?: StepFacts }>;
  },
) {
  await loadVisibleRequest(database, actor, requestId);
  requirePermission(actor, "request:answer", undefined, "Only marketing answers requests for material.");
  return database.write(async (t) => {
    const request = await loadVisibleRequest(database, actor, requestId, t);
    const refusal = requestActionRefusal(request.state, step.action);
    if (refusal) throw new InputError({ form: refusal }, 409);
    const { values, facts } = await step.change(request, t);
    const from = request.state;
    const [changed] = await database.models.MaterialRequest.update(
      { ...values, handledById: actor.id, updatedAt: at },
      { where: { id: request.id, state: from }, transaction: t, silent: true },
    );
    if (changed !== 1) throw new InputError({ form: "Someone answered this request a moment ago. Reload the page to see how." }, 409);
    await recordAudit(database, t, {
      actorId: actor.id,
      action: step.audit,
      entityType: "request",
      entityId: request.id,
      before: { state: from },
      after: { ...values } as Record<string, unknown>,
      at,
    });
    const about = await requestNoticeFacts(database, request, t);
    const me = await database.models.User.findByPk(actor.id, { attributes: ["name"], transaction: t });
    const notices = notify(step.kind, { requester: [request.requesterId], requester_manager: [about.managerId] }, actor.id);
    await new Effects()
      .add(allow(null, [], notices), actor.id, at, { material: { id: 0, title: request.need }, actor: me?.name, ...facts, request: { ...about.request, ...facts?.request } })
      .flush(database, t, at);
    return (await database.models.MaterialRequest.findByPk(request.id, { transaction: t }))!;
  });
}

/**
 * A linked material is released: everyone whose answered request it is, and who has not
 * heard yet, is told once (`releaseToldAt`, set by a conditional update in the release's
 * own transaction, so a second release of a later version tells nobody again).
 */
export async function tellRequesters(database: Database, t: Transaction, materialId: number, title: string, actorId: number | null, at: Date) {
  const where = { answeredMaterialId: materialId, state: "answered" as RequestState, releaseToldAt: null };
  const waiting = await database.models.MaterialRequest.findAll({ where, transaction: t });
  if (waiting.length === 0) return;
  await database.models.MaterialRequest.update({ releaseToldAt: at }, { where: { ...where, id: { [Op.in]: waiting.map((r) => r.id) } }, transaction: t, silent: true });
  const effects = new Effects();
  for (const request of waiting) {
    effects.add(allow(null, [], notify("request_released", { requesters: [request.requesterId] }, actorId)), actorId, at, {
      material: { id: materialId, title },
      request: { id: request.id, need: request.need, customers: request.customers, neededBy: request.neededBy, requester: "", team: "" },
    });
  }
  await effects.flush(database, t, at);
}
