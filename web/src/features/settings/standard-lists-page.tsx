import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { type FieldValues, type Path, type UseFormReturn, useForm } from 'react-hook-form';
import { errorDetail, unwrap, useApi } from '../../api/client.ts';
import { costTypesQuery, keys, standardCostCodesQuery } from '../../api/queries.ts';
import { Button } from '../../ui/button.tsx';
import { DataTable, dataTableColumns, TableSkeleton } from '../../ui/data-table.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { ErrorState } from '../../ui/error-state.tsx';
import { FormField, inputClass } from '../../ui/form-field.tsx';
import { SettingsNav } from '../../ui/settings-nav.tsx';
import { toast } from '../../ui/toasts.tsx';
import { applySaveError } from '../records/api-errors.ts';
import { useCompanyContext } from '../records/use-company.ts';

interface CostCode {
  code: string;
  description: string;
}
interface CostType extends CostCode {
  kind: string;
}

const costTypeKinds = ['labor', 'material', 'subcontract', 'equipment', 'overhead', 'other'] as const;
type CostTypeKind = (typeof costTypeKinds)[number];
const kindLabels: Record<CostTypeKind, string> = {
  labor: 'Labor',
  material: 'Material',
  subcontract: 'Subcontract',
  equipment: 'Equipment',
  overhead: 'Overhead',
  other: 'Other',
};

const codeColumns = dataTableColumns<CostCode>();
const costCodeColumns = [
  codeColumns.accessor('code', { header: 'Cost code' }),
  codeColumns.accessor('description', { header: 'Description' }),
];
const typeColumns = dataTableColumns<CostType>();
const costTypeColumns = [
  typeColumns.accessor('code', { header: 'Cost type' }),
  typeColumns.accessor('description', { header: 'Description' }),
  typeColumns.accessor('kind', {
    header: 'Kind',
    cell: (info) => kindLabels[info.getValue() as CostTypeKind] ?? info.getValue(),
  }),
];

/**
 * S16 Standard lists: the company's standard cost codes and cost types. Adding works until the first
 * ERP sync, after which the ERP owns them and the server's refusal is shown as it is.
 */
export function StandardListsPage() {
  const { c } = useParams({ from: '/signed-in/companies/$c/standard-cost-codes' });
  const { erp, can } = useCompanyContext(c);
  const api = useApi();
  const codes = useQuery(standardCostCodesQuery(api, c));
  const types = useQuery(costTypesQuery(api, c));
  const editable = can('manageStandardLists');
  return (
    <section className="space-y-6">
      <SettingsNav c={c} />
      <h1 className="text-xl font-semibold">Standard lists</h1>
      <p className="text-sm text-gray-700">
        Projects pick their cost codes from these lists. After the first sync with {erp}, {erp} supplies them.
      </p>
      <section aria-labelledby="codes-heading" className="space-y-3">
        <h2 id="codes-heading" className="font-semibold">
          Standard cost codes
        </h2>
        {editable && <AddCostCode c={c} />}
        {codes.isError ? (
          <ErrorState detail={errorDetail(codes.error)} onRetry={() => codes.refetch()} />
        ) : !codes.data ? (
          <TableSkeleton label="Loading standard cost codes" />
        ) : codes.data.items.length === 0 ? (
          <EmptyState>
            No standard cost codes yet. Add one above, or sync with {erp} to read its list.
          </EmptyState>
        ) : (
          <DataTable
            caption="Standard cost codes"
            captionHidden
            columns={costCodeColumns}
            data={codes.data.items}
            getRowId={(row) => row.code}
            height="min(50vh, 480px)"
          />
        )}
      </section>
      <section aria-labelledby="types-heading" className="space-y-3">
        <h2 id="types-heading" className="font-semibold">
          Cost types
        </h2>
        {editable && <AddCostType c={c} />}
        {types.isError ? (
          <ErrorState detail={errorDetail(types.error)} onRetry={() => types.refetch()} />
        ) : !types.data ? (
          <TableSkeleton label="Loading cost types" />
        ) : types.data.items.length === 0 ? (
          <EmptyState>No cost types yet. Add one above, or sync with {erp} to read its list.</EmptyState>
        ) : (
          <DataTable
            caption="Cost types"
            captionHidden
            columns={costTypeColumns}
            data={types.data.items}
            getRowId={(row) => row.code}
            height="min(40vh, 360px)"
          />
        )}
      </section>
    </section>
  );
}

