import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { AddressFieldset } from '../../ui/address-fieldset.tsx';
import { Button } from '../../ui/button.tsx';
import { CheckBox } from '../../ui/check-box.tsx';
import { FormField, inputClass } from '../../ui/form-field.tsx';
import { applySaveError } from '../records/api-errors.ts';
import type { Vendor } from './vendor-queries.ts';

export interface VendorFormValues {
  name: string;
  active: boolean;
  email: string;
  address: { line1: string; city: string; state: string; zip: string };
}

export const vendorFields = [
  'name',
  'active',
  'email',
  'address.line1',
  'address.city',
  'address.state',
  'address.zip',
] as const;

export function vendorValues(vendor?: Vendor): VendorFormValues {
  return {
    name: vendor?.name ?? '',
    active: vendor?.active ?? true,
    email: vendor?.email ?? '',
    address: {
      line1: vendor?.address?.line1 ?? '',
      city: vendor?.address?.city ?? '',
      state: vendor?.address?.state ?? '',
      zip: vendor?.address?.zip ?? '',
    },
  };
}

/** The API's body: a blank email is `null`; an address with no part is `null`. */
export function vendorBody(values: VendorFormValues) {
  const address = Object.fromEntries(
    Object.entries(values.address)
      .map(([key, value]) => [key, value.trim()])
      .filter(([, value]) => value !== ''),
  );
  return {
    name: values.name.trim(),
    active: values.active,
    email: values.email.trim() === '' ? null : values.email.trim(),
    address: Object.keys(address).length > 0 ? address : null,
  };
}

export interface VendorFormProps {
  vendor?: Vendor;
  editable: boolean;
  submitLabel: string;
  onSubmit: (values: VendorFormValues) => Promise<unknown>;
}

/** S14: Name, Active, Email, Address; the server's 400 lands on fields, a 409 above the form. */
export function VendorForm({ vendor, editable, submitLabel, onSubmit }: VendorFormProps) {
  const { register, handleSubmit, setError, formState } = useForm<VendorFormValues>({
    values: vendorValues(vendor),
    resetOptions: { keepDirtyValues: true },
  });
  const [message, setMessage] = useState<string | null>(null);
  const errors = formState.errors;

  const submit = handleSubmit(
    async (values) => {
      setMessage(null);
      try {
        await onSubmit(values);
      } catch (error) {
        setMessage(applySaveError(error, setError, vendorFields) ?? null);
      }
    },
    () => setMessage(null),
  );

  const addressField = (key: keyof VendorFormValues['address'], label: string) => (
    <FormField label={label} error={errors.address?.[key]?.message}>
      {(control) => (
        <input {...control} {...register(`address.${key}`)} className={inputClass} disabled={!editable} />
      )}
    </FormField>
  );

  return (
    <form noValidate onSubmit={submit} className="space-y-4" aria-label="Vendor">
      {message && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          {message}
        </p>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Name" error={errors.name?.message}>
          {(control) => (
            <input
              {...control}
              {...register('name', { required: 'Enter the vendor name.' })}
              className={inputClass}
              disabled={!editable}
            />
          )}
        </FormField>
        <FormField label="Email" error={errors.email?.message}>
          {(control) => (
            <input
              {...control}
              type="email"
              autoComplete="off"
              {...register('email')}
              className={inputClass}
              disabled={!editable}
            />
          )}
        </FormField>
        <CheckBox
          label="Active"
          error={errors.active?.message}
          {...register('active')}
          disabled={!editable}
        />
      </div>
      <AddressFieldset field={addressField} />
      {editable && (
        <Button type="submit" variant="primary" isPending={formState.isSubmitting}>
          {submitLabel}
        </Button>
      )}
    </form>
  );
}
