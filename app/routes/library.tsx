import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { countLine } from "~/domain/library";
import { MATERIAL_KINDS, MATERIAL_KIND_LABELS } from "~/domain/materials";
import { db } from "~/lib/db.server";
import { requireUserWith } from "~/lib/permissions.server";
import { parseLibraryFilters } from "~/schemas/filters";
import { libraryTeams, searchLibrary } from "~/queries/library.server";
import { FilterSelect } from "~/components/FilterSelect";
import { Notices } from "~/components/Notices";

export const meta: MetaFunction = () => [{ title: "Sales library · Collateral Preview" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "material:list");
  const teams = await libraryTeams(db(), user);
  const { filters, notes } = parseLibraryFilters(new URL(request.url).searchParams, teams.map((t) => t.id));
  const result = await searchLibrary(db(), teams, filters);
  return { teams, filters, notes, ...result };
}

export default function Library() {
  const data = useLoaderData<typeof loader>();
  const { teams, filters, notes, items, page, pages } = data;
  const [params] = useSearchParams();
  const pageLink = (n: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(n));
    return `?${next.toString()}`;
  };
  return (
    <>
      <h1>Sales library</h1>
      <p className="muted">Everything marketing has released to your teams, after the committee's preview. Newest first.</p>
      <Form method="get" className="card filters" role="search" aria-label="Search the library">
        <div className="row">
          <div className="field grow">
            <label htmlFor="q">Search titles and descriptions</label>
            <input id="q" name="q" type="search" defaultValue={filters.q} maxLength={200} />
          </div>
          <FilterSelect name="team" label="Team" any="All my teams" value={filters.teamId} options={teams.map((t) => ({ value: t.id, label: t.name }))} />
          <FilterSelect name="kind" label="Kind" any="Every kind" value={filters.kind} options={MATERIAL_KINDS.map((k) => ({ value: k, label: MATERIAL_KIND_LABELS[k] }))} />
          <div className="field">
            <label htmlFor="from">Released from</label>
            <input id="from" name="from" type="date" defaultValue={filters.from ?? ""} />
          </div>
          <div className="field">
            <label htmlFor="to">to</label>
            <input id="to" name="to" type="date" defaultValue={filters.to ?? ""} />
          </div>
          <button type="submit">Search</button>
        </div>
      </Form>
      <Notices notes={notes} />
      <p className="muted" data-testid="result-count">
        {countLine(data)}
      </p>
      <ul className="library" data-testid="library">
        {items.map((item) => (
          // Each line is built as one string: one text node instead of several (this list is
          // the library's hot path on the server).
          <li key={item.id} className="card">
            <div className="spread">
              <h2>
                <Link to={`/materials/${item.id}`}>{item.title}</Link>
              </h2>
              <span className="muted">{`${item.kind} · released ${item.releasedAt}`}</span>
            </div>
            <p className="muted">
              {`For ${item.teams.join(", ")}`}
              {item.version ? (
                <>
                  {` · version ${item.version.number} · `}
                  <a href={`/files/${item.version.id}?download`}>Download</a>
                </>
              ) : null}
              {item.feedback ? (
                <>
                  {" · "}
                  <Link to={`/materials/${item.id}#from-the-field`} data-testid="feedback-count">{`${item.feedback} from the field`}</Link>
                </>
              ) : null}
            </p>
            {item.description ? <p className="prewrap">{item.description}</p> : null}
            {item.version?.changeNote ? <p className="prewrap">{`What changed: ${item.version.changeNote}`}</p> : null}
            {item.summary.length ? (
              <details>
                <summary>The committee&apos;s summary</summary>
                <ul>
                  {item.summary.map((s, i) => (
                    <li key={i}>
                      {`${s.name}: `}
                      <strong>{s.label}</strong>
                      {s.summary ? ` — ${s.summary}` : null}
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
          </li>
        ))}
      </ul>
      {pages > 1 ? (
        <nav className="row" aria-label="Pages">
          {page > 1 ? <Link to={pageLink(page - 1)}>← Newer</Link> : null}
          <span>
            Page {page} of {pages}
          </span>
          {page < pages ? <Link to={pageLink(page + 1)}>Older →</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
