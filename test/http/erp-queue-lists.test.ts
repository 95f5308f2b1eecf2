import { describe, expect, it } from 'vitest';
import type { ErpRequestKind, ErpRequestStatus } from '../../src/domain/lifecycle.ts';
import { apiAs } from '../support/api.ts';
import { useTestApp } from '../support/app.ts';
import { dialects } from '../support/databases.ts';
import { makeCompany, makeMember, makeOperator, type TestUser, unique } from '../support/factories.ts';
import { makeErpRequest } from '../support/records.ts';

interface Item {
  id: string;
  kind: ErpRequestKind;
  status: ErpRequestStatus;
  subject: { id: string; label: string };
  sender: { id: string; email: string };
}

describe.each(dialects)('ERP queue counts and filters on %s', (dialect) => {
  const t = useTestApp(dialect);

  /** A company with a reader and two senders, and a second company with a request of its own. */
  async function world() {
    const operator = await makeOperator(t.current.ctx);
    const company = await makeCompany(t.current.ctx, operator);
    const other = await makeCompany(t.current.ctx, operator);
    const sender = await makeMember(t.current.ctx, operator, company.id, { project: 'admin' });
    const secondSender = await makeMember(t.current.ctx, operator, company.id, { project: 'admin' });
    const reader = await makeMember(t.current.ctx, operator, company.id, { erp: 'read_only' });
    const otherSender = await makeMember(t.current.ctx, operator, other.id, { project: 'admin' });
    const request = (
      kind: ErpRequestKind,
      status: ErpRequestStatus,
      options: { by?: TestUser; label?: string; subjectId?: string } = {},
    ) =>
      makeErpRequest(t.current.ctx, {
        companyId: company.id,
        kind,
        status,
        senderId: (options.by ?? sender).id,
        subjectId: options.subjectId ?? unique('subject'),
        ...(options.label !== undefined && { subjectLabel: options.label }),
      });
    await makeErpRequest(t.current.ctx, {
      companyId: other.id,
      kind: 'project',
      subjectId: unique('subject'),
      senderId: otherSender.id,
      subjectLabel: 'Riverside Clinic elsewhere',
    });
    const base = `/companies/${company.id}/erp/requests`;
    return { api: apiAs(t.current.app, reader), base, sender, secondSender, request };
  }

  /** Every item of a filtered list, walking its pages of `limit`. */
  async function walk(api: ReturnType<typeof apiAs>, url: string, limit: number): Promise<Item[]> {
    const items: Item[] = [];
    let cursor: string | null = null;
    do {
      const separator = url.includes('?') ? '&' : '?';
      const page = await api.get(`${url}${separator}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(limit);
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return items;
  }

  it("counts the company's requests per kind and status, leaving out pairs with none", async () => {
    const w = await world();
    const empty = await w.api.get(`${w.base}/counts`);
    expect(empty).toEqual({ status: 200, body: { items: [] } });
    await w.request('project', 'ready_to_export');
    await w.request('project', 'ready_to_export');
    await w.request('project', 'synced');
    await w.request('budget', 'failed');
    await w.request('vendor', 'ready_to_export');
    await w.request('change_order', 'ready_to_update');
    await w.request('change_order', 'rejected');
    const counts = await w.api.get(`${w.base}/counts`);
    expect(counts.status).toBe(200);
    expect(counts.body.items).toEqual([
      { kind: 'budget', status: 'failed', count: 1 },
      { kind: 'change_order', status: 'ready_to_update', count: 1 },
      { kind: 'change_order', status: 'rejected', count: 1 },
      { kind: 'project', status: 'ready_to_export', count: 2 },
      { kind: 'project', status: 'synced', count: 1 },
      { kind: 'vendor', status: 'ready_to_export', count: 1 },
    ]);
  });

  it('filters by several statuses and kinds at once, paging by id without gaps or repeats', async () => {
    const w = await world();
    const made: { id: string; kind: ErpRequestKind; status: ErpRequestStatus }[] = [];
    const kinds: ErpRequestKind[] = ['project', 'cost_codes', 'budget', 'vendor'];
    const statuses: ErpRequestStatus[] = [
      'ready_to_export',
      'ready_to_update',
      'failed',
      'synced',
      'exporting',
    ];
    for (const kind of kinds)
      for (const status of statuses) made.push({ id: await w.request(kind, status), kind, status });

    const needsAction = ['ready_to_export', 'ready_to_update', 'failed'];
    const jobs = ['project', 'cost_codes'];
    const expected = made
      .filter((r) => needsAction.includes(r.status) && jobs.includes(r.kind))
      .map((r) => r.id)
      .sort();
    const items = await walk(w.api, `${w.base}?status=${needsAction.join(',')}&kind=${jobs.join(',')}`, 2);
    expect(items.map((i) => i.id)).toEqual(expected);

    const oneStatus = await walk(w.api, `${w.base}?status=synced`, 3);
    expect(oneStatus.map((i) => i.id)).toEqual(made.filter((r) => r.status === 'synced').map((r) => r.id));
    const everything = await walk(w.api, w.base, 7);
    expect(everything.map((i) => i.id)).toEqual(made.map((r) => r.id).sort());
  });

  it('refuses an unknown status or kind, naming the field, and never answers 500', async () => {
    const w = await world();
    for (const [query, field] of [
      ['status=ready_to_export,shipped', 'query.status'],
      ['status=', 'query.status'],
      ['status=failed,', 'query.status'],
      ['kind=project,invoice', 'query.kind'],
      ['kind=PROJECT', 'query.kind'],
      [`q=${'x'.repeat(201)}`, 'query.q'],
      ['senderId=', 'query.senderId'],
    ] as const) {
      const response = await w.api.get(`${w.base}?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.code).toBe('validation_failed');
      expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    }
  });

  it("finds items by part of the subject's label or the sender's email, in any case, % and _ taken literally", async () => {
    const w = await world();
    const riverside = await w.request('project', 'ready_to_export', { label: 'Riverside Clinic' });
    const ecole = await w.request('vendor', 'ready_to_export', { label: 'École Saint-Jean' });
    const percent = await w.request('budget', 'failed', { label: 'Budget 100% done' });
    const underscore = await w.request('commitment', 'synced', { label: 'SC_7 Concrete' });
    const bySecond = await w.request('change_order', 'ready_to_update', {
      label: 'CO 1',
      by: w.secondSender,
    });
    const search = async (q: string) =>
      (await walk(w.api, `${w.base}?q=${encodeURIComponent(q)}`, 50)).map((i) => i.id);

    expect(await search('RIVERSIDE clin')).toEqual([riverside]);
    expect(await search('éCOLE')).toEqual([ecole]);
    expect(await search('saint-jean')).toEqual([ecole]);
    expect(await search('%')).toEqual([percent]);
    expect(await search('_')).toEqual([underscore]);
    expect(await search('100%')).toEqual([percent]);
    expect(await search(w.secondSender.email.slice(0, 12).toUpperCase())).toEqual([bySecond]);
    expect(await search('no such thing')).toEqual([]);
    // A blank search box is no search.
    expect(await search(' ')).toHaveLength(5);
    const combined = await walk(w.api, `${w.base}?q=e&status=ready_to_export&kind=vendor`, 50);
    expect(combined.map((i) => i.id)).toEqual([ecole]);
  });

  it("filters by sender and by subject, the subject's whole history in order", async () => {
    const w = await world();
    const subjectId = unique('vendor');
    const first = await w.request('vendor', 'rejected', { subjectId });
    const second = await w.request('vendor', 'retrieved', { subjectId, by: w.secondSender });
    const third = await w.request('vendor', 'ready_to_export', { subjectId });
    const elsewhere = await w.request('vendor', 'ready_to_export', { by: w.secondSender });

    const history = await walk(w.api, `${w.base}?subjectId=${subjectId}`, 2);
    expect(history.map((i) => i.id)).toEqual([first, second, third]);
    expect(history.every((i) => i.subject.id === subjectId)).toBe(true);
    const bySender = await walk(w.api, `${w.base}?senderId=${w.secondSender.id}`, 1);
    expect(bySender.map((i) => i.id)).toEqual([second, elsewhere]);
    expect(bySender.every((i) => i.sender.email === w.secondSender.email)).toBe(true);
    const both = await walk(w.api, `${w.base}?senderId=${w.secondSender.id}&subjectId=${subjectId}`, 5);
    expect(both.map((i) => i.id)).toEqual([second]);
  });
});
