import type { ReactNode } from "react";

/** One column of a DataTable: its heading, and what each row shows under it. */
export interface Column<T> {
  header: ReactNode;
  cell: (row: T) => ReactNode;
}

/**
 * A table of figures: one heading per column, one row per item. In a box that scrolls
 * sideways on a narrow screen unless `scroll` is false.
 */
export function DataTable<T>({
  columns,
  rows,
  rowKey,
  testId,
  className = "compact metrics",
  scroll = true,
}: {
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string | number;
  testId?: string;
  className?: string;
  scroll?: boolean;
}) {
  const table = (
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
  );
  return scroll ? <div className="table-scroll">{table}</div> : table;
}

/** A figure, or a dash where there is none yet. */
export const orDash = (value: number | null, suffix = "") => (value === null ? "—" : `${value}${suffix}`);
