import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { unwrap, useApi } from '../../api/client.ts';
import { Button } from '../../ui/button.tsx';
import { Dialog, DialogActions } from '../../ui/dialog.tsx';
import { FormField, inputClass } from '../../ui/form-field.tsx';
import { toast } from '../../ui/toasts.tsx';
import { applySaveError } from '../records/api-errors.ts';
import { type Level, levels, userKeys } from './user-queries.ts';

interface AddUserValues {
  email: string;
  name: string;
  password: string;
  erpPermission: Level;
  projectPermission: Level;
}

const fields = ['email', 'name', 'password', 'erpPermission', 'projectPermission'] as const;

/** Add user: a new account, or a membership for an existing email (the server decides which). */
export function AddUserDialog({ c, onClose }: { c: string; onClose: () => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<string | null>(null);
  const { register, handleSubmit, setError, setFocus, formState } = useForm<AddUserValues>({
    defaultValues: { email: '', name: '', password: '', erpPermission: 'none', projectPermission: 'none' },
  });
  const errors = formState.errors;
  // Focus starts in the first field (UI.md S3); the dialog would otherwise focus itself.
  useEffect(() => setFocus('email'), [setFocus]);

  const submit = handleSubmit(async ({ password, ...values }) => {
    setMessage(null);
    try {
      const added = await unwrap(
        api.POST('/api/v1/companies/{c}/users', {
          params: { path: { c } },
          body: {
            ...values,
            email: values.email.trim(),
            name: values.name.trim(),
            ...(password && { password }),
          },
        }),
      );
      await queryClient.invalidateQueries({ queryKey: userKeys.list(c) });
      toast(`Added ${added.email}`);
      onClose();
    } catch (error) {
      setMessage(applySaveError(error, setError, fields) ?? null);
    }
  });

  const level = (name: 'erpPermission' | 'projectPermission', label: string) => (
    <FormField label={label} error={errors[name]?.message}>
      {(field) => (
        <select {...field} {...register(name)} className={inputClass}>
          {levels.map((l) => (
            <option key={l.id} value={l.id}>
              {l.label}
            </option>
          ))}
        </select>
      )}
    </FormField>
  );

  return (
    <Dialog title="Add user" isOpen onClose={onClose} isDismissable={!formState.isSubmitting}>
      <form noValidate onSubmit={submit} className="space-y-4">
        {message && (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
            {message}
          </p>
        )}
        <FormField label="Email" error={errors.email?.message}>
          {(field) => (
            <input
              {...field}
              type="email"
              autoComplete="off"
              {...register('email', { required: 'Enter an email address.' })}
              className={inputClass}
            />
          )}
        </FormField>
        <FormField label="Name" error={errors.name?.message}>
          {(field) => (
            <input {...field} {...register('name', { required: 'Enter a name.' })} className={inputClass} />
          )}
        </FormField>
        <FormField
          label="Password (optional)"
          hint="Sets a new account's password; leave blank for an existing account."
          error={errors.password?.message}
        >
          {(field) => (
            <input
              {...field}
              type="password"
              autoComplete="new-password"
              {...register('password')}
              className={inputClass}
            />
          )}
        </FormField>
        <div className="grid gap-4 sm:grid-cols-2">
          {level('erpPermission', 'ERP tools')}
          {level('projectPermission', 'Project tools')}
        </div>
        <DialogActions>
          <Button onPress={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" isPending={formState.isSubmitting}>
            Add user
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
