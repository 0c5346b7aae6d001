import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";

export interface ChartRow {
  label: string;
  decisionMedianH: number | null;
  decisionP90H: number | null;
  firstCommentMedianH: number | null;
  decidedInWindow: number | null;
  noResponse: number | null;
}

/**
 * The metrics as charts (recharts, client-only: its generated ids would not match between
 * server and browser). The bars are drawn from exactly the rows of the table and the CSV.
 */
export default function MetricsCharts({ rows }: { rows: ChartRow[] }) {
  const width = Math.max(480, rows.length * 90);
  return (
    <div className="charts">
      <figure data-testid="chart-hours">
        <figcaption>Hours from submission to first comment and to decision</figcaption>
        <BarChart width={width} height={260} data={rows} margin={{ left: 8, right: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" fontSize={11} interval={0} />
          <YAxis fontSize={11} />
          <Tooltip />
          <Legend />
          <Bar dataKey="firstCommentMedianH" name="first comment, median" fill="#7aa6e8" isAnimationActive={false} />
          <Bar dataKey="decisionMedianH" name="decision, median" fill="#2457a6" isAnimationActive={false} />
          <Bar dataKey="decisionP90H" name="decision, 90th percentile" fill="#b45309" isAnimationActive={false} />
        </BarChart>
      </figure>
      <figure data-testid="chart-shares">
        <figcaption>Share of closed previews: decided within the window, and with no response (%)</figcaption>
        <BarChart width={width} height={220} data={rows} margin={{ left: 8, right: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" fontSize={11} interval={0} />
          <YAxis domain={[0, 100]} fontSize={11} />
          <Tooltip />
          <Legend />
          <Bar dataKey="decidedInWindow" name="decided within the window" fill="#2f7d32" isAnimationActive={false} />
          <Bar dataKey="noResponse" name="no response" fill="#b91c1c" isAnimationActive={false} />
        </BarChart>
      </figure>
    </div>
  );
}
