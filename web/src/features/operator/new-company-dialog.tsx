import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { unwrap, useApi } from '../../api/client.ts';
import { type ErpSystem, erpName } from '../../format/erp.ts';
import { Button } from '../../ui/button.tsx';
import { ComboBox } from '../../ui/combo-box.tsx';
import { Dialog, DialogActions } from '../../ui/dialog.tsx';
import { FormField, inputClass } from '../../ui/form-field.tsx';
import { toast } from '../../ui/toasts.tsx';
import { applySaveError } from '../records/api-errors.ts';
import { companiesKey } from '../shell/index.ts';

interface NewCompanyValues {
  name: string;
  timeZone: string;
  erpSystem: ErpSystem;
}

const erpSystems: ErpSystem[] = ['spectrum', 'sage300'];
const zones = () => Intl.supportedValuesOf('timeZone').map((zone) => ({ id: zone, label: zone }));

/** S18 New company (operator) → the new company's Users, where its first members are added. */
export function NewCompanyDialog({ onClose }: { onClose: () => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [message, setMessage] = useState<string | null>(null);
  const { register, control, handleSubmit, setError, setFocus, formState } = useForm<NewCompanyValues>({
    defaultValues: { name: '', timeZone: 'America/Chicago', erpSystem: 'spectrum' },
  });
  const errors = formState.errors;
  // Focus starts in the first field (UI.md S3); the dialog would otherwise focus itself.
  useEffect(() => setFocus('name'), [setFocus]);

  const submit = handleSubmit(async (values) => {
    setMessage(null);
    try {
      const created = await unwrap(
        api.POST('/api/v1/companies', { body: { ...values, name: values.name.trim() } }),
      );
      await queryClient.invalidateQueries({ queryKey: companiesKey });
      toast(`Created ${created.name}. Add its users next.`);
      onClose();
      await navigate({ to: '/companies/$c/users', params: { c: created.id } });
    } catch (error) {
      setMessage(applySaveError(error, setError, ['name', 'timeZone', 'erpSystem']) ?? null);
    }
  });

  return (
    <Dialog title="New company" isOpen onClose={onClose} isDismissable={!formState.isSubmitting}>
      <form noValidate onSubmit={submit} className="space-y-4">
        {message && (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
            {message}
          </p>
        )}
        <FormField label="Name" error={errors.name?.message}>
          {(field) => (
            <input
              {...field}
              {...register('name', { required: 'Enter the company name.' })}
              className={inputClass}
            />
          )}
        </FormField>
        <Controller
          control={control}
          name="timeZone"
          rules={{ required: 'Choose a time zone.' }}
          render={({ field }) => (
            <ComboBox
              label="Time zone"
              items={zones()}
              selectedKey={field.value}
              onSelectionChange={(key) => field.onChange(key ?? '')}
              error={errors.timeZone?.message}
              inputRef={field.ref}
            />
          )}
        />
        <FormField label="ERP system" error={errors.erpSystem?.message}>
          {(field) => (
            <select {...field} {...register('erpSystem')} className={inputClass}>
              {erpSystems.map((system) => (
                <option key={system} value={system}>
                  {erpName(system)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <DialogActions>
          <Button onPress={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" isPending={formState.isSubmitting}>
            Create company
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
