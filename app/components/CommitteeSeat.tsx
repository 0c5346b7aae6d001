/** The teams whose committee the user sits on, and what that asks of them. */
export function CommitteeSeat({ teams }: { teams: { name: string }[] }) {
  return (
    <section className="card">
      <h2>Your committee seat</h2>
      <p>
        You preview marketing material for{" "}
        {teams.map((t) => t.name).join(" and ")}{" "}
        before it reaches customers. Each preview gives you two business days to comment and decide.
      </p>
    </section>
  );
}
