import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../support/api.ts';
import { useErpWorld } from '../support/erp-world.ts';

/**
 * An edit or a link checks that its record has no request under way and is not synced, then writes it.
 * On PostgreSQL an export could be recorded as synced between the check and the write (the model test
 * found it: a synced commitment edited), so these lock the record's row first and wait for that
 * recording to end.
 */
describe('a change while its record is being recorded as synced (postgres)', () => {
  const w = useErpWorld('postgres');
  beforeAll(() => w.current.mirrorFromErp());

  /**
   * A record sent, its export under way (no job: nothing else moves it) and being recorded as synced
   * under `erpKey` on a connection of its own, committed only after `change` has had time to answer:
   * `change` waits for the recording, then is refused with `detail`, and the record keeps the ERP's key.
   */
  async function expectRefusedOnceRecorded(
    kind: 'project' | 'vendor',
    erpKey: string,
    change: (id: string, version: number) => ReturnType<Api['post']>,
    detail: string,
  ) {
    const { pm, companyId: c, t } = w.current;
    const table = kind === 'project' ? 'projects' : 'vendors';
    const record = await pm.post(`/companies/${c}/${table}`, { name: `Locked ${erpKey}`, active: true });
    const sent = await pm.post(`/companies/${c}/${table}/${record.body.id}/send-to-erp`);
    expect(sent.status).toBe(201);
    const { db } = t.ctx.database;
    await db
      .updateTable('erp_requests')
      .set({ status: 'exporting' })
      .where('id', '=', sent.body.requestId)
      .execute();

    const recording = new pg.Client({ connectionString: t.ctx.database.url });
    await recording.connect();
    try {
      await recording.query('begin');
      await recording.query(`update erp_requests set status = 'synced' where id = $1`, [sent.body.requestId]);
      const erpColumn = kind === 'project' ? 'erp_job_number' : 'erp_vendor_code';
      await recording.query(`update ${table} set synced_snapshot = '{}', ${erpColumn} = $2 where id = $1`, [
        record.body.id,
        erpKey,
      ]);
      let answered = false;
      // The send moved the record to its next version.
      const changed = change(record.body.id, record.body.version + 1).finally(() => {
        answered = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(answered).toBe(false);
      await recording.query('commit');
      const answer = await changed;
      expect(answer.status).toBe(409);
      expect(answer.body.code).toBe('invalid_state');
      expect(answer.body.detail).toContain(detail);
      const row = await db
        .selectFrom(table)
        .select(['name', erpColumn])
        .where('id', '=', record.body.id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ name: `Locked ${erpKey}`, [erpColumn]: erpKey });
    } finally {
      await recording.end();
    }
  }

  it('an edit waits for the recording, then refuses: the record is the ERP’s now', async () => {
    const { pm, companyId: c } = w.current;
    await expectRefusedOnceRecorded(
      'project',
      'LR-1',
      (id, version) => pm.patch(`/companies/${c}/projects/${id}`, { version, name: 'Renamed' }),
      'synced with ERP job LR-1',
    );
  });

  it('a vendor code edit waits for the recording, then refuses: the code is the ERP’s now', async () => {
    const { pm, companyId: c } = w.current;
    await expectRefusedOnceRecorded(
      'vendor',
      'LOCKED3',
      (id, version) => pm.patch(`/companies/${c}/vendors/${id}`, { version, vendorCode: 'OTHER3' }),
      'its vendor code cannot change',
    );
  });

  it('a link to an ERP vendor waits for the recording, then refuses: the vendor has its code', async () => {
    const { erpAdmin, companyId: c } = w.current;
    await expectRefusedOnceRecorded(
      'vendor',
      'LOCKED2',
      (vendorId) => erpAdmin.post(`/companies/${c}/erp/vendors/BAYSTEEL/link`, { vendorId }),
      'already synced with ERP vendor LOCKED2',
    );
  });
});
