/**
 * A choice of several values as chips (a checkbox each), so what is chosen
 * is seen at once — instead of a multi-select whose choice hides in its
 * scrolled list. `label` names the group (its visible caption, or for screen
 * readers only with `hideLabel`); `name` is its accessible name when longer.
 * Values come out in the order given, whatever order they were ticked in.
 */
export function ChoiceChips({
  label,
  name,
  hideLabel = false,
  values,
  chosen,
  labelOf,
  onChange,
  noneHint,
  testId,
}: {
  label: string;
  name?: string;
  hideLabel?: boolean;
  values: readonly string[];
  chosen: readonly string[];
  labelOf: (v: string) => string;
  onChange: (chosen: string[]) => void;
  /** Said when nothing is chosen (what an empty choice means). */
  noneHint?: string;
  testId?: string;
}) {
  return (
    <fieldset className="choice-chips" aria-label={name} data-testid={testId}>
      <legend className={hideLabel ? 'sr-only' : 'choice-label'}>{label}</legend>
      {values.map((v) => (
        <label key={v} className="chip">
          <input
            type="checkbox"
            checked={chosen.includes(v)}
            onChange={(e) => onChange(values.filter((x) => (x === v ? e.target.checked : chosen.includes(x))))}
          />{' '}
          {labelOf(v)}
        </label>
      ))}
      {chosen.length === 0 && noneHint && <span className="muted none-hint">{noneHint}</span>}
    </fieldset>
  );
}
