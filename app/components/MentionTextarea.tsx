import { useId, useRef, useState, type KeyboardEvent, type TextareaHTMLAttributes } from "react";
import { matchingPeople, type Mentionable } from "~/domain/mentions";

type Props = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "onKeyDown" | "onInput"> & { people: Mentionable[] };

/** "@" then what was typed since, up to the caret: a first name, or a first and part of a last. */
const TYPED = /(^|[\s([{"'“‘])@([\p{L}\p{M}'’.-]*(?: [\p{L}\p{M}'’.-]*)?)$/u;

/**
 * A textarea where "@" opens a list of the people who may see what is being written on.
 * Up and down choose, Enter or Tab mentions, Escape closes the list; the number of matches
 * and the choice are announced to screen readers. Without JavaScript it is a plain
 * textarea, and a typed "@Name" still mentions.
 */
export function MentionTextarea({ people, ...props }: Props) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const [query, setQuery] = useState<{ start: number; text: string } | null>(null);
  const [active, setActive] = useState(0);
  const [said, setSaid] = useState("");
  const listId = useId();
  const matches = query ? matchingPeople(query.text, people) : [];
  const open = query !== null && matches.length > 0;

  function look() {
    const el = ref.current;
    if (!el) return;
    const caret = el.selectionStart ?? el.value.length;
    const typed = TYPED.exec(el.value.slice(0, caret));
    if (!typed) {
      setQuery(null);
      return;
    }
    const next = { start: caret - typed[2].length - 1, text: typed[2] };
    if (next.start !== query?.start || next.text !== query?.text) setActive(0);
    setQuery(next);
    const count = matchingPeople(next.text, people).length;
    setSaid(count === 0 ? "Nobody who may see this matches." : `${count === 1 ? "1 person matches" : `${count} people match`}. Up and down arrows to choose, Enter to mention.`);
  }

  function choose(person: Mentionable) {
    const el = ref.current;
    if (!el || !query) return;
    const caret = el.selectionStart ?? el.value.length;
    const inserted = `@${person.name} `;
    el.value = el.value.slice(0, query.start) + inserted + el.value.slice(caret);
    const at = query.start + inserted.length;
    el.setSelectionRange(at, at);
    el.focus();
    setQuery(null);
    setSaid(`${person.name} mentioned.`);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (!open) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setActive((i) => (i + (event.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length);
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      choose(matches[Math.min(active, matches.length - 1)]);
    } else if (event.key === "Escape") {
      // Closes the list only: the page's own Escape (leaving pin mode) waits for the next one.
      event.preventDefault();
      event.stopPropagation();
      setQuery(null);
      setSaid("");
    }
  }

  return (
    <div className="mention-box">
      <textarea
        {...props}
        ref={ref}
        onInput={look}
        onKeyDown={onKeyDown}
        onKeyUp={(e) => (e.key === "ArrowLeft" || e.key === "ArrowRight" || e.key === "Home" || e.key === "End" ? look() : undefined)}
        onClick={look}
        onBlur={() => setQuery(null)}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? `${listId}-${Math.min(active, matches.length - 1)}` : undefined}
      />
      {open ? (
        <ul className="mention-list" role="listbox" id={listId} aria-label="People to mention">
          {matches.map((person, i) => (
            <li
              key={person.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? "active" : undefined}
              // Before the textarea's blur closes the list.
              onMouseDown={(e) => {
                e.preventDefault();
                choose(person);
              }}
            >
              {person.name}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="visually-hidden" aria-live="polite">
        {said}
      </div>
    </div>
  );
}
