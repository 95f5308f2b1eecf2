import { describe, expect, it } from 'vitest';
import { toJson } from '../../src/db/json.ts';
import type { ErpRequestKind, ErpRequestStatus } from '../../src/domain/lifecycle.ts';
import { type Api, apiAs } from '../support/api.ts';
import { useTestApp } from '../support/app.ts';
import { dialects } from '../support/databases.ts';
import { makeCompany, makeMember, makeOperator } from '../support/factories.ts';
import { makeErpRequest, makeProject, makeVendor, markSynced } from '../support/records.ts';

interface Row {
  id: string;
  name: string;
  erp: { status: string };
}

describe.each(dialects)('project and vendor list filters on %s', (dialect) => {
  const t = useTestApp(dialect);

  async function world() {
    const { ctx } = t.current;
    const operator = await makeOperator(ctx);
    const company = await makeCompany(ctx, operator);
    const other = await makeCompany(ctx, operator);
    const pm = await makeMember(ctx, operator, company.id, { project: 'admin' });
    const otherPm = await makeMember(ctx, operator, other.id, { project: 'admin' });
    const request = (kind: ErpRequestKind, subjectId: string, status: ErpRequestStatus) =>
      makeErpRequest(ctx, { companyId: company.id, kind, subjectId, senderId: pm.id, status });
    return {
      companyId: company.id,
      otherCompanyId: other.id,
      pm,
      otherPm,
      api: apiAs(t.current.app, pm),
      request,
    };
  }

  /** The names a filtered list answers, walking every page of one. */
  async function names(api: Api, url: string): Promise<string[]> {
    const rows: Row[] = [];
    let cursor: string | null = null;
    do {
      const separator = url.includes('?') ? '&' : '?';
      const page = await api.get(`${url}${separator}limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      rows.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return rows.map((r) => r.name);
  }

  it('filters projects by text, active flag and ERP status as each project shows it, keeping the paging', async () => {
    const w = await world();
    const { ctx, database } = t.current;
    const project = async (name: string, fields: { number?: string; active?: boolean } = {}) =>
      (await makeProject(ctx, w.pm, w.companyId, { name, ...fields })).id;
    const sync = (id: string, jobNumber: string) =>
      database.db
        .updateTable('projects')
        .set({ synced_snapshot: toJson({ id }), erp_job_number: jobNumber })
        .where('id', '=', id)
        .execute();

    const riverside = await project('Riverside Clinic', { number: 'J-100' });
    // A request for its cost codes is not the project's own.
    await w.request('cost_codes', riverside, 'ready_to_export');
    const oak = await project('Oak Street Deck', { number: '24_002' });
    await w.request('project', oak, 'ready_to_export');
    const hillside = await project('Hillside School', { number: 'J-300', active: false });
    await sync(hillside, 'HS-300');
    const bridge = await project('Bridge Repair', { number: 'J-400' });
    await sync(bridge, 'J-400');
    await w.request('project', bridge, 'ready_to_update');
    const mill = await project('Mill Renovation');
    await w.request('project', mill, 'failed');
    const tower = await project('Tower Exporting');
    await w.request('project', tower, 'exporting');
    const plaza = await project('Rejected Plaza');
    await w.request('project', plaza, 'rejected');
    const park = await project('Retrieved Park');
    await sync(park, 'RP-1');
    await w.request('project', park, 'retrieved');
    const resent = await project('Re-sent Hall');
    await w.request('project', resent, 'rejected');
    await w.request('project', resent, 'ready_to_export');
    await makeProject(ctx, w.otherPm, w.otherCompanyId, { name: 'Riverside Clinic elsewhere' });

    const base = `/companies/${w.companyId}/projects`;
    const expected: Record<string, string[]> = {
      not_sent: ['Riverside Clinic', 'Rejected Plaza'],
      ready_to_export: ['Oak Street Deck', 'Re-sent Hall'],
      ready_to_update: ['Bridge Repair'],
      exporting: ['Tower Exporting'],
      failed: ['Mill Renovation'],
      synced: ['Hillside School', 'Retrieved Park'],
    };
    for (const [status, projects] of Object.entries(expected)) {
      const page = await w.api.get(`${base}?erpStatus=${status}`);
      expect(
        page.body.items.map((p: Row) => p.name),
        status,
      ).toEqual(projects);
      // The filter is what the list shows.
      expect(page.body.items.every((p: Row) => p.erp.status === status)).toBe(true);
    }
    // Rejected and retrieved: nothing open, and the last request ended so.
    expect(await names(w.api, `${base}?erpStatus=rejected`)).toEqual(['Rejected Plaza']);
    expect(await names(w.api, `${base}?erpStatus=retrieved`)).toEqual(['Retrieved Park']);
    expect(await names(w.api, `${base}?erpStatus=rejected,retrieved,failed`)).toEqual([
      'Mill Renovation',
      'Rejected Plaza',
      'Retrieved Park',
    ]);

    expect(await names(w.api, `${base}?q=RIVERSIDE`)).toEqual(['Riverside Clinic']);
    expect(await names(w.api, `${base}?q=j-`)).toEqual([
      'Riverside Clinic',
      'Hillside School',
      'Bridge Repair',
    ]);
    expect(await names(w.api, `${base}?q=hs-3`)).toEqual(['Hillside School']);
    expect(await names(w.api, `${base}?q=_`)).toEqual(['Oak Street Deck']);
    expect(await names(w.api, `${base}?active=false`)).toEqual(['Hillside School']);
    expect(await names(w.api, `${base}?active=true&erpStatus=synced`)).toEqual(['Retrieved Park']);
    expect(await names(w.api, `${base}?q=R&active=true&erpStatus=not_sent,ready_to_export`)).toEqual([
      'Riverside Clinic',
      'Oak Street Deck',
      'Rejected Plaza',
      'Re-sent Hall',
    ]);
    expect(await names(w.api, `${base}?q=`)).toHaveLength(9);
  });

  it('filters vendors by name or vendor code, active flag and ERP status', async () => {
    const w = await world();
    const { ctx } = t.current;
    const vendor = async (name: string, fields: { vendorCode?: string; active?: boolean } = {}) =>
      (await makeVendor(ctx, w.pm, w.companyId, { name, ...fields })).id;
    await vendor('Acme Concrete', { vendorCode: 'ACME01' });
    const beta = await vendor('Beta Steel');
    await markSynced(ctx, 'vendors', beta, { vendorCode: 'BST-9' });
    const gamma = await vendor('Gamma Glass', { active: false });
    await w.request('vendor', gamma, 'ready_to_export');
    const delta = await vendor('Delta Électrique');
    await w.request('vendor', delta, 'rejected');
    await makeVendor(ctx, w.otherPm, w.otherCompanyId, { name: 'Acme Concrete elsewhere' });

    const base = `/companies/${w.companyId}/vendors`;
    expect(await names(w.api, `${base}?q=acme01`)).toEqual(['Acme Concrete']);
    expect(await names(w.api, `${base}?q=bst`)).toEqual(['Beta Steel']);
    expect(await names(w.api, `${base}?q=ÉLECTRIQUE`)).toEqual(['Delta Électrique']);
    expect(await names(w.api, `${base}?active=false`)).toEqual(['Gamma Glass']);
    expect(await names(w.api, `${base}?erpStatus=not_sent`)).toEqual(['Acme Concrete', 'Delta Électrique']);
    expect(await names(w.api, `${base}?erpStatus=synced`)).toEqual(['Beta Steel']);
    expect(await names(w.api, `${base}?erpStatus=ready_to_export,rejected`)).toEqual([
      'Gamma Glass',
      'Delta Électrique',
    ]);
    expect(await names(w.api, `${base}?erpStatus=rejected&active=true&q=delta`)).toEqual([
      'Delta Électrique',
    ]);
  });

  it('refuses an unknown ERP status, a flag that is not a boolean and an overlong search, naming each', async () => {
    const w = await world();
    for (const list of ['projects', 'vendors']) {
      const response = await w.api.get(
        `/companies/${w.companyId}/${list}?erpStatus=synced,pending&active=maybe&q=${'x'.repeat(201)}`,
      );
      expect(response.status).toBe(400);
      expect(response.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
        'query.active',
        'query.erpStatus',
        'query.q',
      ]);
    }
  });
});
