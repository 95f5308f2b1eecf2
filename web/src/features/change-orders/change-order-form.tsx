import { useForm } from 'react-hook-form';
import type { MoneyFormat } from '../../format/money.ts';
import { Button } from '../../ui/button.tsx';
import { FormField, inputClass } from '../../ui/form-field.tsx';
import { recordStatuses } from '../commitments/commitment-form.tsx';
import { type CostLine, linesBody } from '../commitments/cost-lines.ts';
import { CostLinesField } from '../commitments/cost-lines-field.tsx';
import { useLinesSave } from '../commitments/use-lines-save.ts';
import type { ChangeOrder, ChangeOrderBody } from './change-order-queries.ts';

interface ChangeOrderFormValues {
  number: string;
  title: string;
  description: string;
  status: ChangeOrder['status'];
}

/** The fields a 400's `errors[].path` can land on (line findings go to the lines). */
const changeOrderFields = ['number', 'title', 'description', 'status'] as const;

function changeOrderValues(order?: ChangeOrder): ChangeOrderFormValues {
  return {
    number: order?.number ?? '',
    title: order?.title ?? '',
    description: order?.description ?? '',
    status: order?.status ?? 'draft',
  };
}

function changeOrderBody(values: ChangeOrderFormValues, lines: readonly CostLine[]): ChangeOrderBody {
  return {
    number: values.number.trim(),
    title: values.title.trim(),
    description: values.description.trim() === '' ? null : values.description.trim(),
    status: values.status,
    lines: linesBody(lines),
  };
}

export interface ChangeOrderFormProps {
  c: string;
  order?: ChangeOrder;
  /** Project `standard`+, no open request, not synced. */
  editable: boolean;
  submitLabel: string;
  money: MoneyFormat;
  onSubmit: (body: ChangeOrderBody) => Promise<unknown>;
}

/** S15: a change order's Number, Title, Description, Status and lines; save errors as on commitments. */
export function ChangeOrderForm({ c, order, editable, submitLabel, money, onSubmit }: ChangeOrderFormProps) {
  const { register, handleSubmit, setError, formState } = useForm<ChangeOrderFormValues>({
    values: changeOrderValues(order),
    resetOptions: { keepDirtyValues: true },
  });
  const { lines, setLines, lineErrors, message, clearMessage, save } = useLinesSave(
    order?.lines,
    setError,
    changeOrderFields,
  );
  const errors = formState.errors;

  const submit = handleSubmit(
    (values) => save((current) => onSubmit(changeOrderBody(values, current))),
    clearMessage,
  );

  return (
    <form noValidate onSubmit={submit} className="space-y-4" aria-label="Change order">
      {message && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          {message}
        </p>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Number" error={errors.number?.message}>
          {(field) => (
            <input
              {...field}
              {...register('number', { required: 'Enter the change order number.' })}
              className={inputClass}
              disabled={!editable}
            />
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
        <FormField label="Title" error={errors.title?.message} className="sm:col-span-2">
          {(field) => (
            <input
              {...field}
              {...register('title', { required: 'Enter a title.' })}
              className={inputClass}
              disabled={!editable}
            />
          )}
        </FormField>
        <FormField label="Description" error={errors.description?.message} className="sm:col-span-2">
          {(field) => (
            <textarea
              {...field}
              rows={3}
              {...register('description')}
              className={inputClass}
              disabled={!editable}
            />
          )}
        </FormField>
      </div>
      <CostLinesField
        c={c}
        caption="Change order lines"
        lines={lines}
        onChange={setLines}
        editable={editable}
        errors={lineErrors}
        money={money}
      />
      {editable && (
        <Button type="submit" variant="primary" isPending={formState.isSubmitting}>
          {submitLabel}
        </Button>
      )}
    </form>
  );
}
