import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { ApiError, errorDetail, unwrap, useApi } from '../../api/client.ts';
import { keys } from '../../api/queries.ts';
import { useMe } from '../../auth/session.tsx';
import { copy } from '../../copy.ts';
import { Badge } from '../../ui/badge.tsx';
import { Button } from '../../ui/button.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { ErrorState } from '../../ui/error-state.tsx';
import { inputClass } from '../../ui/form-field.tsx';
import { CheckIcon } from '../../ui/icons.tsx';
import { SettingsNav } from '../../ui/settings-nav.tsx';
import { versionConflictMessage } from '../records/api-errors.ts';
import { useCompanyContext } from '../records/use-company.ts';
import { AddUserDialog } from './add-user-dialog.tsx';
import { type CompanyUser, type Level, levels, userKeys, usersQuery } from './user-queries.ts';

type Change = Partial<
  Pick<CompanyUser, 'erpPermission' | 'projectPermission' | 'canPushToAccounting' | 'subscribeDailySummary'>
>;

const columns = [
  'Name',
  'Email',
  'ERP tools',
  'Project tools',
  copy.canPushToAccounting,
  'Daily summary',
] as const;

/** An approver: ERP standard or admin and Can Push to Accounting (UI.md §1). */
const isApprover = (user: CompanyUser) =>
  user.canPushToAccounting && (user.erpPermission === 'standard' || user.erpPermission === 'admin');

