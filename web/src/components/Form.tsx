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
  type?: 'text' | 'email' | 'password';
  autoComplete?: string;
  defaultValue?: string;
  isRequired?: boolean;
  error?: string;
  onEdit?: (name: string) => void;
};

/** A labelled text input with its hint and its error said next to it. */
export function TextField(props: FieldProps) {
  const id = useId();
  const descriptionId = `${id}-description`;
  const errorId = `${id}-error`;
  const describedBy = [props.description ? descriptionId : '', props.error ? errorId : '']
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
        defaultValue={props.defaultValue}
        required={props.isRequired}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy || undefined}
        onChange={() => props.onEdit?.(props.name)}
      />
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
