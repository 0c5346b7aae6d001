import type { Action } from "~/lib/permissions";
import { readForm } from "~/lib/actions.server";
import { requireId, requireUserWith } from "~/lib/permissions.server";

/**
 * What a page's action starts from: the signed-in user (who must hold `permission`), the
 * id of the object the page shows (404 when it is no id), the form and its `intent`.
 */
export async function readPageForm(request: Request, permission: Action, rawId: string | undefined, entity: string) {
  const user = await requireUserWith(request, permission);
  const id = requireId(rawId, entity);
  const formData = await readForm(request);
  return { user, id, formData, intent: formData.get("intent") };
}
