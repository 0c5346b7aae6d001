import { lockRow, type Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import type { User } from "../../models/index";
import { requirePermission } from "../lib/permissions";
import { recordAudit } from "../lib/audit.server";
import { localDate } from "../domain/business-time";
import { neededByRefusal } from "../domain/requests";
import { allow, notify } from "../domain/workflow/types";
import type { RequestFormInput } from "../schemas/request";
import type { ReceivedExample } from "../lib/http/receive-upload.server";
import { requestNoticeFacts } from "../rules/request-access.server";
import { Effects } from "./effects.server";

type Actor = Pick<User, "id" | "role" | "active" | "timeZone">;

/** How long the same request again is taken for the first one sent twice. */
const TWIN_WINDOW_MS = 10 * 60_000;

/**
 * A rep asks marketing for material that does not exist, for their sales team, needed by
 * a day that is not in the past on their own calendar; every active marketer is told. The
 * example, if any, is already in storage: the caller removes it if this throws, so a
 * refused request leaves nothing behind.
 */
export async function openRequest(database: Database, actor: Actor, input: RequestFormInput, example: NonNullable<ReceivedExample["file"]> | null, at: Date) {
  requirePermission(actor, "request:create", undefined, "Only sales reps file requests for material.");
  const late = neededByRefusal(input.neededBy, localDate(at, actor.timeZone));
  if (late) throw new InputError({ neededBy: late });
  const { models } = database;
  // A rep in several teams asks for the first they joined; nearly every rep has one team.
  const membership = await models.TeamMembership.findOne({ where: { userId: actor.id }, order: [["id", "ASC"]] });
  if (!membership) throw new InputError({ form: "You are in no sales team yet, so there is no team to ask for. An administrator adds you to one." }, 409);
  return database.write(async (t) => {
    // The same request sent twice (a double click, a retried upload) files one: the second is refused, and its example removed by the caller.
    await lockRow(database, t, "users", actor.id);
    const last = await models.MaterialRequest.findOne({ where: { requesterId: actor.id }, order: [["id", "DESC"]], transaction: t });
    if (last && last.need === input.need && last.customers === input.customers && last.neededBy === input.neededBy && at.getTime() - last.createdAt.getTime() < TWIN_WINDOW_MS) {
      throw new InputError({ need: `You sent this request a moment ago: it is request ${last.id}, in the list of requests.` }, 409);
    }
    const request = await models.MaterialRequest.create(
      {
        requesterId: actor.id,
        teamId: membership.teamId,
        need: input.need,
        customers: input.customers,
        neededBy: input.neededBy,
        details: input.details,
        exampleKey: example?.key ?? null,
        exampleName: example?.fileName ?? null,
        exampleMime: example?.contentType ?? null,
        exampleSize: example?.size ?? null,
        state: "open",
        createdAt: at,
        updatedAt: at,
      },
      { transaction: t },
    );
    await recordAudit(database, t, {
      actorId: actor.id,
      action: "request.opened",
      entityType: "request",
      entityId: request.id,
      after: { need: input.need, teamId: membership.teamId, neededBy: input.neededBy, example: example ? { size: example.size, sha256: example.sha256 } : null },
      at,
    });
    const marketers = await models.User.findAll({ where: { role: "marketer", active: true }, attributes: ["id"], transaction: t });
    const facts = await requestNoticeFacts(database, request, t);
    await new Effects()
      .add(allow(null, [], notify("request_opened", { marketers: marketers.map((m) => m.id) }, actor.id)), actor.id, at, { material: { id: 0, title: input.need }, request: facts.request })
      .flush(database, t, at);
    return request;
  });
}
