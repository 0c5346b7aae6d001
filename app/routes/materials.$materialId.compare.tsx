import { data, redirect, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Comparison } from "~/components/Comparison";
import { VersionPicker } from "~/components/VersionPicker";
import { compareUrl, type CompareView } from "~/lib/compare";
import { db } from "~/lib/db.server";
import { requireId, requireUserWith } from "~/lib/permissions.server";
import { loadComparison } from "~/queries/compare-versions.server";
import styles from "~/styles/compare.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Compare · ${data?.material.title ?? "Material"} · Collateral Preview` }];

/**
 * A version number from the address: absent (the default), or digits. Anything else is no
 * version of any material: 0, which the service answers with the 404 page once it has
 * checked the material itself may be seen.
 */
function versionParam(search: URLSearchParams, name: string): number | null {
  const raw = search.get(name);
  if (raw === null || raw === "") return null;
  return /^\d{1,6}$/.test(raw) ? Number(raw) : 0;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "material:list");
  const materialId = requireId(params.materialId, "material");
  const search = new URL(request.url).searchParams;
  const choice = { a: versionParam(search, "a"), b: versionParam(search, "b") };
  const view: CompareView = search.get("view") === "overlay" ? "overlay" : "side";
  const comparison = await loadComparison(db(), user, materialId, choice);
  const { a, b } = comparison;
  // Picked the other way round: the address says what the page shows, earlier version first.
  if (choice.a !== null && choice.b !== null && choice.a > choice.b) throw redirect(compareUrl(materialId, a.number, b.number, view));
  const same = comparison.versions.length > 1 && a.id === b.id;
  return data(
    { ...comparison, view, error: same ? `Pick two different versions: both choices are version ${a.number}.` : null },
    { status: same ? 400 : 200 },
  );
}

export default function Compare() {
  const { material, versions, a, b, comments, view, error } = useLoaderData<typeof loader>();
  return (
    <div className="compare-page">
      <p>
        <Link to={`/materials/${material.id}`}>← {material.title}</Link>
      </p>
      <h1>Compare versions of {material.title}</h1>
      {versions.length < 2 ? (
        <p className="notice">This material has only one version so far, so there is nothing to compare it with yet.</p>
      ) : (
        <>
          <VersionPicker versions={versions} a={a.number} b={b.number} view={view} error={error} />
          {error ? null : <Comparison key={`${a.id}-${b.id}`} materialId={material.id} a={a} b={b} comments={comments} view={view} />}
        </>
      )}
    </div>
  );
}

