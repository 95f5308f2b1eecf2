import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorDetail, unwrap, useApi } from '../../api/client.ts';
import { companyQuery, keys } from '../../api/queries.ts';
import type { Me, MeCompany } from '../../auth/permissions.ts';
import { lastCompanyId, useMe } from '../../auth/session.tsx';
import { copy } from '../../copy.ts';
import type { DateFormat } from '../../format/dates.ts';
import { CheckBox } from '../../ui/check-box.tsx';
import { toast } from '../../ui/toasts.tsx';
import { ApiTokens } from './api-tokens.tsx';

/** S19 Account: one's API tokens (listed; each secret shown once) and daily summary per company (A8). */
export function AccountPage() {
  const me = useMe();
  const dates = useAccountDates(me);
  return (
    <section className="max-w-3xl space-y-6">
      <div>
        <h1 className="text-xl font-semibold">Account</h1>
        <p className="text-sm text-gray-700">
          {me.name} · {me.email}
        </p>
      </div>
      <DailySummaries me={me} />
      <ApiTokens dates={dates} />
    </section>
  );
}

/**
 * This page belongs to no company, so its times are in the zone the header states ("Times in …", the last
 * company's); `undefined` while that company loads.
 */
function useAccountDates(me: Me): DateFormat | undefined {
  const last = lastCompanyId();
  const companyId = (me.companies.find((c) => c.id === last) ?? me.companies[0])?.id;
  const company = useQuery({ ...companyQuery(useApi(), companyId ?? ''), enabled: companyId !== undefined });
  if (company.data) return { timeZone: company.data.timeZone, locale: company.data.settings.locale };
  if (companyId !== undefined && company.isPending) return undefined;
  // No company (an operator), or it can't be read: the browser's zone is the only one left.
  return { timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, locale: 'en-US' };
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
