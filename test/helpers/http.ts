import { inject } from "vitest";
import { openDatabase, type Database } from "~/lib/db.server";

export const DEMO_PASSWORD = "preview-demo";

export function baseUrl() {
  return inject("baseUrl");
}

/** A read handle on the running server's SQLite file, for checking what was (not) written. */
export function serverDatabase(): Database {
  return openDatabase({ url: inject("databaseUrl") });
}

/** A form POST the way a browser on the app's own pages sends it. */
export function post(path: string, fields: Record<string, string>, cookie?: string, origin = baseUrl()) {
  return fetch(baseUrl() + path, {
    method: "POST",
    redirect: "manual",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: origin,
      ...(cookie ? { Cookie: cookie } : {}),
    },
    body: new URLSearchParams(fields),
  });
}

export function get(path: string, cookie?: string) {
  return fetch(baseUrl() + path, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });
}

/** Signs in over HTTP and returns the session cookie ("cp_session=…"). */
export async function signInAs(email: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await post("/login", { email, password });
  const setCookie = response.headers.get("set-cookie");
  if (response.status !== 302 || !setCookie) {
    throw new Error(`Sign-in as ${email} failed with ${response.status}: ${await response.text()}`);
  }
  return setCookie.split(";")[0];
}

/** The text of an HTML page without tags, for asserting on what a person would read. */
export function visibleText(html: string) {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&gt;/g, ">")
    .replace(/&lt;/g, "<")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

/** Sends a multipart form (with a file) the way the upload page does. */
export function upload(path: string, fields: Record<string, string | string[]>, file: { name: string; bytes: Uint8Array; type?: string } | null, cookie: string) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) form.append(key, v);
  }
  if (file) form.append("file", new Blob([new Uint8Array(file.bytes)], { type: file.type ?? "application/octet-stream" }), file.name);
  return fetch(baseUrl() + path, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: baseUrl(), Cookie: cookie, Accept: "application/json" },
    body: form,
  });
}
