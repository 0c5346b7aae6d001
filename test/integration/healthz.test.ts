import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "~/lib/http.server";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

/** /healthz is answered by the Express layer before Remix, so no route build is needed here. */
const NO_ROUTES = { routes: {}, assets: { routes: {} }, entry: { module: {} }, future: {} } as unknown as ServerBuild;

describe("GET /healthz", () => {
  let tdb: TestDatabase;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    const app = createApp({ database: tdb.database, build: NO_ROUTES, logRequests: false });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await tdb.cleanup().catch(() => undefined);
  });

  it("is 200 ok while the database answers", async () => {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("is 503 with a reason once the database cannot be queried", async () => {
    await tdb.database.close();
    const response = await fetch(url);
    expect(response.status).toBe(503);
    const body = await response.json();
    expect(body.status).toBe("unavailable");
    expect(body.reason).toMatch(/^database query failed: /);
  });
});
