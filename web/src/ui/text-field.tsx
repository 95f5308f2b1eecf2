import type { Ref } from 'react';
import { TextField as AriaTextField, FieldError, Input, Label, Text, TextArea } from 'react-aria-components';

export interface TextFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** A message shown under the field; the field is then invalid and described by it. */
  error?: string | undefined;
  description?: string | undefined;
  isRequired?: boolean;
  multiline?: boolean;
  autoFocus?: boolean;
  name?: string;
  maxLength?: number;
  inputRef?: Ref<HTMLInputElement & HTMLTextAreaElement>;
  className?: string;
}

const controlClass =
  'mt-1 w-full rounded-md border border-gray-300 px-2.5 py-1.5 text-sm invalid:border-red-700 focus:outline-2 focus:outline-blue-700';

/** A labelled text input or textarea; errors are tied to it with `aria-describedby` (UI.md §6). */
export function TextField({
  label,
  value,
  onChange,
  error,
  description,
  isRequired,
  multiline,
  autoFocus,
  name,
  maxLength,
  inputRef,
  className = '',
}: TextFieldProps) {
  return (
    <AriaTextField
      value={value}
      onChange={onChange}
      isInvalid={error !== undefined}
      isRequired={isRequired ?? false}
      autoFocus={autoFocus ?? false}
      validationBehavior="aria"
      className={`flex flex-col ${className}`}
      {...(name && { name })}
      {...(maxLength !== undefined && { maxLength })}
    >
      <Label className="text-sm font-medium">{label}</Label>
      {multiline ? (
        <TextArea ref={inputRef} rows={5} className={controlClass} />
      ) : (
        <Input ref={inputRef} className={controlClass} />
      )}
      {description && (
        <Text slot="description" className="mt-1 text-xs text-gray-600">
          {description}
        </Text>
      )}
      <FieldError className="mt-1 text-sm text-red-700">{error}</FieldError>
    </AriaTextField>
  );
}
