import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";

export const meta: MetaFunction = () => [{ title: "About · Collateral Preview" }];

/** What the app is for, in a paragraph; the same for everyone, signed in or not. */
export default function About() {
  return (
    <section className="card narrow-wide">
      <h1>About Collateral Preview</h1>
      <p>
        Marketing uploads brochures, decks, one-pagers and the yearly plan. A small committee from each sales team previews them
        in the browser, pins comments on the page and decides within two business days. Disagreements that linger go up the
        chain of command by themselves, so a manager decides in time, and the whole sales team hears what is coming.
      </p>
      <p>
        <Link to="/">Go to your home page</Link>
      </p>
    </section>
  );
}
