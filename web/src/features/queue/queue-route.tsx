import { useParams, useRouterState } from '@tanstack/react-router';
import { QueuePage } from './queue-page.tsx';
import { RequestDetailPage } from './request-detail.tsx';

/** `…/erp/requests` (S2). */
export function QueueRoute() {
  return <QueuePage />;
}

/** `…/erp/requests/$r` (S4): a side panel over the queue when opened from it, full width when loaded directly. */
export function RequestRoute() {
  const { r } = useParams({ strict: false }) as { r: string };
  const fromQueue = useRouterState({
    select: (s) => (s.location.state as { fromQueue?: boolean } | undefined)?.fromQueue === true,
  });
  return fromQueue ? <QueuePage panelId={r} /> : <RequestDetailPage />;
}
