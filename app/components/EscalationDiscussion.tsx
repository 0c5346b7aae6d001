import { useFetcher } from "@remix-run/react";
import type { ActionResult } from "./action-result";
import { Field } from "~/components/Field";
import { MentionTextarea } from "~/components/MentionTextarea";
import type { Mentionable } from "~/domain/mentions";
import { useFormRules } from "~/hooks/useFormRules";
import type { FormRules } from "~/lib/form-rules";
import type { EscalationPageView } from "~/queries/workflow-views.server";

/** The private thread of the parties and the managers addressed. */
export function EscalationDiscussion({ messages, open, people, rules }: { messages: EscalationPageView["messages"]; open: boolean; people: Mentionable[]; rules?: FormRules }) {
  const fetcher = useFetcher<ActionResult>();
  const check = useFormRules(rules);
  return (
    <section className="card" aria-labelledby="discussion-heading">
      <h2 id="discussion-heading">Discussion</h2>
      <p className="muted">Only the two sides, the managers it was addressed to and administrators see this.</p>
      {messages.length === 0 ? <p className="muted">No messages yet.</p> : null}
      <ol className="messages" data-testid="discussion">
        {messages.map((m) => (
          <li key={m.id}>
            <strong>{m.author}:</strong> <span className="prewrap">{m.body}</span>{" "}
            <time className="muted" dateTime={m.at}>
              {m.at.slice(0, 16).replace("T", " ")}
            </time>
          </li>
        ))}
      </ol>
      {open ? (
        <fetcher.Form method="post" noValidate key={messages.length} onSubmit={check.onSubmit}>
          <input type="hidden" name="intent" value="message" />
          <Field name="body" label="Your message" error={check.errors.body ?? fetcher.data?.errors?.body ?? fetcher.data?.errors?.form}>
            {(p) => <MentionTextarea {...p} people={people} rows={3} {...check.attributes("body")} />}
          </Field>
          <button type="submit" className="secondary" disabled={fetcher.state !== "idle"}>
            Post to the discussion
          </button>
        </fetcher.Form>
      ) : null}
    </section>
  );
}
