import { useFetcher } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { Field, FormError } from "./Field";
import { MAX_ACCOUNT_LENGTH, MAX_USE_NOTE_LENGTH, PAGE_REPORT_INTERVAL_MS } from "~/domain/usage";

type OwnUsage = { opened: number; downloaded: number; used: number; pagesSeen: number; uses: { usedOn: string; account: string | null; note: string | null }[] };
type TeamUsage = { team: string; reps: number; opened: number; downloaded: number; used: number; pages: { page: number; seen: number }[] };
type ReportUsage = { name: string; opened: number; downloaded: number; used: number; pagesSeen: number };

export interface UsageView {
  records: boolean;
  today: string;
  releasedOn: string | null;
  figures: { scope: "own"; own: OwnUsage } | { scope: "teams"; teams: TeamUsage[]; reports: ReportUsage[] } | null;
}

const times = (n: number) => `${n.toLocaleString("en-US")} time${n === 1 ? "" : "s"}`;
const reps = (n: number) => `${n.toLocaleString("en-US")} rep${n === 1 ? "" : "s"}`;

/**
 * The use of a released material, as the viewer may see it: a rep their own history and the
 * "used with a customer" form; marketing, managers and admins the team totals (and a manager
 * the people who report to them). Nothing shows before the first release.
 */
export function UsageCard({ usage }: { usage: UsageView }) {
  const { figures } = usage;
  if (!figures) return null;
  return (
    <section className="card" aria-labelledby="usage-heading" data-testid="usage">
      <h2 id="usage-heading">Use since release</h2>
      {figures.scope === "own" ? <OwnFigures own={figures.own} /> : <TeamFigures teams={figures.teams} reports={figures.reports} />}
      {usage.records ? <UsedWithCustomer today={usage.today} releasedOn={usage.releasedOn} /> : null}
    </section>
  );
}

function OwnFigures({ own }: { own: OwnUsage }) {
  return (
    <>
      <p data-testid="usage-own">
        You opened this {times(own.opened)}, downloaded it {times(own.downloaded)}, used it with customers {times(own.used)}
        {own.pagesSeen ? `, and read ${own.pagesSeen} of its pages` : ""}.
      </p>
      {own.uses.length ? (
        <ul className="usage-uses">
          {own.uses.map((u, i) => (
            <li key={i}>
              <time dateTime={u.usedOn}>{u.usedOn}</time>
              {u.account ? ` · ${u.account}` : ""}
              {u.note ? <div className="prewrap muted">{u.note}</div> : null}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="hint">Your own history: marketing sees only team totals, never who. Your manager sees yours.</p>
    </>
  );
}

function TeamFigures({ teams, reports }: { teams: TeamUsage[]; reports: ReportUsage[] }) {
  return (
    <>
      <ul className="usage-teams" data-testid="usage-teams">
        {teams.map((t) => (
          <li key={t.team}>
            <strong>{t.team}:</strong> opened by {reps(t.reps)} ({times(t.opened)}), downloaded {times(t.downloaded)}, used with customers {times(t.used)}.
            {t.pages.length ? (
              <div className="muted">Pages seen: {t.pages.map((p) => `p. ${p.page} × ${p.seen}`).join(", ")}</div>
            ) : (
              <div className="muted">No pages seen yet.</div>
            )}
          </li>
        ))}
      </ul>
      <p className="hint" data-testid="usage-privacy">
        Team totals: marketing never sees who. Reps are counted among the events of the last months kept in full; older use is kept as daily team totals only.
      </p>
      {reports.length ? (
        <>
          <h3>People who report to you</h3>
          <ul data-testid="usage-reports">
            {reports.map((r) => (
              <li key={r.name}>
                {r.name}: opened {times(r.opened)}, used with customers {times(r.used)}
                {r.pagesSeen ? `, read ${r.pagesSeen} pages` : ""}.
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

function UsedWithCustomer({ today, releasedOn }: { today: string; releasedOn: string | null }) {
  const fetcher = useFetcher<{ ok?: true; errors?: Record<string, string> }>();
  const errors = fetcher.data?.errors ?? {};
  const saved = fetcher.state === "idle" && fetcher.data?.ok;
  return (
    <details className="usage-used" data-testid="used-with-customer">
      <summary>Used it with a customer…</summary>
      <fetcher.Form method="post" noValidate key={saved ? "saved" : "form"}>
        <input type="hidden" name="intent" value="used" />
        <FormError error={errors.form} />
        <Field name="account" label="Account (optional)" error={errors.account}>
          {(p) => <input {...p} maxLength={MAX_ACCOUNT_LENGTH} autoComplete="off" />}
        </Field>
        <Field name="usedOn" label="Day" error={errors.usedOn}>
          {(p) => <input {...p} type="date" defaultValue={today} max={today} min={releasedOn ?? undefined} />}
        </Field>
        <Field name="note" label="Note (optional)" error={errors.note}>
          {(p) => <textarea {...p} rows={2} maxLength={MAX_USE_NOTE_LENGTH} />}
        </Field>
        <button type="submit" disabled={fetcher.state !== "idle"}>
          Record the use
        </button>
      </fetcher.Form>
      {saved ? (
        <p role="status" data-testid="used-saved">
          Recorded. Thank you: marketing sees it in the team totals.
        </p>
      ) : null}
    </details>
  );
}

/**
 * Collects the pages the viewer reports as seen and sends them to `url` with
 * navigator.sendBeacon: the first at once, then at most one report per
 * PAGE_REPORT_INTERVAL_MS, and whatever waits when the page is hidden or left. Each page
 * goes once per opening. Null `url`: nothing is recorded (the viewer is not told to watch).
 */
export function usePageReporter(url: string | null, versionId: number) {
  const [state] = useState(() => ({ pending: new Set<number>(), reported: new Set<number>(), lastSent: -Infinity, timer: 0 }));
  const target = useRef({ url, versionId });
  target.current = { url, versionId };

  const flush = useCallback(() => {
    window.clearTimeout(state.timer);
    state.timer = 0;
    const { url: to, versionId: id } = target.current;
    if (!to || state.pending.size === 0) return;
    const pages = [...state.pending].sort((a, b) => a - b);
    state.pending.clear();
    state.lastSent = performance.now();
    const body = new Blob([JSON.stringify({ versionId: id, pages })], { type: "application/json" });
    if (!navigator.sendBeacon?.(to, body)) void fetch(to, { method: "POST", body, keepalive: true, credentials: "same-origin" }).catch(() => undefined);
  }, [state]);

  useEffect(() => {
    if (!url) return;
    const onVisibility = () => {
      if (document.visibilityState === "hidden") flush();
    };
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("pagehide", flush);
    return () => {
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("pagehide", flush);
      flush();
    };
  }, [url, versionId, flush]);

  const onPageSeen = useCallback(
    (page: number) => {
      if (state.reported.has(page)) return;
      state.reported.add(page);
      state.pending.add(page);
      if (state.timer) return;
      const wait = Math.max(0, state.lastSent + PAGE_REPORT_INTERVAL_MS - performance.now());
      state.timer = window.setTimeout(flush, wait);
    },
    [state, flush],
  );
  return url ? onPageSeen : null;
}
