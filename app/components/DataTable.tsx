import type { ReactNode } from "react";

/** One column of a DataTable: its heading, and what each row shows under it. */
export interface Column<T> {
  header: ReactNode;
  cell: (row: T) => ReactNode;
}

/**
 * A table of figures: one heading per column, one row per item. In a box that scrolls
 * sideways when the table is wider than the screen; the box takes the keyboard focus (and
 * is named by `label`) so that it can be scrolled without a mouse.
 */
export function DataTable<T>({
  columns,
  rows,
  rowKey,
  label,
  testId,
  className = "compact metrics",
}: {
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string | number;
  label: string;
  testId?: string;
  className?: string;
}) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>
      <table className={className} data-testid={testId}>
        <thead>
          <tr>
            {columns.map((column, i) => (
              <th key={i}>{column.header}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column, i) => (
                <td key={i}>{column.cell(row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A figure, or a dash where there is none yet. */
export const orDash = (value: number | null, suffix = "") => (value === null ? "—" : `${value}${suffix}`);
