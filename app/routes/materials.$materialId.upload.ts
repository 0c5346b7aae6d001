import type { ActionFunctionArgs } from "@remix-run/node";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { requireId, requireUserWith } from "~/lib/permissions.server";
import { VersionFormSchema } from "~/schemas/material";
import { addVersion } from "~/commands/add-version.server";
import { loadVisibleMaterial } from "~/rules/material-access.server";
import { uploadVersion } from "~/lib/http/upload-response.server";

/** POST: a new version of a material, with a change note. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUserWith(request, "material:add-version");
  const materialId = requireId(params.materialId, "material");
  await loadVisibleMaterial(db(), user, materialId); // 404 before reading a byte of the body
  return uploadVersion(request, VersionFormSchema, async ({ changeNote }, file) => {
    const version = await addVersion(db(), user, materialId, changeNote, file, now());
    return { url: `/materials/${materialId}?v=${version.number}` };
  });
}

export function loader() {
  return new Response("Upload with POST.", { status: 405, headers: { Allow: "POST" } });
}
