import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { useErpWorld } from '../support/erp-world.ts';

/**
 * An edit checks that its record has no request under way and is not synced, then writes it. On
 * PostgreSQL an export could be recorded as synced between the check and the write (the model test found
 * it: a synced commitment edited), so the edit locks the record's row first and waits for that
 * recording to end.
 */
describe('an edit while its record is being recorded as synced (postgres)', () => {
  const w = useErpWorld('postgres');

  it('waits for the recording, then refuses: the record is the ERP’s now', async () => {
    const { pm, companyId: c, t } = w.current;
    const project = await pm.post(`/companies/${c}/projects`, {
      name: 'Locked Row',
      number: 'LR-1',
      active: true,
    });
    const sent = await pm.post(`/companies/${c}/projects/${project.body.id}/send-to-erp`);
    expect(sent.status).toBe(201);
    const { db } = t.ctx.database;
    // The export under way (no job: nothing else moves it).
    await db
      .updateTable('erp_requests')
      .set({ status: 'exporting' })
      .where('id', '=', sent.body.requestId)
      .execute();

    // The export's recording, on a connection of its own, committed only when told.
    const recording = new pg.Client({ connectionString: t.ctx.database.url });
    await recording.connect();
    try {
      await recording.query('begin');
      await recording.query(`update erp_requests set status = 'synced' where id = $1`, [sent.body.requestId]);
      await recording.query(
        `update projects set synced_snapshot = '{}', erp_job_number = 'LR-1' where id = $1`,
        [project.body.id],
      );
      let answered = false;
      const edit = pm
        .patch(`/companies/${c}/projects/${project.body.id}`, {
          version: project.body.version + 1,
          name: 'Renamed',
        })
        .finally(() => {
          answered = true;
        });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(answered).toBe(false);
      await recording.query('commit');
      const refused = await edit;
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('invalid_state');
      expect(refused.body.detail).toContain('synced with ERP job LR-1');
    } finally {
      await recording.end();
    }
    const row = await db
      .selectFrom('projects')
      .select('name')
      .where('id', '=', project.body.id)
      .executeTakeFirst();
    expect(row?.name).toBe('Locked Row');
  });
});
