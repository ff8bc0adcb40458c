import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';

/** A labelled input with its error message bound by aria-describedby. */
export function Field({ label, error, ...input }: { label: string; error?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...input} />
      {error && <span id={`${id}-error`} className="error">{error}</span>}
    </div>
  );
}

export function SelectField({ label, error, children, ...select }:
  { label: string; error?: string; children: ReactNode } & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...select}>
        {children}
      </select>
      {error && <span id={`${id}-error`} className="error">{error}</span>}
    </div>
  );
}

/** The problem's message and any field errors no field on the form shows. */
export function ProblemAlert({ error, shown = [] }: { error: unknown; shown?: string[] }) {
  if (!error) return null;
  const e = error as { message?: string; problem?: { errors?: { field: string; message: string }[] } };
  const rest = (e.problem?.errors ?? []).filter((f) => !shown.includes(f.field));
  return (
    <div role="alert" className="alert">
      <p>{e.message ?? String(error)}</p>
      {rest.length > 0 && <ul>{rest.map((f) => <li key={f.field}>{f.field}: {f.message}</li>)}</ul>}
    </div>
  );
}
