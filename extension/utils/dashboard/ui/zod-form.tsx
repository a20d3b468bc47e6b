import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { z } from 'zod';
import { validateForm, type FieldErrors } from './form-errors';

interface FieldProps {
  /** The input's id; the error line is `<id>-error`. */
  id: string;
  label: string;
  error?: string;
  children: ComponentChildren;
}

/** A labelled field; a zod error shows beside it and is tied to the input (aria-describedby). */
export const Field = ({ id, label, error, children }: FieldProps) => (
  <div class={error === undefined ? 'field' : 'field invalid'}>
    <label for={id}>{label}</label>
    {children}
    {error !== undefined ? (
      <p id={`${id}-error`} class="field-error" role="alert">
        {error}
      </p>
    ) : null}
  </div>
);

/** Props an input spreads to be marked invalid and point at its error. */
export const invalidProps = (id: string, errors: FieldErrors, field: string) =>
  errors[field] === undefined ? {} : { 'aria-invalid': true, 'aria-describedby': `${id}-error` };

interface ZodFormProps<S extends z.ZodType> {
  schema: S;
  /** Reads the form's values (from its elements) as the schema expects them. */
  read(form: HTMLFormElement): unknown;
  onValid(value: z.infer<S>): void;
  children(errors: FieldErrors): ComponentChildren;
  id?: string;
  className?: string;
  label?: string;
}

/** A form validated with the schema the API applies; each error shows next to the field that caused it. */
export const ZodForm = <S extends z.ZodType>({ schema, read, onValid, children, id, className, label }: ZodFormProps<S>) => {
  const [errors, setErrors] = useState<FieldErrors>({});
  return (
    <form
      id={id}
      class={className}
      aria-label={label}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const result = validateForm(schema, read(event.currentTarget));
        setErrors(result.ok ? {} : result.errors);
        if (result.ok) onValid(result.value);
      }}
    >
      {children(errors)}
      {errors[''] !== undefined ? (
        <p class="field-error" role="alert">
          {errors['']}
        </p>
      ) : null}
    </form>
  );
};
