import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { errorDetail, unwrap, useApi } from '../../api/client.ts';
import { type DateFormat, formatInstant } from '../../format/dates.ts';
import { Badge, type BadgeTone } from '../../ui/badge.tsx';
import { Button } from '../../ui/button.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { ErrorState } from '../../ui/error-state.tsx';
import { CheckIcon, ClockIcon, ErrorIcon } from '../../ui/icons.tsx';
import { SecretDialog } from '../../ui/secret-dialog.tsx';
import { SettingsNav } from '../../ui/settings-nav.tsx';
import { toast } from '../../ui/toasts.tsx';
import { useCompanyContext } from '../records/use-company.ts';
import { NotFoundPage } from '../shell/index.ts';
import { DeleteWebhookDialog } from './delete-webhook-dialog.tsx';
import { type RotatedSecret, RotateSecretDialog } from './rotate-secret-dialog.tsx';
import {
  type Delivery,
  deliveriesQuery,
  type Webhook,
  webhookKeys,
  webhooksQuery,
} from './webhook-queries.ts';

const statusLooks: Record<Delivery['status'], { label: string; tone: BadgeTone; icon: React.ReactNode }> = {
  pending: { label: 'Pending', tone: 'blue', icon: <ClockIcon /> },
  delivered: { label: 'Delivered', tone: 'green', icon: <CheckIcon /> },
  failed: { label: 'Failed', tone: 'red', icon: <ErrorIcon /> },
};

const columns = [
  'Event',
  'Status',
  'Attempts',
  'HTTP status',
  'Last error',
  'Created',
  'Delivered',
  'Actions',
] as const;

/** S16 webhook: its events and its deliveries, newest first, each with Replay; Rotate secret. */
export function WebhookPage() {
  const { c, w } = useParams({ from: '/signed-in/companies/$c/webhooks/$w' });
  const { can } = useCompanyContext(c);
  const query = useQuery({ ...webhooksQuery(useApi(), c), enabled: can('manageWebhooks') });
  if (!can('manageWebhooks'))
    return <p>You don't have permission to manage webhooks. Ask an ERP admin of this company.</p>;
  if (query.isError) return <ErrorState detail={errorDetail(query.error)} onRetry={() => query.refetch()} />;
  if (!query.data)
    return (
      <div aria-busy="true" className="h-40 animate-pulse rounded bg-gray-200 motion-reduce:animate-none" />
    );
  const webhook = query.data.find((item) => item.id === w);
  return webhook ? <WebhookDetail c={c} webhook={webhook} /> : <NotFoundPage />;
}

function WebhookDetail({ c, webhook }: { c: string; webhook: Webhook }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const { dates } = useCompanyContext(c);
  const deliveries = useQuery(deliveriesQuery(api, c, webhook.id));
  const [deleting, setDeleting] = useState(false);
  const [rotating, setRotating] = useState(false);
  const [rotated, setRotated] = useState<RotatedSecret | null>(null);
  const replay = useMutation({
    mutationFn: (d: string) =>
      unwrap(
        api.POST('/api/v1/companies/{c}/webhooks/{w}/deliveries/{d}/replay', {
          params: { path: { c, w: webhook.id, d } },
          body: {},
        }),
      ),
    onSuccess: async () => {
      toast('Replay queued: a new delivery is on its way');
      await queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(c, webhook.id) });
    },
  });

  return (
    <section className="space-y-4">
      <SettingsNav c={c} />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-semibold">
          Webhook <span className="font-mono text-base">{webhook.url}</span>
        </h1>
        {webhook.active && (
          <div className="flex gap-2">
            <Button onPress={() => setRotating(true)}>Rotate secret</Button>
            <Button onPress={() => setDeleting(true)}>Delete webhook</Button>
          </div>
        )}
      </div>
      <p className="text-sm text-gray-700">
        {webhook.active ? 'Active' : 'Deleted: no new deliveries'} · Events: {webhook.events.join(', ')}
      </p>
      {replay.isError && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          {errorDetail(replay.error)}
        </p>
      )}
      <h2 className="font-semibold">Deliveries</h2>
      {deliveries.isError ? (
        <ErrorState detail={errorDetail(deliveries.error)} onRetry={() => deliveries.refetch()} />
      ) : deliveries.data?.length === 0 ? (
        <EmptyState>No deliveries yet. One appears here for each chosen event once it happens.</EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-left text-sm" aria-busy={deliveries.isPending}>
            <caption className="sr-only">Deliveries, newest first</caption>
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
              {!deliveries.data ? (
                <tr>
                  <td colSpan={columns.length} className="px-2 py-2">
                    <span className="block h-4 animate-pulse rounded bg-gray-200 motion-reduce:animate-none" />
                  </td>
                </tr>
              ) : (
                deliveries.data.map((delivery) => (
                  <DeliveryRow
                    key={delivery.id}
                    delivery={delivery}
                    dates={dates}
                    replaying={replay.isPending && replay.variables === delivery.id}
                    onReplay={() => replay.mutate(delivery.id)}
                  />
                ))
              )}
            </tbody>
          </table>
        </div>
      )}
      {deleting && <DeleteWebhookDialog c={c} webhook={webhook} onClose={() => setDeleting(false)} />}
      {rotating && (
        <RotateSecretDialog
          c={c}
          webhook={webhook}
          onClose={() => setRotating(false)}
          onRotated={(answer) => {
            setRotating(false);
            setRotated(answer);
          }}
        />
      )}
      {rotated && (
        <SecretDialog
          title="New webhook secret"
          label="Signing secret"
          secret={rotated.secret}
          onClose={() => setRotated(null)}
        >
          <p className="text-sm">
            The old secret also signs until{' '}
            <time dateTime={rotated.previousSecretExpiresAt}>
              {formatInstant(rotated.previousSecretExpiresAt, dates)}
            </time>
            : switch your receiver to the new one before then.
          </p>
        </SecretDialog>
      )}
    </section>
  );
}

function DeliveryRow({
  delivery,
  dates,
  replaying,
  onReplay,
}: {
  delivery: Delivery;
  dates: DateFormat;
  replaying: boolean;
  onReplay: () => void;
}) {
  const look = statusLooks[delivery.status];
  const when = (iso: string | null) => (iso ? <time dateTime={iso}>{formatInstant(iso, dates)}</time> : '—');
  return (
    <tr className="border-t border-gray-200 bg-white align-top">
      <td className="px-2 py-1.5 font-mono">
        {delivery.eventType}
        {delivery.replayOf && <span className="ml-2 font-sans text-xs text-gray-600">(replay)</span>}
      </td>
      <td className="px-2 py-1.5">
        <Badge tone={look.tone} icon={look.icon}>
          {look.label}
        </Badge>
      </td>
      <td className="px-2 py-1.5">{delivery.attempts}</td>
      <td className="px-2 py-1.5">{delivery.responseStatus ?? '—'}</td>
      <td className="max-w-xs px-2 py-1.5 break-words">{delivery.lastError ?? '—'}</td>
      <td className="px-2 py-1.5 whitespace-nowrap">{when(delivery.createdAt)}</td>
      <td className="px-2 py-1.5 whitespace-nowrap">{when(delivery.deliveredAt)}</td>
      <td className="px-2 py-1.5">
        <Button
          aria-label={`Replay the ${delivery.eventType} delivery`}
          isPending={replaying}
          onPress={onReplay}
        >
          Replay
        </Button>
      </td>
    </tr>
  );
}
