import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { Writable } from "node:stream";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleError } from "~/entry.server";
import { createApp } from "~/lib/http.server";
import { configureLogging, createLogger } from "~/lib/log.server";
import { httpRequests } from "~/lib/metrics.server";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { logLines } from "../helpers/logs";

/**
 * The Express layer with a small route build of resource routes (one fails), so that the
 * 5xx path runs: Remix's error handler (entry.server.tsx) logs the error with its stack
 * under the request's id, and the request's own line is an error.
 */
const BUILD = {
  mode: "production",
  routes: {
    root: { id: "root", path: "", module: {} },
    "routes/items.$id": { id: "routes/items.$id", parentId: "root", path: "items/:id", module: { loader: ({ params }: { params: { id: string } }) => Response.json({ id: params.id }) } },
    "routes/boom": {
      id: "routes/boom",
      parentId: "root",
      path: "boom",
      module: {
        loader: () => {
          throw new Error("the database said no");
        },
      },
    },
  },
  assets: { routes: {}, version: "test" },
  entry: { module: { handleError } },
  future: { v3_singleFetch: true },
} as unknown as ServerBuild;

describe("request lines and the 5xx path", () => {
  let tdb: TestDatabase;
  const servers: Server[] = [];
  let written = "";
  const destination = new Writable({
    write(chunk, _encoding, done) {
      written += String(chunk);
      done();
    },
  });

  async function listen(logRequests: boolean) {
    const app = createApp({ database: tdb.database, build: BUILD, logRequests, logger: createLogger({ name: "web", destination }) });
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  const linesOf = (reqId: string) => logLines(written).filter((line) => line.reqId === reqId);
  const count = async (route: string, statusClass: string) =>
    (await httpRequests.get()).values.find((v) => v.labels.route === route && v.labels.status_class === statusClass && v.labels.method === "GET")?.value ?? 0;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    // Remix's error handler logs through the process's logger.
    configureLogging({ name: "web", destination });
  });
  afterAll(async () => {
    for (const server of servers) await new Promise((resolve) => server.close(resolve));
    configureLogging({ name: "collateral-preview" });
    await tdb.cleanup().catch(() => undefined);
  });

  it("logs a thrown error once, with its stack and the request's id, and the request line as an error", async () => {
    const base = await listen(true);
    const response = await fetch(`${base}/boom`, { headers: { "X-Request-Id": "boom-1" } });
    expect(response.status).toBe(500);
    expect(response.headers.get("x-request-id")).toBe("boom-1");
    await expect.poll(() => linesOf("boom-1").length).toBe(2);
    const [failure, request] = linesOf("boom-1");
    expect(failure).toMatchObject({ level: "error", msg: "Request failed", err: { type: "Error", message: "the database said no" } });
    expect(failure.err!.stack).toMatch(/^Error: the database said no\n\s+at /);
    expect(request).toMatchObject({ level: "error", method: "GET", path: "/boom", route: "routes/boom", status: 500 });
    expect(request.err).toBeUndefined();
  });

  it("counts requests by route pattern whether or not request lines are on", async () => {
    const before = await count("routes/items.$id", "2xx");
    const quiet = await listen(false);
    const lines = logLines(written).length;
    for (const id of ["1", "2", "3"]) {
      const response = await fetch(`${quiet}/items/${id}?secret=x`);
      expect(await response.json()).toEqual({ id });
    }
    expect(await count("routes/items.$id", "2xx")).toBe(before + 3);
    expect(logLines(written)).toHaveLength(lines);

    expect(written).not.toContain("secret=x");
  });
});
