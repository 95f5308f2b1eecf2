import type { ReactNode } from 'react';

export type AddressPart = 'line1' | 'city' | 'state' | 'zip';

/** The address block of the project and vendor forms, laid out once; each form renders its own inputs. */
export function AddressFieldset({ field }: { field: (part: AddressPart, label: string) => ReactNode }) {
  return (
    <fieldset className="grid gap-4 sm:grid-cols-4">
      <legend className="mb-1 text-sm font-semibold">Address</legend>
      <div className="sm:col-span-4">{field('line1', 'Street address')}</div>
      <div className="sm:col-span-2">{field('city', 'City')}</div>
      {field('state', 'State')}
      {field('zip', 'ZIP code')}
    </fieldset>
  );
}
