import { beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiAs } from '../support/api.ts';
import { useTestApp } from '../support/app.ts';
import { dialects } from '../support/databases.ts';
import { makeCompany, makeMember, makeOperator } from '../support/factories.ts';

describe.each(dialects)('projects, cost codes and budgets on %s', (dialect) => {
  const t = useTestApp(dialect);
  let pm: Api;
  let viewer: Api;
  let c: string;

  beforeAll(async () => {
    const { ctx, app } = t.current;
    const operator = await makeOperator(ctx);
    const company = await makeCompany(ctx, operator);
    c = company.id;
    const admin = apiAs(app, await makeMember(ctx, operator, c, { erp: 'admin' }));
    for (const [code, description] of [
      ['01-100', 'General Conditions'],
      ['03-300', 'Cast-in-Place Concrete'],
      ['09-900', 'Painting'],
      ['05-500', 'Metals'],
    ]) {
      expect((await admin.post(`/companies/${c}/standard-cost-codes`, { code, description })).status).toBe(
        201,
      );
    }
    for (const [code, kind] of [
      ['L', 'labor'],
      ['M', 'material'],
      ['S', 'subcontract'],
    ]) {
      expect((await admin.post(`/companies/${c}/cost-types`, { code, description: kind, kind })).status).toBe(
        201,
      );
    }
    pm = apiAs(app, await makeMember(ctx, operator, c, { project: 'admin' }));
    viewer = apiAs(app, await makeMember(ctx, operator, c, { project: 'read_only' }));
  });

  const newProject = async (fields: object = {}) => {
    const created = await pm.post(`/companies/${c}/projects`, {
      name: 'Riverside Clinic',
      number: 'J-1001',
      active: true,
      priceMethod: 'F',
      taxable: true,
      address: { line1: '1 River Rd', city: 'Austin', state: 'TX', zip: '78701' },
      ...fields,
    });
    expect(created.status).toBe(201);
    return created.body as { id: string; version: number };
  };

  it('creates, reads and changes a project with optimistic locking', async () => {
    const project = await newProject();
    expect(project).toMatchObject({
      version: 1,
      name: 'Riverside Clinic',
      active: true,
      erp: { status: 'not_sent' },
    });
    expect((await viewer.get(`/companies/${c}/projects/${project.id}`)).body.name).toBe('Riverside Clinic');
    const changed = await pm.patch(`/companies/${c}/projects/${project.id}`, {
      version: 1,
      name: 'Riverside Clinic II',
      division: '10',
    });
    expect(changed.body).toMatchObject({ version: 2, name: 'Riverside Clinic II', division: '10' });
    expect((await pm.patch(`/companies/${c}/projects/${project.id}`, { version: 1, name: 'x' })).status).toBe(
      409,
    );
    const bad = await pm.patch(`/companies/${c}/projects/${project.id}`, { version: 2, priceMethod: 'X' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('priceMethod');
    expect((await viewer.post(`/companies/${c}/projects`, { name: 'x', active: true })).status).toBe(403);
    const list = await viewer.get(`/companies/${c}/projects?limit=200`);
    expect(list.body.items.map((p: { id: string }) => p.id)).toContain(project.id);
  });

  it('adds cost codes from the standard list only, merging cost types', async () => {
    const project = await newProject();
    const url = `/companies/${c}/projects/${project.id}/cost-codes`;
    const unknown = await pm.post(url, { code: '99-999', costTypes: ['L', 'Q'] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors.map((e: { path: string }) => e.path)).toEqual(['code', 'costTypes[1]']);
    expect((await pm.post(url, { code: '03-300', costTypes: ['L'] })).status).toBe(201);
    const merged = await pm.post(url, { code: '03-300', costTypes: ['M', 'L'] });
    expect(merged.body).toEqual({
      code: '03-300',
      description: 'Cast-in-Place Concrete',
      costTypes: [
        { code: 'L', erpStatus: 'not_sent' },
        { code: 'M', erpStatus: 'not_sent' },
      ],
    });
  });

  it('keeps budget amounts exact, one line per pair, and refuses changes while locked', async () => {
    const project = await newProject();
    const url = `/companies/${c}/projects/${project.id}/budget`;
    const empty = await pm.get(url);
    expect(empty.body).toMatchObject({
      version: 1,
      locked: false,
      lines: [],
      total: '0.00',
      erp: { status: 'not_sent' },
    });
    const lines = [
      { costCode: '03-300', costType: 'M', amount: '1250.5' },
      { costCode: '03-300', costType: 'L', amount: '0.10' },
      { costCode: '01-100', costType: 'L', amount: '0.20' },
    ];
    const put = await pm.put(`${url}/lines`, { version: 1, lines });
    expect(put.status).toBe(200);
    expect(put.body.total).toBe('1250.80');
    expect(put.body.lines).toContainEqual({ costCode: '03-300', costType: 'M', amount: '1250.50' });
    const duplicate = await pm.put(`${url}/lines`, {
      version: 2,
      lines: [...lines, { costCode: '01-100', costType: 'L', amount: '1.00' }],
    });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.errors[0].path).toBe('lines[3]');
    for (const amount of ['1.234', '1,000.00', 12.5]) {
      const bad = await pm.put(`${url}/lines`, {
        version: 2,
        lines: [{ costCode: '01-100', costType: 'L', amount }],
      });
      expect(bad.status, String(amount)).toBe(400);
      expect(bad.body.errors[0].path).toBe('lines[0].amount');
    }
    // Each amount is exact, but twelve of the largest add up past 2^53 cents: refused, nothing written.
    const huge = ['01-100', '03-300', '09-900', '05-500'].flatMap((costCode) =>
      ['L', 'M', 'S'].map((costType) => ({ costCode, costType, amount: '9999999999999.99' })),
    );
    const tooLarge = await pm.put(`${url}/lines`, { version: 2, lines: huge });
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'lines' }] });
    expect((await pm.get(url)).body).toMatchObject({ version: 2, total: '1250.80' });
    expect((await pm.post(`${url}/lock`, {})).body.locked).toBe(true);
    const locked = await pm.put(`${url}/lines`, { version: 3, lines });
    expect(locked.status).toBe(409);
    expect(locked.body.code).toBe('invalid_state');
    expect((await pm.post(`${url}/unlock`, { version: 3 })).body).toMatchObject({
      locked: false,
      version: 4,
    });
  });
});
