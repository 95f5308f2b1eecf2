import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { errorDetail, unwrap, useApi } from '../../api/client.ts';
import { keys } from '../../api/queries.ts';
import type { Me, MeCompany } from '../../auth/permissions.ts';
import { useMe } from '../../auth/session.tsx';
import { copy } from '../../copy.ts';
import { Button } from '../../ui/button.tsx';
import { CheckBox } from '../../ui/check-box.tsx';
import { FormField, inputClass } from '../../ui/form-field.tsx';
import { SecretDialog } from '../../ui/secret-dialog.tsx';
import { toast } from '../../ui/toasts.tsx';
import { applySaveError } from '../records/api-errors.ts';

/** S19 Account: API tokens (each shown once) and one's own daily summary per company (A8). */
export function AccountPage() {
  const me = useMe();
  return (
    <section className="max-w-3xl space-y-6">
      <div>
        <h1 className="text-xl font-semibold">Account</h1>
        <p className="text-sm text-gray-700">
          {me.name} · {me.email}
        </p>
      </div>
      <DailySummaries me={me} />
      <ApiTokens />
    </section>
  );
}

function DailySummaries({ me }: { me: Me }) {
  const api = useApi();
  const queryClient = useQueryClient();
  // The box follows the click at once (a React state update in the event) and gives way to the answer.
  const [drafts, setDrafts] = useState<Record<string, boolean>>({});
  const [message, setMessage] = useState<string | null>(null);
  const toggle = async (company: MeCompany, subscribeDailySummary: boolean) => {
    setDrafts((d) => ({ ...d, [company.id]: subscribeDailySummary }));
    setMessage(null);
    // A read already under way would land after the answer and undo the change on screen.
    await queryClient.cancelQueries({ queryKey: keys.me });
    try {
      const saved = await unwrap(
        api.PATCH('/api/v1/me/companies/{c}', {
          params: { path: { c: company.id } },
          body: { subscribeDailySummary },
        }),
      );
      queryClient.setQueryData(
        keys.me,
        (current: Me | null | undefined) =>
          current && {
            ...current,
            companies: current.companies.map((c) =>
              c.id === saved.id ? { ...c, subscribeDailySummary: saved.subscribeDailySummary } : c,
            ),
          },
      );
      toast(
        saved.subscribeDailySummary
          ? `You will receive the ${copy.erpIntegrationsDailySummary} of ${company.name}`
          : `You will no longer receive the ${copy.erpIntegrationsDailySummary} of ${company.name}`,
      );
    } catch (error) {
      setMessage(errorDetail(error));
    } finally {
      setDrafts(({ [company.id]: _done, ...rest }) => rest);
    }
  };
  return (
    <section aria-labelledby="summary-heading" className="space-y-3">
      <h2 id="summary-heading" className="font-semibold">
        {copy.erpIntegrationsDailySummary}
      </h2>
      {message && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          {message}
        </p>
      )}
      {me.companies.length === 0 ? (
        <p className="text-sm text-gray-700">
          You are not a member of any company, so there is no daily summary to receive.
        </p>
      ) : (
        me.companies.map((company) => (
          <fieldset key={company.id} className="rounded-md border border-gray-200 bg-white p-3">
            <legend className="px-1 text-sm font-medium">{company.name}</legend>
            <CheckBox
              label={`Email me the ${copy.erpIntegrationsDailySummary}`}
              checked={drafts[company.id] ?? company.subscribeDailySummary}
              onChange={(event) => toggle(company, event.target.checked)}
            />
          </fieldset>
        ))
      )}
    </section>
  );
}

function ApiTokens() {
  const api = useApi();
  const [token, setToken] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const { register, handleSubmit, setError, reset, formState } = useForm<{ name: string }>({
    defaultValues: { name: '' },
  });
  const submit = handleSubmit(async ({ name }) => {
    setMessage(null);
    try {
      const created = await unwrap(api.POST('/api/v1/auth/tokens', { body: { name: name.trim() } }));
      reset();
      setToken(created.token);
    } catch (error) {
      setMessage(applySaveError(error, setError, ['name']) ?? null);
    }
  });
  return (
    <section aria-labelledby="tokens-heading" className="space-y-3">
      <h2 id="tokens-heading" className="font-semibold">
        API tokens
      </h2>
      <p className="text-sm text-gray-700">
        A token lets a script call the API as you: send it as <code>Authorization: Bearer &lt;token&gt;</code>
        .
      </p>
      <form
        noValidate
        onSubmit={submit}
        aria-label="New API token"
        className="flex flex-wrap items-end gap-3"
      >
        {message && (
          <p
            role="alert"
            className="w-full rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900"
          >
            {message}
          </p>
        )}
        <FormField label="Token name" className="min-w-64 flex-1" error={formState.errors.name?.message}>
          {(field) => (
            <input
              {...field}
              placeholder="Such as Nightly report"
              {...register('name', { required: 'Enter a name that says what the token is for.' })}
              className={inputClass}
            />
          )}
        </FormField>
        <Button type="submit" variant="primary" isPending={formState.isSubmitting}>
          Create token
        </Button>
      </form>
      {token && (
        <SecretDialog title="New API token" label="Token" secret={token} onClose={() => setToken(null)} />
      )}
    </section>
  );
}
