import type { ReactNode } from "react";
import { OUTCOMES, OUTCOME_LABELS, type Outcome } from "~/domain/feedback";
import { DataTable, orDash, type Column } from "./DataTable";

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

const unusedColumns: Column<Unused["rows"][number]>[] = [
  { header: "Material", cell: (r) => <a href={`/materials/${r.materialId}`}>{r.title}</a> },
  { header: "Team", cell: (r) => r.team },
  { header: "Released", cell: (r) => r.releasedOn },
  { header: "Days since release", cell: (r) => r.daysSinceRelease },
];

const firstUseColumns: Column<FirstUse>[] = [
  { header: "Team", cell: (r) => r.team ?? <strong>All teams</strong> },
  { header: "Released", cell: (r) => r.released },
  { header: "Used", cell: (r) => r.used },
  { header: "Median days to first use", cell: (r) => orDash(r.medianDays) },
];

const mixColumns: Column<Mix>[] = [
  { header: "Segment", cell: (r) => r.segment ?? <strong>All segments</strong> },
  { header: "Feedback", cell: (r) => r.total },
  ...OUTCOMES.map((o): Column<Mix> => ({ header: OUTCOME_LABELS[o], cell: (r) => `${r.counts[o]} (${orDash(r.shares[o], "%")})` })),
];

const requestColumns: Column<Requests>[] = [
  { header: "Team", cell: (r) => r.team ?? <strong>All teams</strong> },
  { header: "Opened", cell: (r) => r.opened },
  { header: "Answered", cell: (r) => r.answered },
  { header: "By existing material", cell: (r) => r.byExisting },
  { header: "By new material", cell: (r) => r.byNew },
  { header: "Declined", cell: (r) => r.declined },
  { header: "Waiting", cell: (r) => r.waiting },
  { header: "Median days to answer", cell: (r) => orDash(r.medianDaysToAnswer) },
];

const seen = (p: { page: number; seen: number } | null) => (p ? `page ${p.page} (${p.seen})` : "—");
const pageColumns: Column<Pages>[] = [
  { header: "Material", cell: (r) => <a href={`/materials/${r.materialId}`}>{r.title}</a> },
  { header: "Pages", cell: (r) => r.pages },
  { header: "Page views", cell: (r) => r.views },
  { header: "Most seen", cell: (r) => seen(r.mostSeen) },
  { header: "Least seen", cell: (r) => seen(r.leastSeen) },
];

/** One table of the page: its heading with the CSV of the same rows, what it counts, and the table (or why there is none). */
function Report({ id, title, csvHref, testId, note, empty, children }: { id: string; title: string; csvHref: string; testId: string; note: ReactNode; empty?: string | null; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} data-testid={testId}>
      <div className="spread">
        <h2 id={`${id}-heading`}>{title}</h2>
        <a className="button secondary" href={csvHref} download>
          CSV<span className="visually-hidden"> of {title.toLowerCase()}</span>
        </a>
      </div>
      <p className="muted">{note}</p>
      {empty ? <p className="muted">{empty}</p> : children}
    </section>
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
      <Report
        id="unused"
        testId="unused"
        title="Material nobody used"
        csvHref={csv("unused")}
        note={`Released collateral that no rep of the team has opened, longest-waiting first, with the days since release (UTC). ${unused.total > unused.rows.length ? `The ${unused.rows.length} longest-waiting of ${unused.total}; the CSV has them all.` : ""}`}
        empty={unused.rows.length === 0 ? "Every material released in this range has been opened." : null}
      >
        <DataTable columns={unusedColumns} rows={unused.rows} rowKey={(r) => `${r.materialId}-${r.team}`} label="Material nobody used" testId="unused-table" />
      </Report>

      <Report
        id="first-use"
        testId="first-use"
        title="Days from release to first use"
        csvHref={csv("first-use")}
        note="First use is the earlier of a rep of the team first opening the material and first recording a use with a customer (a rep may use it without opening it here). Whole days, UTC; the median of an even count is the mean of the two middle values. Material not used yet counts as released only."
        empty={firstUse.length === 0 ? "Nothing was released in this range yet." : null}
      >
        <DataTable columns={firstUseColumns} rows={firstUse} rowKey={(r) => r.team ?? "all"} label="Days from release to first use" testId="first-use-table" />
      </Report>

      <Report
        id="feedback"
        testId="feedback-mix"
        title="Feedback from the field"
        csvHref={csv("feedback")}
        note="Feedback written in the months chosen, by outcome and customer segment: counts, and shares of the segment's feedback."
      >
        <DataTable columns={mixColumns} rows={feedback} rowKey={(r) => r.segment ?? "all"} label="Feedback from the field" testId="feedback-mix-table" />
      </Report>

      <Report
        id="requests"
        testId="request-stats"
        title="Requests for material"
        csvHref={csv("requests")}
        note="Requests opened in the months chosen, and what became of them: answered with material already released or made for the request, declined, or still waiting. Days to answer from the request to its answer, with their fraction."
        empty={requests.length === 0 ? "No request for material was opened in this range." : null}
      >
        <DataTable columns={requestColumns} rows={requests} rowKey={(r) => r.team ?? "all"} label="Requests for material" testId="request-stats-table" />
      </Report>

      {pages ? (
        <Report
          id="pages"
          testId="owner-pages"
          title="Pages of your material, most and least seen"
          csvHref={csv("pages")}
          note={`Your released collateral only. How many readings by the teams' reps saw each page (team totals, never who); a page nobody saw counts 0; on a tie, the lower page.${ownedMaterials > pages.length ? ` The ${pages.length} most read of your ${ownedMaterials}; the CSV has them all.` : ""}`}
          empty={pages.length === 0 ? "None of your material is released in this range." : null}
        >
          <DataTable columns={pageColumns} rows={pages} rowKey={(r) => r.materialId} label="Pages of your material" testId="owner-pages-table" />
        </Report>
      ) : null}
    </>
  );
}
