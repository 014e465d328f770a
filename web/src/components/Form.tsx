import { type ReactNode, useId, useState } from 'react';

type Validators = Record<string, (value: string) => string | null>;

/**
 * Field errors for one form: our own checks on submit (in the reader's language) merged
 * with the server's refusals. An error clears as soon as its field is edited.
 */
export function useFormErrors(validators: Validators, serverErrors: Record<string, string>) {
  const [local, setLocal] = useState<Record<string, string>>({});
  const [edited, setEdited] = useState<Set<string>>(new Set());

  const errors: Record<string, string> = {};
  for (const [name, message] of Object.entries(serverErrors))
    if (!edited.has(name)) errors[name] = message;
  Object.assign(errors, local);

  return {
    errors,
    /** Checks every field; focuses the first bad one. True when the form may be sent. */
    check(form: HTMLFormElement): boolean {
      const next: Record<string, string> = {};
      for (const [name, validate] of Object.entries(validators)) {
        const message = validate(formText(form, name));
        if (message) next[name] = message;
      }
      setLocal(next);
      setEdited(new Set());
      const first = Object.keys(next)[0];
      if (first) form.querySelector<HTMLInputElement>(`[name="${first}"]`)?.focus();
      return first === undefined;
    },
    edited(name: string) {
      setEdited((names) => new Set(names).add(name));
      setLocal(({ [name]: _gone, ...rest }) => rest);
    },
  };
}

type FieldProps = {
  name: string;
  label: string;
  description?: string;
  type?: 'text' | 'email' | 'password' | 'number' | 'url' | 'tel' | 'search';
  autoComplete?: string;
  defaultValue?: string;
  /** Controlled value; pair with onValueChange. */
  value?: string;
  onValueChange?: (value: string) => void;
  inputMode?: 'decimal' | 'numeric' | 'text';
  step?: string;
  isRequired?: boolean;
  error?: string;
  onEdit?: (name: string) => void;
  /** The most characters the field takes (the API's limit, from common/), with a counter. */
  maxLength?: number;
  /** The counter's words, e.g. "12 of 140 characters". */
  counter?: (used: number, max: number) => string;
};

function describedByIds(id: string, props: { description?: string; error?: string }) {
  return (
    [props.description ? `${id}-description` : '', props.error ? `${id}-error` : '']
      .filter(Boolean)
      .join(' ') || undefined
  );
}

/** A labelled multi-line text box, with its hint and its error. */
export function TextArea(props: {
  name: string;
  label: string;
  description?: string;
  defaultValue?: string;
  rows?: number;
  error?: string;
  onEdit?: (name: string) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.description ? (
        <p id={`${id}-description`} className="hint">
          {props.description}
        </p>
      ) : null}
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 4}
        defaultValue={props.defaultValue}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedByIds(id, props)}
        onChange={() => props.onEdit?.(props.name)}
      />
      {props.error ? (
        <p id={`${id}-error`} className="field-error">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled text input with its hint and its error said next to it. */
export function TextField(props: FieldProps) {
  const id = useId();
  const descriptionId = `${id}-description`;
  const errorId = `${id}-error`;
  const counterId = `${id}-counter`;
  const [used, setUsed] = useState((props.value ?? props.defaultValue ?? '').length);
  const hasCounter = props.maxLength !== undefined && props.counter !== undefined;
  const describedBy = [
    props.description ? descriptionId : '',
    hasCounter ? counterId : '',
    props.error ? errorId : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.description ? (
        <p id={descriptionId} className="hint">
          {props.description}
        </p>
      ) : null}
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        autoComplete={props.autoComplete}
        {...(props.value !== undefined
          ? { value: props.value }
          : { defaultValue: props.defaultValue })}
        inputMode={props.inputMode}
        step={props.step}
        maxLength={props.maxLength}
        required={props.isRequired}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy || undefined}
        onChange={(event) => {
          setUsed(event.target.value.length);
          props.onValueChange?.(event.target.value);
          props.onEdit?.(props.name);
        }}
      />
      {hasCounter ? (
        <p
          id={counterId}
          className="hint counter"
          // Said only as the limit nears, not at every key.
          aria-live={used >= props.maxLength! - 10 ? 'polite' : 'off'}
        >
          {props.counter!(used, props.maxLength!)}
        </p>
      ) : null}
      {props.error ? (
        <p id={errorId} className="field-error">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/** A plain submit button: while pending it stays focusable but refuses a second submit. */
export function SubmitButton({
  children,
  isPending,
}: {
  children: ReactNode;
  isPending?: boolean;
}) {
  return (
    <button
      type="submit"
      className="button primary"
      aria-disabled={isPending || undefined}
      data-pending={isPending || undefined}
      onClick={(event) => {
        if (isPending) event.preventDefault();
      }}
    >
      {children}
    </button>
  );
}

/** A message for the whole form, announced when it appears. */
export function FormAlert({ message }: { message: string | undefined }) {
  return (
    <div role="alert" className={message ? 'alert' : undefined}>
      {message}
    </div>
  );
}

export function Notice({ message }: { message: string | undefined }) {
  return (
    <div role="status" className={message ? 'notice' : undefined}>
      {message}
    </div>
  );
}

/** Reads a text value out of a submitted form. */
export function formText(form: HTMLFormElement, name: string): string {
  const value = new FormData(form).get(name);
  return typeof value === 'string' ? value : '';
}
