import type { ReactNode } from "react";

/** A card under its heading, for a section that holds one list or queue. */
export function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card">
      <h2>{title}</h2>
      {children}
    </section>
  );
}
