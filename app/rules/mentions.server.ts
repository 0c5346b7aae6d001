import { col, fn, Op, where, type Transaction } from "sequelize";
import type { Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import { mayMention, scanMentions, type Mentionable } from "../domain/mentions";

/** Who may see a material, and so be mentioned on it: marketing, managers, admins, and the target teams' members. */
export async function mentionableOnMaterial(database: Database, materialId: number, t?: Transaction): Promise<Mentionable[]> {
  const { models } = database;
  const targets = await models.MaterialTeam.findAll({ where: { materialId }, attributes: ["teamId"], transaction: t });
  const members = await models.TeamMembership.findAll({ where: { teamId: { [Op.in]: targets.length ? targets.map((x) => x.teamId) : [-1] } }, attributes: ["userId"], transaction: t });
  const people = await models.User.findAll({
    where: { active: true, [Op.or]: [{ role: { [Op.in]: ["marketer", "manager", "admin"] } }, { id: { [Op.in]: members.length ? members.map((m) => m.userId) : [-1] } }] },
    attributes: ["id", "name"],
    order: [["name", "ASC"]],
    transaction: t,
  });
  return people.map((p) => ({ id: p.id, name: p.name }));
}

/** Who may read an escalation's discussion, and so be mentioned in it: its parties and every manager ever addressed. */
export async function mentionableOnEscalation(database: Database, escalation: { id: number; commentId: number }, t?: Transaction): Promise<Mentionable[]> {
  const { models } = database;
  const assignees = await models.EscalationAssignee.findAll({ where: { escalationId: escalation.id }, attributes: ["userId"], transaction: t });
  const comment = await models.Comment.findByPk(escalation.commentId, { attributes: ["authorId", "answeredById", "materialId"], transaction: t });
  const material = comment ? await models.Material.findByPk(comment.materialId, { attributes: ["ownerId"], transaction: t }) : null;
  const ids = [...assignees.map((a) => a.userId), comment?.authorId, comment?.answeredById ?? material?.ownerId].filter((id): id is number => typeof id === "number");
  const people = await models.User.findAll({ where: { active: true, id: { [Op.in]: ids.length ? ids : [-1] } }, attributes: ["id", "name"], order: [["name", "ASC"]], transaction: t });
  return people.map((p) => ({ id: p.id, name: p.name }));
}

/**
 * The people `text` mentions among those who may see it (`loadPeople`, asked only when
 * the text may mention someone: most comments mention nobody). A mention of anyone else is
 * refused beside the field, saying why without telling that person anything: unknown,
 * deactivated, or not able to see it.
 */
export async function checkMentions(
  database: Database,
  text: string,
  loadPeople: () => Promise<Mentionable[]>,
  field: string,
  on: "material" | "discussion",
  t?: Transaction,
): Promise<Mentionable[]> {
  if (!mayMention(text)) return [];
  const people = await loadPeople();
  const scan = scanMentions(text, people);
  if (scan.unmatched.length === 0) return scan.mentioned;
  const word = scan.unmatched[0];
  const others = await database.models.User.findAll({
    where: { [Op.or]: [where(fn("lower", col("name")), { [Op.like]: `${word.toLowerCase()} %` }), where(fn("lower", col("name")), word.toLowerCase())] },
    attributes: ["name", "active"],
    limit: 5,
    transaction: t,
  });
  const same = others.filter((o) => o.name.split(/\s+/)[0].toLocaleLowerCase() === word.toLocaleLowerCase());
  const hint = "Type @ and choose a name from the list.";
  let message: string;
  if (same.length === 0) message = `Nobody called “@${word}” can be mentioned here. ${hint}`;
  else if (same.every((o) => !o.active)) message = `${same[0].name}'s account is deactivated, so they cannot be mentioned. ${hint}`;
  else if (people.some((p) => p.name.split(/\s+/)[0].toLocaleLowerCase() === word.toLocaleLowerCase())) message = `More than one person here is called ${word}: write the full name. ${hint}`;
  else message = `${same.find((o) => o.active)!.name} cannot see this ${on}, so a mention would not reach them. Mention someone who takes part. ${hint}`;
  throw new InputError({ [field]: message });
}
