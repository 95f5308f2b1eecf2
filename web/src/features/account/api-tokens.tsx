import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { ApiError, errorDetail, unwrap, useApi } from '../../api/client.ts';
import { type DateFormat, formatDate, formatInstant } from '../../format/dates.ts';
import { Button } from '../../ui/button.tsx';
import { ConfirmDialog } from '../../ui/confirm-dialog.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { ErrorState } from '../../ui/error-state.tsx';
import { FormField, inputClass } from '../../ui/form-field.tsx';
import { SecretDialog } from '../../ui/secret-dialog.tsx';
import { toast } from '../../ui/toasts.tsx';
import { applySaveError } from '../records/api-errors.ts';
import { type ApiToken, apiTokensKey, apiTokensQuery } from './api-token-queries.ts';

const day = 86_400_000;

/** The lifetimes offered; `null` days is no `expiresAt`, a token that works until revoked. */
const expiries = [
  { value: 'never', label: 'Never', days: null },
  { value: '30d', label: '30 days', days: 30 },
  { value: '90d', label: '90 days', days: 90 },
  { value: '1y', label: '1 year', days: 365 },
] as const;

type Expiry = (typeof expiries)[number]['value'];

const columns = ['Name', 'Created', 'Last used', 'Expires', 'Actions'] as const;

/** S19 API tokens: create one (its secret shown once), list them with their dates, revoke one. */
export function ApiTokens({ dates }: { dates: DateFormat | undefined }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const tokens = useQuery(apiTokensQuery(api));
  const heading = useRef<HTMLHeadingElement>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const revoke = useMutation({
    mutationFn: (token: ApiToken) =>
      api.DELETE('/api/v1/auth/tokens/{id}', { params: { path: { id: token.id } } }),
    onSuccess: async (_, token) => {
      await queryClient.invalidateQueries({ queryKey: apiTokensKey });
      toast(`Revoked the token ${token.name}`);
      setRevoking(null);
      // Its row, which had the Revoke button, is gone: restore focus somewhere that is still there.
      requestAnimationFrame(() => heading.current?.focus());
    },
    onError: (error) => {
      // Revoked meanwhile (another tab): show the list as it is now.
      if (error instanceof ApiError && error.status === 404)
        void queryClient.invalidateQueries({ queryKey: apiTokensKey });
    },
  });
  const closeRevoke = () => {
    if (revoke.isPending) return;
    revoke.reset();
    setRevoking(null);
  };

  return (
    <section aria-labelledby="tokens-heading" className="space-y-3">
      <h2 id="tokens-heading" ref={heading} tabIndex={-1} className="font-semibold outline-none">
        API tokens
      </h2>
      <p className="text-sm text-gray-700">
        A token lets a script call the API as you: send it as <code>Authorization: Bearer &lt;token&gt;</code>
        .
      </p>
      <NewTokenForm onCreated={setCreated} />
      {tokens.isError ? (
        <ErrorState detail={errorDetail(tokens.error)} onRetry={() => tokens.refetch()} />
      ) : tokens.data?.length === 0 ? (
        <EmptyState>
          No API tokens yet. Create one above, and it is listed here with when it was last used.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-left text-sm" aria-busy={!tokens.data || !dates}>
            <caption className="sr-only">Your API tokens, newest first</caption>
            <thead className="bg-gray-100">
              <tr>
                {columns.map((column) => (
                  <th key={column} scope="col" className="px-2 py-2 font-medium whitespace-nowrap">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {!tokens.data || !dates ? (
                <tr>
                  <td colSpan={columns.length} className="px-2 py-2">
                    <span className="block h-4 animate-pulse rounded bg-gray-200 motion-reduce:animate-none" />
                  </td>
                </tr>
              ) : (
                tokens.data.map((token) => (
                  <TokenRow key={token.id} token={token} dates={dates} onRevoke={() => setRevoking(token)} />
                ))
              )}
            </tbody>
          </table>
        </div>
      )}
      {created && (
        <SecretDialog title="New API token" label="Token" secret={created} onClose={() => setCreated(null)} />
      )}
      {revoking && (
        <ConfirmDialog
          title={`Revoke ${revoking.name}?`}
          isOpen
          onClose={closeRevoke}
          confirmLabel="Revoke token"
          variant="danger"
          onConfirm={() => revoke.mutate(revoking)}
          isPending={revoke.isPending}
          error={revoke.isError ? errorDetail(revoke.error) : null}
        >
          Scripts that send this token stop working at once. This can't be undone: to give a script access
          again, create a new token.
        </ConfirmDialog>
      )}
    </section>
  );
}

function NewTokenForm({ onCreated }: { onCreated: (token: string) => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<string | null>(null);
  const { register, handleSubmit, setError, reset, formState } = useForm<{ name: string; expiry: Expiry }>({
    defaultValues: { name: '', expiry: 'never' },
  });
  const submit = handleSubmit(async ({ name, expiry }) => {
    setMessage(null);
    const days = expiries.find((e) => e.value === expiry)?.days ?? null;
    try {
      const answer = await unwrap(
        api.POST('/api/v1/auth/tokens', {
          body: {
            name: name.trim(),
            ...(days !== null && { expiresAt: new Date(Date.now() + days * day).toISOString() }),
          },
        }),
      );
      // The list shows the new token (read back from the server) before its secret is shown.
      await queryClient.invalidateQueries({ queryKey: apiTokensKey });
      reset();
      onCreated(answer.token);
    } catch (error) {
      setMessage(applySaveError(error, setError, ['name']) ?? null);
    }
  });
  return (
    <form noValidate onSubmit={submit} aria-label="New API token" className="flex flex-wrap items-end gap-3">
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
      <FormField label="Expires" className="w-36">
        {(field) => (
          <select {...field} {...register('expiry')} className={inputClass}>
            {expiries.map((e) => (
              <option key={e.value} value={e.value}>
                {e.label}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <Button type="submit" variant="primary" isPending={formState.isSubmitting}>
        Create token
      </Button>
    </form>
  );
}

function TokenRow({ token, dates, onRevoke }: { token: ApiToken; dates: DateFormat; onRevoke: () => void }) {
  const when = (iso: string, text = formatDate(iso, dates)) => (
    <time dateTime={iso} title={formatInstant(iso, dates)}>
      {text}
    </time>
  );
  const expired = token.expiresAt !== null && Date.parse(token.expiresAt) <= Date.now();
  return (
    <tr className="border-t border-gray-200 bg-white">
      <th scope="row" className="px-2 py-1.5 font-normal">
        {token.name}
      </th>
      <td className="px-2 py-1.5 whitespace-nowrap">{when(token.createdAt)}</td>
      <td className="px-2 py-1.5 whitespace-nowrap">{token.lastUsedAt ? when(token.lastUsedAt) : 'Never'}</td>
      <td className="px-2 py-1.5 whitespace-nowrap">
        {token.expiresAt ? when(token.expiresAt, expired ? 'Expired' : undefined) : 'Never'}
      </td>
      <td className="px-2 py-1.5">
        <Button aria-label={`Revoke the token ${token.name}`} onPress={onRevoke}>
          Revoke
        </Button>
      </td>
    </tr>
  );
}
