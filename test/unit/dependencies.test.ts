import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

describe("the installed dependency tree", () => {
  it("is what package.json and the lock file say: npm ls finds nothing invalid, missing or extraneous", async () => {
    const { stdout } = await run("npm", ["ls", "--json"], { maxBuffer: 32 * 1024 * 1024 }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "{}" }));
    const tree = JSON.parse(stdout) as { problems?: string[] };
    expect(tree.problems ?? []).toEqual([]);
  }, 60_000);
});
