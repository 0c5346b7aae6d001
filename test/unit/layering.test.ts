import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The house is built bottom-up: `app/domain/` (pure rules and vocabulary) imports only
 * itself and libraries; `models/` imports models and the domain. Nothing at the bottom may
 * reach up into lib, commands, queries, routes, components or jobs, or the layers stop
 * meaning anything. Above them, read models never import commands (vocabulary lives in the
 * domain), and nothing server-side imports a page. This reads the import statements of every file there, as text: any file of the
 * repository outside the allowed folders counts as reaching up.
 */
const ROOT = path.resolve(__dirname, "../..");

/** Imports that break the rule today, each one a line to fix; the test fails when one is fixed and still listed. */
const KNOWN: Record<string, string[]> = {};

function filesUnder(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(relative);
    return /\.(ts|tsx)$/.test(entry.name) ? [relative] : [];
  });
}

/** Every module a file names in `import … from`, `export … from`, `import "…"` and `import("…")`. */
export function importedModules(source: string): string[] {
  const pattern = /(?:^|[\s;])(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|(?:^|[\s;])import\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;
  return [...source.matchAll(pattern)].map((m) => m[1] ?? m[2] ?? m[3]);
}

/** The repository path a specifier points at (without extension), or null for a package. */
function resolve(file: string, specifier: string): string | null {
  if (specifier.startsWith("~/")) return path.posix.join("app", specifier.slice(2));
  if (!specifier.startsWith(".")) return null;
  return path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
}

function violations(file: string, allowed: string[]) {
  const source = readFileSync(path.join(ROOT, file), "utf8");
  return importedModules(source)
    .map((specifier) => resolve(file, specifier))
    .filter((target): target is string => target !== null)
    .filter((target) => !allowed.some((layer) => target === layer || target.startsWith(`${layer}/`)));
}

describe("layering", () => {
  it("reads every kind of import statement", () => {
    const source = [
      'import { a } from "../lib/a";',
      'import type { B } from "~/services/b.server";',
      "import {\n  c,\n  d,\n} from '../routes/c';",
      'export { e } from "../jobs/e";',
      'import "../components/side-effect";',
      'const f = await import("../lib/f");',
      'import luxon from "luxon";',
    ].join("\n");
    expect(importedModules(source)).toEqual(["../lib/a", "~/services/b.server", "../routes/c", "../jobs/e", "../components/side-effect", "../lib/f", "luxon"]);
  });

  const domain = filesUnder("app/domain");
  const models = filesUnder("models");

  it("finds the files it checks", () => {
    expect(domain).toContain("app/domain/roles.ts");
    expect(domain).toContain("app/domain/workflow/index.ts");
    expect(models).toContain("models/User.ts");
  });

  it("app/domain imports nothing but app/domain and packages", () => {
    const found = Object.fromEntries(domain.map((file) => [file, violations(file, ["app/domain"])]).filter(([file, v]) => v.length > 0 && !KNOWN[file as string]));
    expect(found).toEqual({});
  });

  it("models import nothing but models, app/domain and packages", () => {
    const found = Object.fromEntries(models.map((file) => [file, violations(file, ["models", "app/domain"])]).filter(([, v]) => v.length > 0));
    expect(found).toEqual({});
  });

  it("every listed exception is still an import that breaks the rule (remove it once fixed)", () => {
    for (const [file, targets] of Object.entries(KNOWN)) expect(violations(file, ["app/domain"]), file).toEqual(targets);
  });

  const reachingUp = (dir: string, forbidden: string[]) =>
    Object.fromEntries(
      filesUnder(dir)
        .map((file) => [file, violations(file, []).filter((target) => forbidden.some((layer) => target.startsWith(`${layer}/`)))] as const)
        .filter(([, v]) => v.length > 0),
    );

  it("read models (app/queries) import no command, route or component", () => {
    expect(reachingUp("app/queries", ["app/commands", "app/routes", "app/components"])).toEqual({});
  });

  it("rule lookups (app/rules) import no command, read model, route or component", () => {
    expect(reachingUp("app/rules", ["app/commands", "app/queries", "app/routes", "app/components", "app/jobs"])).toEqual({});
  });

  it("commands import no route, component or read model", () => {
    expect(reachingUp("app/commands", ["app/routes", "app/components", "app/queries"])).toEqual({});
  });

  it("infrastructure (app/lib) imports no command, read model, rule, route or component; its HTTP adapters (lib/http) may call commands", () => {
    const infrastructure = Object.fromEntries(
      Object.entries(reachingUp("app/lib", ["app/commands", "app/queries", "app/rules", "app/routes", "app/components", "app/jobs"])).filter(([file]) => !file.startsWith("app/lib/http/")),
    );
    expect(infrastructure).toEqual({});
    expect(reachingUp("app/lib/http", ["app/routes", "app/components", "app/jobs"])).toEqual({});
  });
});
