import type { ActionFunctionArgs } from "@remix-run/node";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { requireUserWith } from "~/lib/permissions.server";
import { storage } from "~/lib/storage.server";
import { MaterialFormSchema } from "~/schemas/material";
import { createMaterial } from "~/commands/create-material.server";
import { maxUploadBytes, receiveUpload } from "~/lib/http/receive-upload.server";
import { uploadAnswer } from "~/lib/http/upload-response.server";

/** POST: a new material with its first file (multipart; the file streams to storage). */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWith(request, "material:create");
  return uploadAnswer(
    () => receiveUpload(request, { storage: storage(), maxBytes: maxUploadBytes(), keyPrefix: "versions" }),
    async ({ fields, file }) => {
      const parsed = parseForm(MaterialFormSchema, fields);
      const errors = parsed.ok ? {} : parsed.errors;
      if (!file) errors.file = "Choose a file: a PDF, PNG, JPEG or WebP.";
      if (!parsed.ok || !file) return { errors };
      const { material } = await createMaterial(db(), user, parsed.data, file, now());
      return { url: `/materials/${material.id}` };
    },
  );
}

export function loader() {
  return new Response("Upload with POST.", { status: 405, headers: { Allow: "POST" } });
}
