import { describe, expect, it } from 'vitest';
import { newId } from '../../src/db/ids.ts';
import { toJson } from '../../src/db/json.ts';
import { apiAs } from '../support/api.ts';
import { useTestApp } from '../support/app.ts';
import { dialects } from '../support/databases.ts';
import { makeCompany, makeMember, makeOperator } from '../support/factories.ts';

describe.each(dialects)('the sync history on %s', (dialect) => {
  const t = useTestApp(dialect);

  /** A run as the sync leaves it: succeeded with its counts, failed with its error, or still queued. */
  async function makeRun(companyId: string, status: 'queued' | 'succeeded' | 'failed', minute: number) {
    const at = new Date(Date.UTC(2026, 0, 5, 6, minute)).toISOString();
    const id = newId();
    await t.current.database.db
      .insertInto('sync_runs')
      .values({
        id,
        company_id: companyId,
        status,
        trigger: minute % 2 ? 'schedule' : 'manual',
        requested_by: null,
        schedule_slot: null,
        counts:
          status === 'succeeded'
            ? toJson({
                jobs: 3,
                jobTemplates: 1,
                costCodes: 9,
                costTypes: 4,
                vendors: 2,
                jobCosts: 7,
                changed: 5,
              })
            : null,
        error: status === 'failed' ? 'Spectrum refused the authorization ID' : null,
        created_at: at,
        started_at: status === 'queued' ? null : at,
        finished_at: status === 'queued' ? null : at,
      })
      .execute();
    return id;
  }

  it('lists runs newest first with their counts or error, paged by a cursor without gaps or repeats', async () => {
    const operator = await makeOperator(t.current.ctx);
    const company = await makeCompany(t.current.ctx, operator);
    const other = await makeCompany(t.current.ctx, operator);
    const reader = apiAs(
      t.current.app,
      await makeMember(t.current.ctx, operator, company.id, { erp: 'read_only' }),
    );
    const base = `/companies/${company.id}/erp/sync-runs`;
    expect(await reader.get(base)).toEqual({ status: 200, body: { items: [], nextCursor: null } });

    const made = [
      await makeRun(company.id, 'succeeded', 0),
      await makeRun(company.id, 'failed', 15),
      await makeRun(company.id, 'succeeded', 30),
      await makeRun(company.id, 'queued', 45),
    ];
    await makeRun(other.id, 'succeeded', 50);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await reader.get(`${base}?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((run: { id: string }) => run.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());

    const { body } = await reader.get(base);
    expect(body.items[0]).toEqual({
      id: made[3],
      status: 'queued',
      trigger: 'schedule',
      counts: null,
      createdAt: '2026-01-05T06:45:00.000Z',
    });
    expect(body.items[2]).toMatchObject({
      id: made[1],
      status: 'failed',
      error: 'Spectrum refused the authorization ID',
      finishedAt: '2026-01-05T06:15:00.000Z',
    });
    expect(body.items[3].counts).toEqual({
      jobs: 3,
      jobTemplates: 1,
      costCodes: 9,
      costTypes: 4,
      vendors: 2,
      jobCosts: 7,
      changed: 5,
    });
    // Each listed run reads the same on its own.
    expect((await reader.get(`${base}/${made[1]}`)).body).toEqual(body.items[2]);
  });
});
