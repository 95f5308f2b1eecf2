import { describe, expect, it } from 'vitest';
import { createWebhook } from '../../src/workflows/notify/webhooks.ts';
import { loadActor } from '../../src/workflows/shared/actors.ts';
import { recordCompanyEvents } from '../../src/workflows/shared/company-events.ts';
import { testContext } from '../support/context.ts';
import { dialects, useTestDatabase } from '../support/databases.ts';
import { makeCompany, makeOperator } from '../support/factories.ts';

/** Events of several companies recorded together (a batch of exports): each reaches only its webhooks. */
describe.each(dialects)('company events recorded together on %s', (dialect) => {
  const db = useTestDatabase(dialect);

  it('queues a delivery per event for each webhook of its company that takes its type', async () => {
    const ctx = testContext(db.current);
    await ctx.queue.prepare();
    const operator = await makeOperator(ctx);
    const actor = (await loadActor(ctx.database.db, operator.id))!;
    const [a, b] = [await makeCompany(ctx, operator), await makeCompany(ctx, operator)];
    const hook = (companyId: string, events: ('request.synced' | 'request.failed')[]) =>
      createWebhook(ctx, { actor, companyId, url: 'https://hooks.example.com/in', events });
    const syncedOfA = await hook(a.id, ['request.synced']);
    const allOfA = await hook(a.id, ['request.synced', 'request.failed']);
    const failedOfB = await hook(b.id, ['request.failed']);

    const at = new Date();
    const event = (companyId: string, type: 'request.synced' | 'request.failed', requestId: string) => ({
      companyId,
      type,
      data: {
        requestId,
        kind: 'vendor' as const,
        status: 'synced' as const,
        subject: { id: 'v', label: 'V' },
      },
      at,
    });
    const ids = await ctx.database.db
      .transaction()
      .execute((trx) =>
        recordCompanyEvents(trx, ctx, [
          event(a.id, 'request.synced', 'r1'),
          event(b.id, 'request.synced', 'r2'),
          event(a.id, 'request.failed', 'r3'),
          event(b.id, 'request.failed', 'r4'),
        ]),
      );

    expect(ids).toHaveLength(4);
    const deliveries = await ctx.database.db
      .selectFrom('webhook_deliveries')
      .select(['webhook_id', 'event_id'])
      .execute();
    const got = deliveries.map((d) => `${d.webhook_id} ${ids.indexOf(d.event_id)}`).sort();
    expect(got).toEqual(
      [`${syncedOfA.id} 0`, `${allOfA.id} 0`, `${allOfA.id} 2`, `${failedOfB.id} 3`].sort(),
    );
    expect((await ctx.queue.stats()).waiting).toBe(4);
  });
});
