import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/actor.ts';
import { recordAudit } from '../../src/workflows/shared/audit.ts';
import { apiAs } from '../support/api.ts';
import { useTestApp } from '../support/app.ts';
import { dialects } from '../support/databases.ts';
import { makeCompany, makeMember, makeOperator } from '../support/factories.ts';
import { makeProject, makeStandardLists, makeVendor } from '../support/records.ts';

/** API.md: money is a decimal string everywhere, the audit log's before/after included (S17). */
describe.each(dialects)('money in audit rows on %s', (dialect) => {
  const t = useTestApp(dialect);
  const codes = Array.from({ length: 40 }, (_, i) => `${String(i + 1).padStart(2, '0')}-100`);

  async function world() {
    const { ctx, app } = t.current;
    const operator = await makeOperator(ctx);
    const company = await makeCompany(ctx, operator);
    const user = await makeMember(ctx, operator, company.id, { erp: 'admin', project: 'admin' });
    await makeStandardLists(ctx, company.id, codes, ['L', 'M']);
    const project = await makeProject(ctx, user, company.id);
    const vendor = await makeVendor(ctx, user, company.id);
    const api = apiAs(app, user);
    const c = company.id;
    const events = async (subjectType: string, subjectId: string) =>
      (await api.get(`/companies/${c}/audit-events?subjectType=${subjectType}&subjectId=${subjectId}`)).body
        .items as { action: string; before?: unknown; after?: unknown }[];
    return { c, user, api, events, projectUrl: `/companies/${c}/projects/${project.id}`, project, vendor };
  }

  /** 40 lines of 1,000.00 each, one per cost code. */
  const manyLines = codes.map((costCode) => ({ costCode, costType: 'L', amount: '1000.00' }));

  it('audits a commitment edit with decimal strings and only the lines it changed', async () => {
    const w = await world();
    const created = await w.api.post(`${w.projectUrl}/commitments`, {
      type: 'subcontract',
      number: 'SC-1',
      title: 'Footings',
      vendorId: w.vendor.id,
      status: 'draft',
      lines: manyLines,
    });
    expect(created.status).toBe(201);
    // Lines are given back with their items, as the web app does.
    const lines = [...created.body.lines];
    lines[2] = { ...lines[2], amount: '1250.00' };
    lines.splice(5, 1);
    const patched = await w.api.patch(`${w.projectUrl}/commitments/${created.body.id}`, {
      version: 1,
      lines: [...lines, { costCode: '01-100', costType: 'M', amount: '0.05' }],
    });
    expect(patched.status).toBe(200);

    const [updated, creation] = await w.events('commitment', created.body.id);
    expect(creation).toMatchObject({ action: 'commitment.created', after: { total: '40000.00' } });
    expect((creation!.after as { lines: unknown[] }).lines[0]).toEqual({
      costCode: '01-100',
      costType: 'L',
      amount: '1000.00',
      description: null,
      item: 1,
    });
    expect(updated!.action).toBe('commitment.updated');
    expect(updated!.before).toMatchObject({ version: 1, total: '40000.00', lineCount: 40 });
    expect(updated!.after).toMatchObject({ version: 2, total: '39250.05', lineCount: 40 });
    expect((updated!.before as { lines: unknown[] }).lines).toEqual([
      { costCode: '03-100', costType: 'L', amount: '1000.00', description: null, item: 3 },
      { costCode: '06-100', costType: 'L', amount: '1000.00', description: null, item: 6 },
    ]);
    expect((updated!.after as { lines: unknown[] }).lines).toEqual([
      { costCode: '03-100', costType: 'L', amount: '1250.00', description: null, item: 3 },
      { costCode: '01-100', costType: 'M', amount: '0.05', description: null, item: 41 },
    ]);

    // An edit that leaves the lines alone records none.
    await w.api.patch(`${w.projectUrl}/commitments/${created.body.id}`, { version: 2, title: 'Footings 2' });
    const [retitled] = await w.events('commitment', created.body.id);
    expect(retitled!.before).toMatchObject({ title: 'Footings', lineCount: 40, total: '39250.05' });
    expect(retitled!.before).not.toHaveProperty('lines');
    expect(retitled!.after).not.toHaveProperty('lines');
  });

  it('audits a change order edit with decimal strings and only the lines it changed', async () => {
    const w = await world();
    const commitment = await w.api.post(`${w.projectUrl}/commitments`, {
      type: 'subcontract',
      number: 'SC-1',
      title: 'Footings',
      vendorId: w.vendor.id,
      status: 'draft',
      lines: [{ costCode: '01-100', costType: 'L', amount: '1.00' }],
    });
    const base = `${w.projectUrl}/commitments/${commitment.body.id}/change-orders`;
    // A change order may repeat a line: one of the two equal lines is the one that changed.
    const repeated = { costCode: '02-100', costType: 'M', amount: '10.00' };
    const created = await w.api.post(base, {
      number: 'CO-1',
      title: 'Extra',
      status: 'draft',
      lines: [...manyLines, repeated, repeated],
    });
    expect(created.status).toBe(201);
    const patched = await w.api.patch(`${base}/${created.body.id}`, {
      version: 1,
      lines: [...manyLines, repeated, { ...repeated, amount: '-2.50' }],
    });
    expect(patched.status).toBe(200);

    const [updated, creation] = await w.events('change_order', created.body.id);
    expect(creation).toMatchObject({ action: 'change_order.created', after: { total: '40020.00' } });
    expect(updated).toMatchObject({
      action: 'change_order.updated',
      before: {
        total: '40020.00',
        lineCount: 42,
        lines: [{ costCode: '02-100', costType: 'M', amount: '10.00', description: null }],
      },
      after: {
        total: '40007.50',
        lineCount: 42,
        lines: [{ costCode: '02-100', costType: 'M', amount: '-2.50', description: null }],
      },
    });
    expect((updated!.after as { lines: unknown[] }).lines).toHaveLength(1);
  });

  it('audits a budget replacement with its total and only the lines added, removed or changed', async () => {
    const w = await world();
    const url = `${w.projectUrl}/budget/lines`;
    expect((await w.api.put(url, { version: 1, lines: manyLines })).status).toBe(200);
    const lines = manyLines.filter((l) => l.costCode !== '05-100');
    lines[0] = { ...manyLines[0]!, amount: '1250.00' };
    lines.push({ costCode: '05-100', costType: 'M', amount: '0.10' });
    expect((await w.api.put(url, { version: 2, lines })).status).toBe(200);
    // A save that changes nothing records no lines.
    expect((await w.api.put(url, { version: 3, lines })).status).toBe(200);

    const [unchanged, replaced, first] = await w.events('budget', w.project.id);
    expect(first).toMatchObject({ action: 'budget.lines_replaced', before: { lineCount: 0, total: '0.00' } });
    expect(first!.before).not.toHaveProperty('lines');
    expect(Object.keys((first!.after as { lines: object }).lines)).toHaveLength(40);
    expect(replaced).toEqual(
      expect.objectContaining({
        action: 'budget.lines_replaced',
        before: {
          lineCount: 40,
          total: '40000.00',
          lines: { '01-100 L': '1000.00', '05-100 L': '1000.00' },
        },
        after: {
          lineCount: 40,
          total: '39250.10',
          lines: { '01-100 L': '1250.00', '05-100 M': '0.10' },
        },
      }),
    );
    expect(unchanged).toMatchObject({
      before: { lineCount: 40, total: '39250.10' },
      after: { lineCount: 40, total: '39250.10' },
    });
    expect(unchanged!.before).not.toHaveProperty('lines');
  });

  it('still lists audit rows stored before amounts were decimal strings', async () => {
    const w = await world();
    const actor: Actor = {
      userId: w.user.id,
      email: w.user.email,
      isOperator: false,
      memberships: new Map(),
    };
    await t.current.database.db.transaction().execute((trx) =>
      recordAudit(trx, {
        companyId: w.c,
        actor,
        action: 'budget.lines_replaced',
        subjectType: 'budget',
        subjectId: w.project.id,
        before: { lineCount: 0 },
        after: { lineCount: 2 },
        at: new Date(),
      }).then(() =>
        recordAudit(trx, {
          companyId: w.c,
          actor,
          action: 'commitment.updated',
          subjectType: 'commitment',
          subjectId: 'old-commitment',
          before: { total: 100000, lines: [{ costCode: '03-100', costType: 'L', amount: 100000 }] },
          after: { total: 125000, lines: [{ costCode: '03-100', costType: 'L', amount: 125000 }] },
          at: new Date(),
        }),
      ),
    );
    const [budget] = await w.events('budget', w.project.id);
    expect(budget).toMatchObject({ before: { lineCount: 0 }, after: { lineCount: 2 } });
    const [commitment] = await w.events('commitment', 'old-commitment');
    expect(commitment).toMatchObject({ before: { total: 100000 }, after: { total: 125000 } });
  });
});
