import { Link } from "@remix-run/react";

/** Where the user subscribes to their deadlines and chooses how they are told. */
export function DeadlinesAndNotices() {
  return (
    <section className="card">
      <h2>Your deadlines and notices</h2>
      <p>
        <Link to="/account/calendar">Calendar feed</Link>: plan presentations and every review and escalation deadline that
        concerns you, in Outlook, Google or Apple Calendar.
      </p>
      <p>
        <Link to="/account/notifications">What you are told</Link>: for each kind of notice, email at once, a daily digest at 08:00, or
        in the app only.
      </p>
    </section>
  );
}
