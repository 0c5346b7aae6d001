import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/**
 * What the browser downloads: the client build's own account of its inputs (esbuild's
 * metafile, written by `remix build`, which the e2e setup runs). Server-side libraries must
 * never reach it, and neither must zod: the forms in the browser need the schemas' limits,
 * not the parser, and its 440 KB sit on the path to the first page a reviewer sees.
 */
describe("the browser bundle", () => {
  const meta = JSON.parse(readFileSync("build/metafile.js.json", "utf8")) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
  const shipped = Object.values(meta.outputs).flatMap((output) => Object.keys(output.inputs));

  it("carries no server library and no zod", () => {
    const server = shipped.filter((input) => /node_modules\/(zod|sequelize|pg|sqlite3|nodemailer|@aws-sdk|argon2|busboy|express)\//.test(input));
    expect(server).toEqual([]);
  });

  it("carries no server module of the app", () => {
    expect(shipped.filter((input) => /\.server\.tsx?$|^models\/|^migrations\//.test(input))).toEqual([]);
  });
});
