import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { errorDetail, useApi } from '../../api/client.ts';
import { can } from '../../auth/permissions.ts';
import { useMe } from '../../auth/session.tsx';
import { erpName } from '../../format/erp.ts';
import { Button } from '../../ui/button.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { ErrorState } from '../../ui/error-state.tsx';
import { companiesQuery } from '../shell/index.ts';
import { NewCompanyDialog } from './new-company-dialog.tsx';

const columns = ['Name', 'ERP', 'Time zone', 'Open'] as const;
const linkClass = 'text-blue-800 underline';

/** S18 Companies: every company for an operator (A2), with New company. */
export function CompaniesPage() {
  const me = useMe();
  const query = useQuery(companiesQuery(useApi()));
  const [creating, setCreating] = useState(false);
  const operator = can(me, '', 'createCompany');
  return (
    <section className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-semibold">Companies</h1>
        {operator && (
          <Button variant="primary" onPress={() => setCreating(true)}>
            New company
          </Button>
        )}
      </div>
      {query.isError ? (
        <ErrorState detail={errorDetail(query.error)} onRetry={() => query.refetch()} />
      ) : query.data?.length === 0 ? (
        <EmptyState>
          {operator
            ? 'No companies yet. Create the first with New company, then add its users.'
            : 'You are not a member of any company yet. Ask your ERP admin to add you.'}
        </EmptyState>
      ) : (
        <table className="w-full border-collapse text-left text-sm" aria-busy={query.isPending}>
          <caption className="sr-only">Companies</caption>
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
            {!query.data ? (
              <tr>
                <td colSpan={columns.length} className="px-2 py-2">
                  <span className="block h-4 animate-pulse rounded bg-gray-200 motion-reduce:animate-none" />
                </td>
              </tr>
            ) : (
              query.data.map((company) => (
                <tr key={company.id} className="border-t border-gray-200 bg-white">
                  <th scope="row" className="px-2 py-1.5 text-left font-normal">
                    {company.name}
                  </th>
                  <td className="px-2 py-1.5">{erpName(company.erpSystem)}</td>
                  <td className="px-2 py-1.5">{company.timeZone}</td>
                  <td className="space-x-3 px-2 py-1.5">
                    {can(me, company.id, 'manageUsers') && (
                      <Link
                        to="/companies/$c/users"
                        params={{ c: company.id }}
                        aria-label={`Users of ${company.name}`}
                        className={linkClass}
                      >
                        Users
                      </Link>
                    )}
                    <Link
                      to="/companies/$c/settings"
                      params={{ c: company.id }}
                      aria-label={`Settings of ${company.name}`}
                      className={linkClass}
                    >
                      Settings
                    </Link>
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      )}
      {creating && <NewCompanyDialog onClose={() => setCreating(false)} />}
    </section>
  );
}
