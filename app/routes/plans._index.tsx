import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { requireUserWith } from "~/lib/permissions.server";
import { listPlans } from "~/queries/plan-page.server";

export const meta: MetaFunction = () => [{ title: "Annual plans · Collateral Preview" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "preplan:view");
  return listPlans(db(), user, now());
}

export default function Plans() {
  const { years, rows } = useLoaderData<typeof loader>();
  return (
    <section className="card">
      <h1>Annual plans</h1>
      <p className="muted">
        Each year, marketing and each sales team's manager agree a pre-plan; marketing then submits the plan to the whole team for
        preview, explaining every deviation from the pre-plan.
      </p>
      {rows.length === 0 ? <p className="muted">You are not in a sales team yet.</p> : null}
      <table data-testid="plans">
        <thead>
          <tr>
            <th>Team</th>
            {years.map((y) => (
              <th key={y}>{y}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td>{row.name}</td>
              {row.cells.map((cell) => (
                <td key={cell.year}>
                  <Link to={`/plans/${row.id}/${cell.year}`}>{cell.state}</Link>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
