import type { ReactNode } from "react";
import { TableHead } from "./TableHead";

/**
 * A pre-plan's SMART lead strategies as a table, one row each (read as text, or as inputs in
 * the pre-plan form); it scrolls in its own box on a narrow screen.
 */
export function StrategiesTable({ label, className, testId, children }: { label: string; className: string; testId?: string; children: ReactNode }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>
      <table className={className} data-testid={testId}>
        <TableHead columns={["What", "Metric", "Target", "Owner", "By"]} />
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
