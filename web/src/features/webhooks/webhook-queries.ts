import { queryOptions } from '@tanstack/react-query';
import { type ApiClient, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema.d.ts';

export type Webhook =
  paths['/api/v1/companies/{c}/webhooks']['get']['responses'][200]['content']['application/json']['items'][number];
export type WebhookEvent = Webhook['events'][number];
export type Delivery =
  paths['/api/v1/companies/{c}/webhooks/{w}/deliveries']['get']['responses'][200]['content']['application/json']['items'][number];

export const webhookEvents: WebhookEvent[] = [
  'request.sent',
  'request.accepted',
  'request.rejected',
  'request.synced',
  'request.failed',
  'request.retrieved',
  'sync.finished',
];

export const webhookKeys = {
  list: (c: string) => ['c', c, 'webhooks'] as const,
  deliveries: (c: string, w: string) => ['c', c, 'webhooks', w, 'deliveries'] as const,
};

/** Every webhook of the company: a handful, so all pages are read at once. */
export const webhooksQuery = (api: ApiClient, c: string) =>
  queryOptions({
    queryKey: webhookKeys.list(c),
    queryFn: async () => {
      const items: Webhook[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Webhook[]; nextCursor: string | null } = await unwrap(
          api.GET('/api/v1/companies/{c}/webhooks', {
            params: { path: { c }, query: { limit: 200, ...(cursor && { cursor }) } },
          }),
        );
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return items;
    },
    staleTime: 30_000,
  });

/** The newest 200 deliveries, read again every 2 s while one is still pending. */
export const deliveriesQuery = (api: ApiClient, c: string, w: string) =>
  queryOptions({
    queryKey: webhookKeys.deliveries(c, w),
    queryFn: async () =>
      (
        await unwrap(
          api.GET('/api/v1/companies/{c}/webhooks/{w}/deliveries', {
            params: { path: { c, w }, query: { limit: 200 } },
          }),
        )
      ).items,
    staleTime: 5_000,
    refetchInterval: (query) => (query.state.data?.some((d) => d.status === 'pending') ? 2_000 : false),
  });
