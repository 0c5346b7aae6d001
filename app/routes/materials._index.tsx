import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { db } from "~/lib/db.server";
import { now } from "~/lib/clock.server";
import { can } from "~/lib/permissions";
import { requireUserWith } from "~/lib/permissions.server";
import { MATERIAL_KIND_LABELS } from "~/domain/materials";
import { LIST_STATUSES, LIST_STATUS_LABELS, listCountLine, progressLine } from "~/domain/material-list";
import { MAX_SEARCH } from "~/domain/library";
import { parseMaterialsListQuery } from "~/schemas/materials-list";
import { listMaterials, listTeams } from "~/queries/materials-list.server";
import { TimeLeft } from "~/components/PreviewPanel";
import styles from "~/styles/materials-list.css";
import { FilterSelect } from "~/components/FilterSelect";
import { Notices } from "~/components/Notices";

export const meta: MetaFunction = () => [{ title: "Materials · Collateral Preview" }];

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "material:list");
  const database = db();
  const teams = await listTeams(database, user);
  const { filters, notes } = parseMaterialsListQuery(new URL(request.url).searchParams, teams.map((t) => t.id));
  const list = await listMaterials(database, user, teams, filters, now());
  if (list.page < filters.page) notes.push(`There ${list.pages === 1 ? "is only 1 page" : `are only ${list.pages} pages`}; showing the last.`);
  return {
    canCreate: can(user, "material:create"),
    teams,
    filters,
    filtered: Boolean(filters.q || filters.status || filters.teamId),
    notes,
    ...list,
  };
}

function Dash() {
  return (
    <>
      <span className="muted" aria-hidden="true">
        —
      </span>
      <span className="visually-hidden">none</span>
    </>
  );
}

export default function Materials() {
  const data = useLoaderData<typeof loader>();
  const { rows, canCreate, teams, filters, filtered, notes, page, pages } = data;
  const [params] = useSearchParams();
  const pageLink = (n: number) => {
    const next = new URLSearchParams(params);
    if (n === 1) next.delete("page");
    else next.set("page", String(n));
    const query = next.toString();
    return query ? `?${query}` : "?";
  };
  return (
    <>
      <div className="spread">
        <h1>Materials</h1>
        {canCreate ? (
          <Link to="/materials/new" className="button">
            New material
          </Link>
        ) : null}
      </div>
      <Form method="get" className="card materials-filters" role="search" aria-label="Search and filter materials">
        <div className="field grow">
          <label htmlFor="materials-q">Search titles</label>
          <input id="materials-q" name="q" type="search" defaultValue={filters.q} maxLength={MAX_SEARCH} />
        </div>
        <FilterSelect name="status" id="materials-status" label="Status" any="Every status" value={filters.status} options={LIST_STATUSES.map((s) => ({ value: s, label: LIST_STATUS_LABELS[s] }))} />
        <FilterSelect name="team" id="materials-team" label="Team" any="Every team" value={filters.teamId} options={teams.map((t) => ({ value: t.id, label: t.name }))} />
        <div className="materials-filters-actions">
          <button type="submit">Search</button>
          {filtered ? <Link to="/materials">Clear</Link> : null}
        </div>
      </Form>
      <Notices notes={notes} />
      <p className="muted" aria-live="polite" data-testid="result-count">
        {listCountLine({ total: data.total, page, pages, filtered })}
      </p>
      {rows.length ? (
        <table className="materials-list" data-testid="materials-list">
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Status</th>
              <th scope="col">For</th>
              <th scope="col">Next due</th>
              <th scope="col">Reviewers</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => (
              <tr key={m.id} data-testid="material-row">
                <td className="materials-title">
                  <Link to={`/materials/${m.id}`}>{m.title}</Link>
                  <div className="muted">{`${MATERIAL_KIND_LABELS[m.kind]} · ${m.owner}`}</div>
                </td>
                <td data-label="Status">
                  <span className={`badge status-${m.status}`} data-testid="status">
                    {LIST_STATUS_LABELS[m.status]}
                  </span>
                </td>
                <td data-label="For" data-testid="teams">
                  {m.teams.join(", ")}
                </td>
                <td data-label="Next due">{m.nextDue ? <TimeLeft clock={m.nextDue} /> : <Dash />}</td>
                <td data-label="Reviewers" data-testid="progress">
                  {m.progress ? (
                    <span>
                      {progressLine(m.progress.decided, m.progress.seats)}
                      {m.progress.changesRequested ? <span className="muted block">{`${m.progress.changesRequested} requested changes`}</span> : null}
                    </span>
                  ) : (
                    <Dash />
                  )}
                </td>
                <td data-label="Updated">
                  <time dateTime={m.updatedAt}>{m.updatedAt}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {pages > 1 ? (
        <nav className="pager materials-pager" aria-label="Pages">
          {page > 1 ? (
            <Link to={pageLink(page - 1)} rel="prev">
              ← Previous
            </Link>
          ) : (
            <span />
          )}
          <span>
            Page {page} of {pages}
          </span>
          {page < pages ? (
            <Link to={pageLink(page + 1)} rel="next">
              Next →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </>
  );
}
