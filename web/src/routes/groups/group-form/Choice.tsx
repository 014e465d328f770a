/** One of a few options, as labelled radio buttons with a hint under each. */
export function Choice<T extends string>(props: {
  legend: string;
  name: string;
  options: readonly T[];
  value: T;
  label: (option: T) => string;
  hint?: (option: T) => string;
  onChange: (value: T) => void;
}) {
  return (
    <fieldset className="choices">
      <legend>{props.legend}</legend>
      {props.options.map((option) => (
        <label key={option}>
          <input
            type="radio"
            name={props.name}
            value={option}
            checked={props.value === option}
            onChange={() => props.onChange(option)}
          />{' '}
          <span>
            {props.label(option)}
            {props.hint ? <span className="hint block">{props.hint(option)}</span> : null}
          </span>
        </label>
      ))}
    </fieldset>
  );
}
