import { Options } from "./Options";
/**
 * One choice of a GET filter form (the library, the materials list, the metrics): a labelled
 * select whose first option, the empty value, means "no filter".
 */
export function FilterSelect({
  name,
  id = name,
  label,
  any,
  value,
  options,
}: {
  name: string;
  id?: string;
  label: string;
  /** The empty choice's words: "Every team", "All my teams". */
  any: string;
  value: string | number | null | undefined;
  options: readonly { value: string | number; label: string }[];
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value ?? ""}>
        <Options empty={any} items={options.map((o) => ({ id: o.value, name: o.label }))} />
      </select>
    </div>
  );
}
