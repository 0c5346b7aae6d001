import type { PrePlanData } from "./plan-page-data";
import { StrategiesTable } from "./StrategiesTable";

/** An agreed (or being agreed) pre-plan, read only. */
export function PrePlanView({ prePlan }: { prePlan: PrePlanData }) {
  const text = (label: string, value: string) => (
    <div>
      <dt>{label}</dt>
      <dd className="prewrap">{value}</dd>
    </div>
  );
  return (
    <dl className="plan-fields">
      {text("Sales goals", prePlan.salesGoals)}
      {text("Marketing goals", prePlan.marketingGoals)}
      <div>
        <dt>Lead strategies</dt>
        <dd>
          <StrategiesTable label="Lead strategies" className="compact" testId="strategies">
            {prePlan.strategies.map((s) => (
              <tr key={s.position}>
                <td className="prewrap">{s.what}</td>
                <td>{s.metric}</td>
                <td>{s.target}</td>
                <td>{s.owner}</td>
                <td>{s.dueDate}</td>
              </tr>
            ))}
          </StrategiesTable>
        </dd>
      </div>
      {text("Creative reviewers (the committee)", prePlan.reviewers.join(" and "))}
      {text("Plan presentation to the team", prePlan.presentationDate)}
      {text("Strategies that will not involve sales", prePlan.strategiesWithoutSales)}
      {text("Next year's prospect profile", prePlan.prospectProfile)}
      {text("Why it differs from today's customers and pipeline", prePlan.prospectProfileWhy)}
      {text("Recommended changes to materials and tactics sales uses, and why", prePlan.tacticChanges)}
    </dl>
  );
}
