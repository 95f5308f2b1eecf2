import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { errorDetail, useApi } from '../../api/client.ts';
import { formatInstant } from '../../format/dates.ts';
import { Button } from '../../ui/button.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { ErrorState } from '../../ui/error-state.tsx';
import { SecretDialog } from '../../ui/secret-dialog.tsx';
import { SettingsNav } from '../../ui/settings-nav.tsx';
import { useCompanyContext } from '../records/use-company.ts';
import { AddWebhookDialog } from './add-webhook-dialog.tsx';
import { DeleteWebhookDialog } from './delete-webhook-dialog.tsx';
import { type Webhook, webhooksQuery } from './webhook-queries.ts';

const columns = ['URL', 'Events', 'Status', 'Created', 'Actions'] as const;

/** S16 Webhooks: the company's webhooks; adding one shows its signing secret once. */
export function WebhooksPage() {
  const { c } = useParams({ from: '/signed-in/companies/$c/webhooks' });
  const { can, dates } = useCompanyContext(c);
  const query = useQuery({ ...webhooksQuery(useApi(), c), enabled: can('manageWebhooks') });
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);

  return (
    <section className="space-y-4">
      <SettingsNav c={c} />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-semibold">Webhooks</h1>
        {can('manageWebhooks') && (
          <Button variant="primary" onPress={() => setAdding(true)}>
            Add webhook
          </Button>
        )}
      </div>
      {!can('manageWebhooks') ? (
        <p>You don't have permission to manage webhooks. Ask an ERP admin of this company.</p>
      ) : query.isError ? (
        <ErrorState detail={errorDetail(query.error)} onRetry={() => query.refetch()} />
      ) : query.data?.length === 0 ? (
        <EmptyState>
          No webhooks yet. Add one with Add webhook, and Ledgergate posts each chosen event to its URL.
        </EmptyState>
      ) : (
        <table className="w-full border-collapse text-left text-sm" aria-busy={query.isPending}>
          <caption className="sr-only">Webhooks</caption>
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
              query.data.map((webhook) => (
                <tr key={webhook.id} className="border-t border-gray-200 bg-white">
                  <td className="px-2 py-1.5">
                    <Link
                      to="/companies/$c/webhooks/$w"
                      params={{ c, w: webhook.id }}
                      className="font-mono text-blue-800 underline"
                    >
                      {webhook.url}
                    </Link>
                  </td>
                  <td className="px-2 py-1.5">{webhook.events.join(', ')}</td>
                  <td className="px-2 py-1.5">{webhook.active ? 'Active' : 'Deleted'}</td>
                  <td className="px-2 py-1.5">
                    <time dateTime={webhook.createdAt}>{formatInstant(webhook.createdAt, dates)}</time>
                  </td>
                  <td className="px-2 py-1.5">
                    {webhook.active && (
                      <Button
                        aria-label={`Delete the webhook to ${webhook.url}`}
                        onPress={() => setDeleting(webhook)}
                      >
                        Delete
                      </Button>
                    )}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      )}
      {adding && (
        <AddWebhookDialog
          c={c}
          onClose={() => setAdding(false)}
          onAdded={(added) => {
            setAdding(false);
            setSecret(added);
          }}
        />
      )}
      {secret && (
        <SecretDialog
          title="Webhook secret"
          label="Signing secret"
          secret={secret}
          onClose={() => setSecret(null)}
        />
      )}
      {deleting && <DeleteWebhookDialog c={c} webhook={deleting} onClose={() => setDeleting(null)} />}
    </section>
  );
}
