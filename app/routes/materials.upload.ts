import type { ActionFunctionArgs } from "@remix-run/node";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { requireUserWith } from "~/lib/permissions.server";
import { MaterialFormSchema } from "~/schemas/material";
import { createMaterial } from "~/commands/create-material.server";
import { uploadVersion } from "~/lib/http/upload-response.server";

/** POST: a new material with its first file (multipart; the file streams to storage). */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWith(request, "material:create");
  return uploadVersion(request, MaterialFormSchema, async (input, file) => {
    const { material } = await createMaterial(db(), user, input, file, now());
    return { url: `/materials/${material.id}` };
  });
}

export function loader() {
  return new Response("Upload with POST.", { status: 405, headers: { Allow: "POST" } });
}
