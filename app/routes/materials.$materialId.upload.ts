import type { ActionFunctionArgs } from "@remix-run/node";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { requireId, requireUserWith } from "~/lib/permissions.server";
import { storage } from "~/lib/storage.server";
import { VersionFormSchema } from "~/schemas/material";
import { addVersion } from "~/commands/add-version.server";
import { loadVisibleMaterial } from "~/rules/material-access.server";
import { maxUploadBytes, receiveUpload } from "~/lib/http/receive-upload.server";
import { uploadAnswer } from "~/lib/http/upload-response.server";

/** POST: a new version of a material, with a change note. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUserWith(request, "material:add-version");
  const materialId = requireId(params.materialId, "material");
  await loadVisibleMaterial(db(), user, materialId); // 404 before reading a byte of the body
  return uploadAnswer(
    () => receiveUpload(request, { storage: storage(), maxBytes: maxUploadBytes(), keyPrefix: "versions" }),
    async ({ fields, file }) => {
      const parsed = parseForm(VersionFormSchema, fields);
      const errors = parsed.ok ? {} : parsed.errors;
      if (!file) errors.file = "Choose a file: a PDF, PNG, JPEG or WebP.";
      if (!parsed.ok || !file) return { errors };
      const version = await addVersion(db(), user, materialId, parsed.data.changeNote, file, now());
      return { url: `/materials/${materialId}?v=${version.number}` };
    },
  );
}

export function loader() {
  return new Response("Upload with POST.", { status: 405, headers: { Allow: "POST" } });
}