/** S16 Users and permissions: each change is one `PATCH …/users/{u}` with the row's `version`. */
export function UsersPage() {
  const { c } = useParams({ from: '/signed-in/companies/$c/users' });
  const { can } = useCompanyContext(c);
  const me = useMe();
  const api = useApi();
  const queryClient = useQueryClient();
  const query = useQuery({ ...usersQuery(api, c), enabled: can('manageUsers') });
  const [adding, setAdding] = useState(false);
  const [message, setMessage] = useState<{ text: string; reload: boolean } | null>(null);
  const [saving, setSaving] = useState<string | null>(null);
  const reasonId = useId();
  const mayGrant = can('grantPushToAccounting');

  const setRow = (next: CompanyUser) =>
    queryClient.setQueryData(userKeys.list(c), (rows: CompanyUser[] | undefined) =>
      rows?.map((row) => (row.id === next.id ? next : row)),
    );

  const change = async (user: CompanyUser, body: Change) => {
    setMessage(null);
    setSaving(user.id);
    // A read already under way would land after the answer and undo the change on screen.
    await queryClient.cancelQueries({ queryKey: userKeys.list(c) });
    try {
      const saved = await unwrap(
        api.PATCH('/api/v1/companies/{c}/users/{u}', {
          params: { path: { c, u: user.id } },
          body: { ...body, version: user.version },
        }),
      );
      setRow(saved);
      // One's own permissions decide what the app shows, so `/me` is read again.
      if (user.id === me.id) await queryClient.invalidateQueries({ queryKey: keys.me });
    } catch (error) {
      const conflict = error instanceof ApiError && error.problem.code === 'version_conflict';
      setMessage({
        text: conflict
          ? versionConflictMessage
          : error instanceof ApiError && error.status === 403
            ? `You don't have permission to change this. ${error.problem.detail}`
            : errorDetail(error),
        reload: conflict,
      });
    } finally {
      setSaving(null);
    }
  };

  return (
    <section className="space-y-4">
      <SettingsNav c={c} />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-semibold">Users and permissions</h1>
        {can('manageUsers') && (
          <Button variant="primary" onPress={() => setAdding(true)}>
            Add user
          </Button>
        )}
      </div>
      {!can('manageUsers') ? (
        <p>You don't have permission to manage users. Ask an ERP admin of this company.</p>
      ) : query.isError ? (
        <ErrorState detail={errorDetail(query.error)} onRetry={() => query.refetch()} />
      ) : query.data?.length === 0 ? (
        <EmptyState>No users yet. Users appear here when you add them with Add user.</EmptyState>
      ) : (
        <>
          {message && (
            <div
              role="alert"
              className="flex items-center gap-3 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900"
            >
              <p>{message.text}</p>
              {message.reload && (
                <Button
                  onPress={() => {
                    setMessage(null);
                    void query.refetch();
                  }}
                >
                  Reload
                </Button>
              )}
            </div>
          )}
          {!mayGrant && (
            <p className="text-sm text-gray-700">
              {copy.canPushToAccounting}: <span id={reasonId}>Only an operator can grant this.</span>
            </p>
          )}
          <table className="w-full border-collapse text-left text-sm" aria-busy={query.isPending}>
            <caption className="sr-only">Users and permissions</caption>
            <thead className="bg-gray-100">
              <tr>
                {columns.map((column) => (
                  <th key={column} scope="col" className="px-2 py-2 font-medium">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {!query.data
                ? [0, 1, 2].map((i) => (
                    <tr key={i}>
                      {columns.map((column) => (
                        <td key={column} className="px-2 py-2">
                          <span className="block h-4 animate-pulse rounded bg-gray-200 motion-reduce:animate-none" />
                        </td>
                      ))}
                    </tr>
                  ))
                : query.data.map((user) => (
                    <UserRow
                      key={user.id}
                      user={user}
                      busy={saving === user.id}
                      mayGrant={mayGrant}
                      reasonId={reasonId}
                      onChange={(body) => change(user, body)}
                    />
                  ))}
            </tbody>
          </table>
        </>
      )}
      {adding && <AddUserDialog c={c} onClose={() => setAdding(false)} />}
    </section>
  );
}

function UserRow({
  user,
  busy,
  mayGrant,
  reasonId,
  onChange,
}: {
  user: CompanyUser;
  busy: boolean;
  mayGrant: boolean;
  reasonId: string;
  onChange: (body: Change) => Promise<void>;
}) {
  // The change shows at once (a ticked box stays ticked) and gives way to the server's answer.
  const [draft, setDraft] = useState<Change>({});
  const shown = { ...user, ...draft };
  const apply = (body: Change) => {
    setDraft(body);
    void onChange(body).finally(() => setDraft({}));
  };
  const level = (name: 'erpPermission' | 'projectPermission', label: string) => (
    <select
      aria-label={`${label} for ${user.name}`}
      value={shown[name]}
      onChange={(event) => apply({ [name]: event.target.value as Level })}
      className={`${inputClass} mt-0 w-32`}
    >
      {levels.map((l) => (
        <option key={l.id} value={l.id}>
          {l.label}
        </option>
      ))}
    </select>
  );
  return (
    <tr className="border-t border-gray-200 bg-white" aria-busy={busy || undefined}>
      <th scope="row" className="px-2 py-1.5 text-left font-normal">
        <span className="flex flex-wrap items-center gap-2">
          {user.name}
          {isApprover(user) && (
            <Badge tone="green" icon={<CheckIcon />}>
              Accounting approver
            </Badge>
          )}
        </span>
      </th>
      <td className="px-2 py-1.5">{user.email}</td>
      <td className="px-2 py-1.5">{level('erpPermission', 'ERP tools')}</td>
      <td className="px-2 py-1.5">{level('projectPermission', 'Project tools')}</td>
      <td className="px-2 py-1.5">
        <input
          type="checkbox"
          aria-label={`${copy.canPushToAccounting} for ${user.name}`}
          checked={shown.canPushToAccounting}
          disabled={!mayGrant}
          aria-describedby={mayGrant ? undefined : reasonId}
          title={mayGrant ? undefined : 'Only an operator can grant this.'}
          onChange={(event) => apply({ canPushToAccounting: event.target.checked })}
          className="size-4 disabled:opacity-50"
        />
      </td>
      <td className="px-2 py-1.5">
        <input
          type="checkbox"
          aria-label={`Daily summary for ${user.name}`}
          checked={shown.subscribeDailySummary}
          onChange={(event) => apply({ subscribeDailySummary: event.target.checked })}
          className="size-4"
        />
      </td>
    </tr>
  );
}
