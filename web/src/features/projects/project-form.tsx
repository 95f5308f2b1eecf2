import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { AddressFieldset } from '../../ui/address-fieldset.tsx';
import { Button } from '../../ui/button.tsx';
import { CheckBox } from '../../ui/check-box.tsx';
import { FormField, inputClass } from '../../ui/form-field.tsx';
import { applySaveError } from '../records/api-errors.ts';
import type { Project } from './project-queries.ts';

export interface ProjectFormValues {
  name: string;
  number: string;
  active: boolean;
  division: string;
  priceMethod: '' | 'F' | 'T' | 'C' | 'U';
  taxable: '' | 'true' | 'false';
  customerCode: string;
  costCenter: string;
  address: { line1: string; city: string; state: string; zip: string };
}

/** The fields a 400's `errors[].path` can land on. */
export const projectFields = [
  'name',
  'number',
  'active',
  'division',
  'priceMethod',
  'taxable',
  'customerCode',
  'costCenter',
  'address.line1',
  'address.city',
  'address.state',
  'address.zip',
] as const;

export const priceMethods = [
  ['F', 'Fixed'],
  ['T', 'Time and material'],
  ['C', 'Cost plus'],
  ['U', 'Unit price'],
] as const;

export function projectValues(project?: Project): ProjectFormValues {
  return {
    name: project?.name ?? '',
    number: project?.number ?? '',
    active: project?.active ?? true,
    division: project?.division ?? '',
    priceMethod: project?.priceMethod ?? '',
    taxable: project?.taxable == null ? '' : project.taxable ? 'true' : 'false',
    customerCode: project?.customerCode ?? '',
    costCenter: project?.costCenter ?? '',
    address: {
      line1: project?.address?.line1 ?? '',
      city: project?.address?.city ?? '',
      state: project?.address?.state ?? '',
      zip: project?.address?.zip ?? '',
    },
  };
}

const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

/** The API's body: blank text is `null` (cleared); an address with no part is `null`. */
export function projectBody(values: ProjectFormValues) {
  const address = Object.fromEntries(
    Object.entries(values.address)
      .map(([key, value]) => [key, value.trim()])
      .filter(([, value]) => value !== ''),
  );
  return {
    name: values.name.trim(),
    number: orNull(values.number),
    active: values.active,
    division: orNull(values.division),
    priceMethod: values.priceMethod === '' ? null : values.priceMethod,
    taxable: values.taxable === '' ? null : values.taxable === 'true',
    customerCode: orNull(values.customerCode),
    costCenter: orNull(values.costCenter),
    address: Object.keys(address).length > 0 ? address : null,
  };
}

export interface ProjectFormProps {
  erp: string;
  project?: Project;
  /** Project `standard`+ and no open request. */
  editable: boolean;
  submitLabel: string;
  onSubmit: (values: ProjectFormValues) => Promise<unknown>;
}

/** S10/S11: the project's fields; the server's 400 lands on fields, a 409 above the form, input kept. */
export function ProjectForm({ erp, project, editable, submitLabel, onSubmit }: ProjectFormProps) {
  const form = useForm<ProjectFormValues>({
    values: projectValues(project),
    resetOptions: { keepDirtyValues: true },
  });
  const { register, handleSubmit, setError, formState } = form;
  const [message, setMessage] = useState<string | null>(null);
  const errors = formState.errors;

  const submit = handleSubmit(
    async (values) => {
      setMessage(null);
      try {
        await onSubmit(values);
      } catch (error) {
        setMessage(applySaveError(error, setError, projectFields) ?? null);
      }
    },
    () => setMessage(null),
  );

  const text = (
    name: Exclude<(typeof projectFields)[number], 'active' | 'priceMethod' | 'taxable'>,
    label: string,
  ) => {
    const [head, tail] = name.split('.') as [keyof ProjectFormValues, string | undefined];
    const error = tail
      ? (errors.address as Record<string, { message?: string }> | undefined)?.[tail]?.message
      : (errors[head] as { message?: string } | undefined)?.message;
    return (
      <FormField label={label} error={error}>
        {(control) => (
          <input
            {...control}
            {...register(name, name === 'name' ? { required: 'Enter the project name.' } : {})}
            className={inputClass}
            disabled={!editable}
          />
        )}
      </FormField>
    );
  };

  return (
    <form noValidate onSubmit={submit} className="space-y-4" aria-label="Project">
      {message && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          {message}
        </p>
      )}
      <p className="text-sm text-gray-700">
        {erp} needs division, price method and taxable unless the job template fills them.
      </p>
      <div className="grid gap-4 sm:grid-cols-2">
        {text('name', 'Name')}
        {text('number', 'Number')}
        {text('division', 'Division')}
        <FormField label="Price method" error={errors.priceMethod?.message}>
          {(control) => (
            <select {...control} {...register('priceMethod')} className={inputClass} disabled={!editable}>
              <option value="">Not set</option>
              {priceMethods.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField label="Taxable" error={errors.taxable?.message}>
          {(control) => (
            <select {...control} {...register('taxable')} className={inputClass} disabled={!editable}>
              <option value="">Not set</option>
              <option value="true">Taxable</option>
              <option value="false">Not taxable</option>
            </select>
          )}
        </FormField>
        {text('customerCode', 'Customer code')}
        {text('costCenter', 'Cost center')}
        <CheckBox
          label="Active"
          error={errors.active?.message}
          {...register('active')}
          disabled={!editable}
          className="self-end"
        />
      </div>
      <AddressFieldset field={(part, label) => text(`address.${part}`, label)} />
      {editable && (
        <Button type="submit" variant="primary" isPending={formState.isSubmitting}>
          {submitLabel}
        </Button>
      )}
    </form>
  );
}
