import type { ActionFunctionArgs } from "@remix-run/node";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { requireUserWith } from "~/lib/permissions.server";
import { storage } from "~/lib/storage.server";
import { MAX_EXAMPLE_BYTES } from "~/domain/requests";
import { RequestFormSchema } from "~/schemas/request";
import { openRequest } from "~/commands/open-request.server";
import { receiveExample } from "~/lib/http/receive-upload.server";
import { uploadAnswer } from "~/lib/http/upload-response.server";

/** POST (multipart): a new request, with the rep's own version as an example streamed to storage. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWith(request, "request:create");
  return uploadAnswer(
    () => receiveExample(request, { storage: storage(), maxBytes: MAX_EXAMPLE_BYTES, keyPrefix: "requests" }),
    async ({ fields, file }) => {
      const parsed = parseForm(RequestFormSchema, fields);
      if (!parsed.ok) return { errors: parsed.errors };
      const created = await openRequest(db(), user, parsed.data, file, now());
      return { url: `/requests/${created.id}` };
    },
  );
}

export function loader() {
  return new Response("Upload with POST.", { status: 405, headers: { Allow: "POST" } });
}
