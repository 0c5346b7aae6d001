import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { db } from "~/lib/db.server";
import { endSession } from "~/lib/session.server";

export async function action({ request }: ActionFunctionArgs) {
  const cookie = await endSession(db(), request);
  return redirect("/login?reason=signed-out", { headers: { "Set-Cookie": cookie } });
}

export async function loader() {
  return redirect("/");
}
