import { OUTCOMES, OUTCOME_LABELS, type Outcome } from "~/domain/feedback";

type Unused = { total: number; rows: { materialId: number; title: string; team: string; releasedOn: string; daysSinceRelease: number }[] };
type FirstUse = { team: string | null; used: number; released: number; medianDays: number | null };
type Mix = { segment: string | null; total: number; counts: Record<Outcome, number>; shares: Record<Outcome, number | null> };
type Requests = { team: string | null; opened: number; answered: number; declined: number; waiting: number; medianDaysToAnswer: number | null; byExisting: number; byNew: number };
type Pages = { materialId: number; title: string; pages: number; views: number; mostSeen: { page: number; seen: number } | null; leastSeen: { page: number; seen: number } | null };

export interface AfterReleaseData {
  unused: Unused;
  firstUse: FirstUse[];
  feedback: Mix[];
  requests: Requests[];
  pages: Pages[] | null;
  ownedMaterials: number;
}

const dash = (v: number | null, suffix = "") => (v === null ? "—" : `${v}${suffix}`);

function Heading({ id, title, csvHref }: { id: string; title: string; csvHref: string }) {
  return (
    <div className="spread">
      <h2 id={id}>{title}</h2>
      <a className="button secondary" href={csvHref} download>
        CSV<span className="visually-hidden"> of {title.toLowerCase()}</span>
      </a>
    </div>
  );
}

/**
 * The figures after release on the metrics page: material nobody used, days to first use,
 * the field's feedback mix, requests, and — for a marketer — the pages of their own material
 * most and least seen. Every figure is a team total; the note under each says so.
 */
export function AfterReleaseTables({ data, csv }: { data: AfterReleaseData; csv: (report: string) => string }) {
  const { unused, firstUse, feedback, requests, pages, ownedMaterials } = data;
  return (
    <>
      <p className="hint" data-testid="privacy-note">
        Everything below is a team total: nobody's own use, feedback or requests are shown here. Reps see their own history, and managers their reports', under My use.
      </p>
      <section aria-labelledby="unused-heading" data-testid="unused">
        <Heading id="unused-heading" title="Material nobody used" csvHref={csv("unused")} />
        <p className="muted">Released collateral that no rep of the team has opened, longest-waiting first, with the days since release (UTC). {unused.total > unused.rows.length ? `The ${unused.rows.length} longest-waiting of ${unused.total}; the CSV has them all.` : ""}</p>
        {unused.rows.length === 0 ? (
          <p className="muted">Every material released in this range has been opened.</p>
        ) : (
          <div className="table-scroll">
            <table className="compact metrics" data-testid="unused-table">
              <thead>
                <tr>
                  <th>Material</th>
                  <th>Team</th>
                  <th>Released</th>
                  <th>Days since release</th>
                </tr>
              </thead>
              <tbody>
                {unused.rows.map((r) => (
                  <tr key={`${r.materialId}-${r.team}`}>
                    <td>
                      <a href={`/materials/${r.materialId}`}>{r.title}</a>
                    </td>
                    <td>{r.team}</td>
                    <td>{r.releasedOn}</td>
                    <td>{r.daysSinceRelease}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="first-use-heading" data-testid="first-use">
        <Heading id="first-use-heading" title="Days from release to first use" csvHref={csv("first-use")} />
        <p className="muted">
          First use is the earlier of a rep of the team first opening the material and first recording a use with a customer (a rep may use it without opening it here). Whole days, UTC;
          the median of an even count is the mean of the two middle values. Material not used yet counts as released only.
        </p>
        <div className="table-scroll">
          <table className="compact metrics" data-testid="first-use-table">
            <thead>
              <tr>
                <th>Team</th>
                <th>Released</th>
                <th>Used</th>
                <th>Median days to first use</th>
              </tr>
            </thead>
            <tbody>
              {firstUse.map((r) => (
                <tr key={r.team ?? "all"}>
                  <td>{r.team ?? <strong>All teams</strong>}</td>
                  <td>{r.released}</td>
                  <td>{r.used}</td>
                  <td>{dash(r.medianDays)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="feedback-heading" data-testid="feedback-mix">
        <Heading id="feedback-heading" title="Feedback from the field" csvHref={csv("feedback")} />
        <p className="muted">Feedback written in the months chosen, by outcome and customer segment: counts, and shares of the segment's feedback.</p>
        <div className="table-scroll">
          <table className="compact metrics" data-testid="feedback-mix-table">
            <thead>
              <tr>
                <th>Segment</th>
                <th>Feedback</th>
                {OUTCOMES.map((o) => (
                  <th key={o}>{OUTCOME_LABELS[o]}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {feedback.map((r) => (
                <tr key={r.segment ?? "all"}>
                  <td>{r.segment ?? <strong>All segments</strong>}</td>
                  <td>{r.total}</td>
                  {OUTCOMES.map((o) => (
                    <td key={o}>
                      {r.counts[o]} ({dash(r.shares[o], "%")})
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="requests-heading" data-testid="request-stats">
        <Heading id="requests-heading" title="Requests for material" csvHref={csv("requests")} />
        <p className="muted">
          Requests opened in the months chosen, and what became of them: answered with material already released or made for the request, declined, or still waiting. Days to
          answer from the request to its answer, with their fraction.
        </p>
        <div className="table-scroll">
          <table className="compact metrics" data-testid="request-stats-table">
            <thead>
              <tr>
                <th>Team</th>
                <th>Opened</th>
                <th>Answered</th>
                <th>By existing material</th>
                <th>By new material</th>
                <th>Declined</th>
                <th>Waiting</th>
                <th>Median days to answer</th>
              </tr>
            </thead>
            <tbody>
              {requests.map((r) => (
                <tr key={r.team ?? "all"}>
                  <td>{r.team ?? <strong>All teams</strong>}</td>
                  <td>{r.opened}</td>
                  <td>{r.answered}</td>
                  <td>{r.byExisting}</td>
                  <td>{r.byNew}</td>
                  <td>{r.declined}</td>
                  <td>{r.waiting}</td>
                  <td>{dash(r.medianDaysToAnswer)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {pages ? (
        <section aria-labelledby="pages-heading" data-testid="owner-pages">
          <Heading id="pages-heading" title="Pages of your material, most and least seen" csvHref={csv("pages")} />
          <p className="muted">Your released collateral only. How many readings by the teams' reps saw each page (team totals, never who); a page nobody saw counts 0; on a tie, the lower page.
            {ownedMaterials > pages.length ? ` The ${pages.length} most read of your ${ownedMaterials}; the CSV has them all.` : ""}
          </p>
          {pages.length === 0 ? (
            <p className="muted">None of your material is released in this range.</p>
          ) : (
            <div className="table-scroll">
              <table className="compact metrics" data-testid="owner-pages-table">
                <thead>
                  <tr>
                    <th>Material</th>
                    <th>Pages</th>
                    <th>Page views</th>
                    <th>Most seen</th>
                    <th>Least seen</th>
                  </tr>
                </thead>
                <tbody>
                  {pages.map((r) => (
                    <tr key={r.materialId}>
                      <td>
                        <a href={`/materials/${r.materialId}`}>{r.title}</a>
                      </td>
                      <td>{r.pages}</td>
                      <td>{r.views}</td>
                      <td>{r.mostSeen ? `page ${r.mostSeen.page} (${r.mostSeen.seen})` : "—"}</td>
                      <td>{r.leastSeen ? `page ${r.leastSeen.page} (${r.leastSeen.seen})` : "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}
    </>
  );
}
