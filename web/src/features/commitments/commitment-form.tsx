import { useQuery } from '@tanstack/react-query';
import { Controller, useForm } from 'react-hook-form';
import { useApi } from '../../api/client.ts';
import type { ErpStatus } from '../../format/erp.ts';
import type { MoneyFormat } from '../../format/money.ts';
import { StatusBadge } from '../../ui/badge.tsx';
import { Button } from '../../ui/button.tsx';
import { ComboBox } from '../../ui/combo-box.tsx';
import { FormField, inputClass } from '../../ui/form-field.tsx';
import { type Commitment, type CommitmentBody, vendorDirectoryQuery } from './commitment-queries.ts';
import { type CostLine, linesBody } from './cost-lines.ts';
import { CostLinesField } from './cost-lines-field.tsx';
import { useLinesSave } from './use-lines-save.ts';

interface CommitmentFormValues {
  type: Commitment['type'];
  number: string;
  title: string;
  vendorId: string;
  status: Commitment['status'];
  retentionPercent: string;
}

/** The fields a 400's `errors[].path` can land on (line findings go to the lines). */
const commitmentFields = ['type', 'number', 'title', 'vendorId', 'status', 'retentionPercent'] as const;

export const commitmentTypes = [
  ['subcontract', 'Subcontract'],
  ['purchase_order', 'Purchase order'],
] as const;

export const recordStatuses = [
  ['draft', 'Draft'],
  ['approved', 'Approved'],
  ['void', 'Void'],
] as const;

export const typeLabel = (type: Commitment['type']) => commitmentTypes.find(([t]) => t === type)?.[1] ?? type;
export const statusLabel = (status: Commitment['status']) =>
  recordStatuses.find(([s]) => s === status)?.[1] ?? status;

const percent = /^\d{1,3}(\.\d{1,2})?$/;

function commitmentValues(commitment?: Commitment): CommitmentFormValues {
  return {
    type: commitment?.type ?? 'subcontract',
    number: commitment?.number ?? '',
    title: commitment?.title ?? '',
    vendorId: commitment?.vendorId ?? '',
    status: commitment?.status ?? 'draft',
    retentionPercent: commitment?.retentionPercent == null ? '' : String(commitment.retentionPercent),
  };
}

/** The API's body; a blank retention is `null` (none). */
function commitmentBody(values: CommitmentFormValues, lines: readonly CostLine[]): CommitmentBody {
  const retention = values.retentionPercent.trim();
  return {
    type: values.type,
    number: values.number.trim(),
    title: values.title.trim(),
    vendorId: values.vendorId,
    status: values.status,
    // A percent, not money: the API takes a number with at most two decimals.
    retentionPercent: retention === '' ? null : Number(retention),
    lines: linesBody(lines),
  };
}

export interface CommitmentFormProps {
  c: string;
  commitment?: Commitment;
  /** Project `standard`+, no open request, not synced. */
  editable: boolean;
  submitLabel: string;
  money: MoneyFormat;
  onSubmit: (body: CommitmentBody) => Promise<unknown>;
}

/**
 * S15: a commitment's header and its lines. Findings of a failed save land on their fields (400/422
 * `errors[].path`) or on the lines; a 409 version conflict shows above the form with the input kept.
 */
export function CommitmentForm({
  c,
  commitment,
  editable,
  submitLabel,
  money,
  onSubmit,
}: CommitmentFormProps) {
  const { register, handleSubmit, setError, control, formState } = useForm<CommitmentFormValues>({
    values: commitmentValues(commitment),
    resetOptions: { keepDirtyValues: true },
  });
  const { lines, setLines, lineErrors, message, clearMessage, save } = useLinesSave(
    commitment?.lines,
    setError,
    commitmentFields,
  );
  const vendors = useQuery(vendorDirectoryQuery(useApi(), c));
  const errors = formState.errors;

  const submit = handleSubmit(
    (values) => save((current) => onSubmit(commitmentBody(values, current))),
    clearMessage,
  );

  const vendorItems = (vendors.data ?? []).map((v) => ({
    id: v.id,
    label: v.name,
    detail: <StatusBadge status={v.erp.status as ErpStatus} />,
  }));

  return (
    <form noValidate onSubmit={submit} className="space-y-4" aria-label="Commitment">
      {message && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          {message}
        </p>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Type" error={errors.type?.message}>
          {(field) => (
            <select {...field} {...register('type')} className={inputClass} disabled={!editable}>
              {commitmentTypes.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField label="Status" error={errors.status?.message}>
          {(field) => (
            <select {...field} {...register('status')} className={inputClass} disabled={!editable}>
              {recordStatuses.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField label="Number" error={errors.number?.message}>
          {(field) => (
            <input
              {...field}
              {...register('number', { required: 'Enter the commitment number.' })}
              className={inputClass}
              disabled={!editable}
            />
          )}
        </FormField>
        <FormField label="Title" error={errors.title?.message}>
          {(field) => (
            <input
              {...field}
              {...register('title', { required: 'Enter a title.' })}
              className={inputClass}
              disabled={!editable}
            />
          )}
        </FormField>
        <Controller
          control={control}
          name="vendorId"
          rules={{ required: 'Choose a vendor.' }}
          render={({ field, fieldState }) => (
            <ComboBox
              label="Vendor"
              items={vendorItems}
              selectedKey={field.value || null}
              onSelectionChange={(key) => field.onChange(key ?? '')}
              error={fieldState.error?.message}
              description={vendors.isError ? "Can't load the vendors. Reload to try again." : undefined}
              isDisabled={!editable}
              inputRef={field.ref}
            />
          )}
        />
        <FormField
          label="Retention %"
          error={errors.retentionPercent?.message}
          hint="Leave blank for no retention."
        >
          {(field) => (
            <input
              {...field}
              inputMode="decimal"
              {...register('retentionPercent', {
                validate: (value) =>
                  value.trim() === '' || percent.test(value.trim()) || 'Enter a percent like 10 or 7.5.',
              })}
              className={inputClass}
              disabled={!editable}
            />
          )}
        </FormField>
      </div>
      <CostLinesField
        c={c}
        lines={lines}
        onChange={setLines}
        editable={editable}
        errors={lineErrors}
        money={money}
        caption="Commitment lines"
      />
      {editable && (
        <Button type="submit" variant="primary" isPending={formState.isSubmitting}>
          {submitLabel}
        </Button>
      )}
    </form>
  );
}
