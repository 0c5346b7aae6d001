import { DataTypes, type QueryInterface } from "sequelize";

/**
 * What happens after release: the field's feedback on released material, and requests for
 * material that does not exist yet.
 *
 * - `customer_segments`: the list of segments or industries the admin keeps. A segment in
 *   use is archived, never deleted, so old feedback keeps its label.
 * - `field_feedback`: one rep's report of how a released material went with customers,
 *   against the version they had and the target team they were in when they wrote it
 *   (team figures count by it). `feedback_replies` is marketing's thread under it.
 * - `material_requests`: a rep asks marketing for material they keep making themselves.
 *   It is open, accepted, declined (with a reason) or answered by linking a material;
 *   `answerKind` says whether that material was already released (`existing`) or made for
 *   the request (`new`). `releaseToldAt` marks that the requesters heard of its release.
 */
export async function up({ context: qi }: { context: QueryInterface }) {
  const now = { type: DataTypes.DATE, allowNull: false };
  const user = { type: DataTypes.INTEGER, references: { model: "users", key: "id" }, onDelete: "CASCADE" };
  const material = { type: DataTypes.INTEGER, references: { model: "materials", key: "id" }, onDelete: "CASCADE" };
  const team = { type: DataTypes.INTEGER, references: { model: "sales_teams", key: "id" }, onDelete: "CASCADE" };

  await qi.createTable("customer_segments", {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    name: { type: DataTypes.STRING(80), allowNull: false },
    archived: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    createdAt: now,
    updatedAt: now,
  });
  await qi.addIndex("customer_segments", ["name"], { unique: true, name: "customer_segments_name" });

  await qi.createTable("field_feedback", {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    materialId: { ...material, allowNull: false },
    versionId: { type: DataTypes.INTEGER, allowNull: false, references: { model: "material_versions", key: "id" }, onDelete: "CASCADE" },
    authorId: { ...user, allowNull: false },
    teamId: { ...team, allowNull: false },
    outcome: { type: DataTypes.STRING(16), allowNull: false },
    segmentId: { type: DataTypes.INTEGER, allowNull: false, references: { model: "customer_segments", key: "id" } },
    body: { type: DataTypes.TEXT, allowNull: false },
    page: { type: DataTypes.INTEGER, allowNull: true },
    createdAt: now,
    updatedAt: now,
  });
  // The material page's list, team figures, and "From the field" newest first (all of it, or walked until
  // a marketer's own material fills the page).
  await qi.addIndex("field_feedback", ["materialId", "createdAt"], { name: "field_feedback_material" });
  await qi.addIndex("field_feedback", ["teamId", "createdAt"], { name: "field_feedback_team" });
  await qi.addIndex("field_feedback", ["createdAt", "id"], { name: "field_feedback_created" });

  await qi.createTable("feedback_replies", {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    feedbackId: { type: DataTypes.INTEGER, allowNull: false, references: { model: "field_feedback", key: "id" }, onDelete: "CASCADE" },
    authorId: { ...user, allowNull: false },
    body: { type: DataTypes.TEXT, allowNull: false },
    createdAt: now,
  });
  await qi.addIndex("feedback_replies", ["feedbackId", "id"], { name: "feedback_replies_thread" });

  await qi.createTable("material_requests", {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    requesterId: { ...user, allowNull: false },
    teamId: { ...team, allowNull: false },
    need: { type: DataTypes.STRING(200), allowNull: false },
    customers: { type: DataTypes.STRING(500), allowNull: false },
    neededBy: { type: DataTypes.STRING(10), allowNull: false },
    details: { type: DataTypes.TEXT, allowNull: true },
    exampleKey: { type: DataTypes.STRING(255), allowNull: true },
    exampleName: { type: DataTypes.STRING(255), allowNull: true },
    exampleMime: { type: DataTypes.STRING(100), allowNull: true },
    exampleSize: { type: DataTypes.INTEGER, allowNull: true },
    state: { type: DataTypes.STRING(16), allowNull: false, defaultValue: "open" },
    declineReason: { type: DataTypes.TEXT, allowNull: true },
    answeredMaterialId: { ...material, allowNull: true, onDelete: "SET NULL" },
    answerKind: { type: DataTypes.STRING(16), allowNull: true },
    handledById: { type: DataTypes.INTEGER, allowNull: true, references: { model: "users", key: "id" }, onDelete: "SET NULL" },
    acceptedAt: { type: DataTypes.DATE, allowNull: true },
    answeredAt: { type: DataTypes.DATE, allowNull: true },
    declinedAt: { type: DataTypes.DATE, allowNull: true },
    releaseToldAt: { type: DataTypes.DATE, allowNull: true },
    createdAt: now,
    updatedAt: now,
  });
  // Lists by state and date (the heads' overdue queue), by team, and the requests a release answers.
  await qi.addIndex("material_requests", ["state", "neededBy"], { name: "material_requests_state_due" });
  await qi.addIndex("material_requests", ["teamId", "createdAt"], { name: "material_requests_team" });
  await qi.addIndex("material_requests", ["answeredMaterialId"], { name: "material_requests_material" });
}

export async function down({ context: qi }: { context: QueryInterface }) {
  await qi.dropTable("material_requests");
  await qi.dropTable("feedback_replies");
  await qi.dropTable("field_feedback");
  await qi.dropTable("customer_segments");
}
