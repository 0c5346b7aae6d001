import type { ReactNode } from "react";

/**
 * A pre-plan's SMART lead strategies as a table, one row each (read as text, or as inputs in
 * the pre-plan form); it scrolls in its own box on a narrow screen.
 */
export function StrategiesTable({ label, className, testId, children }: { label: string; className: string; testId?: string; children: ReactNode }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>
      <table className={className} data-testid={testId}>
        <thead>
          <tr>
            <th>What</th>
            <th>Metric</th>
            <th>Target</th>
            <th>Owner</th>
            <th>By</th>
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
