import { describe, expect, it } from 'vitest';
import { apiAs } from '../support/api.ts';
import { dialects, until } from '../support/databases.ts';
import { makeCompany, makeMember, makeOperator } from '../support/factories.ts';
import { testPublicUrl, useNotifyWorld } from '../support/notify-world.ts';
import { makeErpRequest, makeProject, makeVendor } from '../support/records.ts';

/** The rejection email, through a real SMTP server: to the sender (and a project's creator), with the comment. */
describe.each(dialects)('rejection emails on %s', (dialect) => {
  const w = useNotifyWorld(dialect);

  async function world() {
    const { ctx } = w.current;
    const operator = await makeOperator(ctx);
    const companyId = (await makeCompany(ctx, operator)).id;
    const creator = await makeMember(ctx, operator, companyId, { project: 'standard' });
    const sender = await makeMember(ctx, operator, companyId, { project: 'admin' });
    const approverUser = await makeMember(ctx, operator, companyId, {
      erp: 'standard',
      canPushToAccounting: true,
    });
    return { companyId, creator, sender, approverUser, approver: apiAs(w.current.app, approverUser) };
  }
  const mailsTo = (email: string) => w.current.smtp.received.filter((m) => m.to.includes(email));

  it("mails the sender and the project's creator: subject, comment and a link to the record", async () => {
    const { companyId, creator, sender, approverUser, approver } = await world();
    const project = await makeProject(w.current.ctx, creator, companyId, { name: 'Riverside <Clinic>' });
    const requestId = await makeErpRequest(w.current.ctx, {
      companyId,
      kind: 'project',
      subjectId: project.id,
      senderId: sender.id,
    });
    const comment = 'Job number must follow 24-###.\nUse "24-120" & resend.';
    const rejected = await approver.post(`/companies/${companyId}/erp/requests/${requestId}/reject`, {
      version: 1,
      comment,
    });
    expect(rejected.status).toBe(200);

    await until(() => mailsTo(sender.email).length === 1 && mailsTo(creator.email).length === 1);
    const link = `${testPublicUrl}/companies/${companyId}/projects/${project.id}`;
    for (const { parsed } of [...mailsTo(sender.email), ...mailsTo(creator.email)]) {
      expect(parsed.subject).toMatch(/^Rejected: /);
      expect(parsed.subject).toContain(`project ${project.id}`);
      expect(parsed.text).toContain('> Job number must follow 24-###.');
      expect(parsed.text).toContain('> Use "24-120" & resend.');
      expect(parsed.text).toContain(approverUser.email);
      expect(parsed.text).toContain(link);
      expect(parsed.html).toContain('Use &quot;24-120&quot; &amp; resend.');
      expect(parsed.html).toContain(`href="${link}"`);
    }
    // Marked sent once the SMTP server has answered.
    await until(async () => {
      const rows = await w.current.database.db
        .selectFrom('mail_outbox')
        .select('status')
        .where('company_id', '=', companyId)
        .execute();
      return rows.length === 2 && rows.every((r) => r.status === 'sent');
    });
  });

  it('mails only the sender for a vendor, and nothing when the rejection is refused', async () => {
    const { companyId, sender, creator, approver } = await world();
    const vendor = await makeVendor(w.current.ctx, creator, companyId, { name: 'Quarry Stone' });
    const requestId = await makeErpRequest(w.current.ctx, {
      companyId,
      kind: 'vendor',
      subjectId: vendor.id,
      senderId: sender.id,
    });
    const stale = await approver.post(`/companies/${companyId}/erp/requests/${requestId}/reject`, {
      version: 2,
      comment: 'No',
    });
    expect(stale.status).toBe(409);
    const rejected = await approver.post(`/companies/${companyId}/erp/requests/${requestId}/reject`, {
      version: 1,
      comment: 'Duplicate of QUARRY',
    });
    expect(rejected.status).toBe(200);
    await until(() => mailsTo(sender.email).length === 1);
    const [mail] = mailsTo(sender.email);
    expect(mail!.parsed.text).toContain('Duplicate of QUARRY');
    expect(mail!.parsed.text).toContain(`${testPublicUrl}/companies/${companyId}/vendors/${vendor.id}`);
    expect(mailsTo(creator.email)).toEqual([]);
    const count = await w.current.database.db
      .selectFrom('mail_outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('company_id', '=', companyId)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });
});
