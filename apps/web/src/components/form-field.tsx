import { useId, type ReactNode } from 'react';

/** What a control needs to be tied to its label and its problem. */
export interface FieldControlProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

interface FormFieldProps {
  label: string;
  /** The sentence saying what to fix, shown under the control; null when the value is fine. */
  problem: string | null;
  hint?: string;
  children: (control: FieldControlProps) => ReactNode;
}

/**
 * A labelled control with its hint and problem next to it. The problem is tied to the control
 * (aria-describedby), so a screen reader says it when the form moves focus to the first bad field.
 */
export function FormField({ label, problem, hint, children }: FormFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const problemId = `${id}-problem`;
  const describedBy = [hint ? hintId : null, problem ? problemId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="form-field">
      <label className="form-field__label" htmlFor={id}>{label}</label>
      {hint && <span id={hintId} className="form-field__hint">{hint}</span>}
      {children({ id, 'aria-invalid': problem !== null, 'aria-describedby': describedBy })}
      {problem && (
        <p id={problemId} className="form-field__problem" data-testid="field-problem">
          <span aria-hidden="true">⚠ </span>
          {problem}
        </p>
      )}
    </div>
  );
}

/** Moves focus to the first control the form marked invalid (after React has rendered it). */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  requestAnimationFrame(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}