/** Submits an add form; the server's 400 lands on fields, anything else (a 422 after a sync) above it. */
function useAddForm<T extends FieldValues>(
  form: UseFormReturn<T>,
  fields: readonly Path<T>[],
  add: (values: T) => Promise<unknown>,
) {
  const [message, setMessage] = useState<string | null>(null);
  const submit = form.handleSubmit(async (values) => {
    setMessage(null);
    try {
      await add(values);
      form.reset();
    } catch (error) {
      setMessage(applySaveError(error, form.setError, fields) ?? null);
    }
  });
  const alert = message && (
    <p role="alert" className="w-full rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
      {message}
    </p>
  );
  return { submit, alert };
}

function AddCostCode({ c }: { c: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const form = useForm<CostCode>({ defaultValues: { code: '', description: '' } });
  const { submit, alert } = useAddForm(form, ['code', 'description'], async (body) => {
    const added = await unwrap(
      api.POST('/api/v1/companies/{c}/standard-cost-codes', { params: { path: { c } }, body }),
    );
    await queryClient.invalidateQueries({ queryKey: keys.standardCostCodes(c) });
    toast(`Added cost code ${added.code}`);
  });
  const errors = form.formState.errors;
  return (
    <form noValidate onSubmit={submit} aria-label="Add cost code" className="flex flex-wrap items-end gap-3">
      {alert}
      <FormField label="Cost code" error={errors.code?.message}>
        {(field) => (
          <input
            {...field}
            {...form.register('code', { required: 'Enter a cost code.' })}
            className={inputClass}
          />
        )}
      </FormField>
      <FormField label="Description" className="min-w-64 flex-1" error={errors.description?.message}>
        {(field) => (
          <input
            {...field}
            {...form.register('description', { required: 'Enter a description.' })}
            className={inputClass}
          />
        )}
      </FormField>
      <Button type="submit" isPending={form.formState.isSubmitting}>
        Add cost code
      </Button>
    </form>
  );
}

function AddCostType({ c }: { c: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const form = useForm<{ code: string; description: string; kind: CostTypeKind }>({
    defaultValues: { code: '', description: '', kind: 'labor' },
  });
  const { submit, alert } = useAddForm(form, ['code', 'description', 'kind'], async (body) => {
    const added = await unwrap(
      api.POST('/api/v1/companies/{c}/cost-types', { params: { path: { c } }, body }),
    );
    await queryClient.invalidateQueries({ queryKey: keys.costTypes(c) });
    toast(`Added cost type ${added.code}`);
  });
  const errors = form.formState.errors;
  return (
    <form noValidate onSubmit={submit} aria-label="Add cost type" className="flex flex-wrap items-end gap-3">
      {alert}
      <FormField label="Cost type" error={errors.code?.message}>
        {(field) => (
          <input
            {...field}
            {...form.register('code', { required: 'Enter a cost type.' })}
            className={inputClass}
          />
        )}
      </FormField>
      <FormField label="Description" className="min-w-64 flex-1" error={errors.description?.message}>
        {(field) => (
          <input
            {...field}
            {...form.register('description', { required: 'Enter a description.' })}
            className={inputClass}
          />
        )}
      </FormField>
      <FormField label="Kind" error={errors.kind?.message}>
        {(field) => (
          <select {...field} {...form.register('kind')} className={inputClass}>
            {costTypeKinds.map((kind) => (
              <option key={kind} value={kind}>
                {kindLabels[kind]}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <Button type="submit" isPending={form.formState.isSubmitting}>
        Add cost type
      </Button>
    </form>
  );
}
