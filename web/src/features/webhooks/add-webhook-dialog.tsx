import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { unwrap, useApi } from '../../api/client.ts';
import { Button } from '../../ui/button.tsx';
import { CheckBox } from '../../ui/check-box.tsx';
import { Dialog, DialogActions } from '../../ui/dialog.tsx';
import { FormField, inputClass } from '../../ui/form-field.tsx';
import { applySaveError } from '../records/api-errors.ts';
import { type WebhookEvent, webhookEvents, webhookKeys } from './webhook-queries.ts';

interface AddWebhookValues {
  url: string;
  events: WebhookEvent[];
}

/** Add webhook: URL and events; the answer's secret goes to `onAdded`, to be shown once. */
export function AddWebhookDialog({
  c,
  onClose,
  onAdded,
}: {
  c: string;
  onClose: () => void;
  onAdded: (secret: string) => void;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<string | null>(null);
  const { register, handleSubmit, setError, setFocus, formState } = useForm<AddWebhookValues>({
    defaultValues: { url: '', events: [...webhookEvents] },
  });
  const errors = formState.errors;
  // Focus starts in the first field (UI.md S3); the dialog would otherwise focus itself.
  useEffect(() => setFocus('url'), [setFocus]);

  const submit = handleSubmit(async (values) => {
    setMessage(null);
    try {
      const added = await unwrap(
        api.POST('/api/v1/companies/{c}/webhooks', {
          params: { path: { c } },
          body: { url: values.url.trim(), events: values.events },
        }),
      );
      await queryClient.invalidateQueries({ queryKey: webhookKeys.list(c) });
      onAdded(added.secret);
    } catch (error) {
      setMessage(applySaveError(error, setError, ['url', 'events']) ?? null);
    }
  });

  return (
    <Dialog title="Add webhook" isOpen onClose={onClose} isDismissable={!formState.isSubmitting}>
      <form noValidate onSubmit={submit} className="space-y-4">
        {message && (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
            {message}
          </p>
        )}
        <FormField
          label="URL"
          hint="Such as https://example.com/hooks/ledgergate"
          error={errors.url?.message}
        >
          {(field) => (
            <input
              {...field}
              type="url"
              {...register('url', { required: 'Enter the URL that receives the events.' })}
              className={inputClass}
            />
          )}
        </FormField>
        <fieldset aria-describedby={errors.events ? 'webhook-events-error' : undefined}>
          <legend className="text-sm font-medium">Events</legend>
          <div className="mt-2 grid gap-2 sm:grid-cols-2">
            {webhookEvents.map((event) => (
              <CheckBox
                key={event}
                label={event}
                value={event}
                {...register('events', { validate: (v) => v.length > 0 || 'Choose at least one event.' })}
              />
            ))}
          </div>
          {errors.events && (
            <p id="webhook-events-error" className="mt-1 text-sm text-red-800">
              {errors.events.message}
            </p>
          )}
        </fieldset>
        <DialogActions>
          <Button onPress={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" isPending={formState.isSubmitting}>
            Add webhook
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
