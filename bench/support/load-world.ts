/**
 * The companies the load tool works on, each connected to a simulator of its own (its company `001`, as
 * each Ledgergate company is connected to its own Spectrum company) and with its own users: a
 * project admin who creates and sends vendors, an approver who accepts and rejects, and ERP read-only
 * readers for list reads and event streams. Vendors are the cheapest export (one `AddVendor` call).
 */
import { forEachLimited } from '../../src/erp/spectrum/parallel.ts';
import { apiAs } from '../../test/support/api.ts';
import { makeCompany, makeMember, makeOperator, type TestUser } from '../../test/support/factories.ts';
import type { LoadClient } from './load-client.ts';
import type { LoadCluster } from './load-cluster.ts';

export interface LoadCompany {
  id: string;
  sender: TestUser;
  approver: TestUser;
  readers: TestUser[];
}

/** A request waiting for approval (version 1), and its company. */
export interface SentRequest {
  company: LoadCompany;
  requestId: string;
}

/** The product allows this many live streams per user (per API process; the tool keeps to it overall). */
export const streamsPerUser = 10;

/** Companies made at a time: each is a few password hashes and two API calls. */
const setupLanes = 4;

export async function makeLoadCompanies(
  cluster: LoadCluster,
  count: number,
  readersEach: number,
): Promise<LoadCompany[]> {
  const { ctx, app } = cluster;
  if (count > cluster.simulatorUrls.length)
    throw new Error(`${count} companies, but only ${cluster.simulatorUrls.length} simulators started`);
  const operator = await makeOperator(ctx);
  const companies: LoadCompany[] = [];
  await forEachLimited(
    Array.from({ length: count }, (_, i) => i),
    setupLanes,
    async (i) => {
      const id = (await makeCompany(ctx, operator, 'spectrum')).id;
      const admin = apiAs(app, await makeMember(ctx, operator, id, { erp: 'admin' }));
      const connection = await admin.put(`/companies/${id}/erp/connection`, {
        system: 'spectrum',
        baseUrl: cluster.simulatorUrls[i],
        authorizationId: 'DEMO',
        companyCode: '001',
        standardJob: 'STANDARD',
        phaseMask: '##-###',
      });
      if (connection.status !== 200) throw new Error(`connection: ${JSON.stringify(connection.body)}`);
      // No scheduled sync may add its own load to the figures.
      await admin.put(`/companies/${id}/settings`, { syncSchedule: 'off' });
      const sender = await makeMember(ctx, operator, id, { project: 'admin' });
      const approver = await makeMember(ctx, operator, id, { erp: 'standard', canPushToAccounting: true });
      const readers: TestUser[] = [];
      for (let r = 0; r < readersEach; r++)
        readers.push(await makeMember(ctx, operator, id, { erp: 'read_only' }));
      companies.push({ id, sender, approver, readers });
    },
  );
  return companies;
}

let vendorsMade = 0;

/**
 * A new vendor, sent to the ERP. Names start with a code unique in the run (each company has a simulator
 * of its own, so unique per company would do): the code derived from the name (what accept proposes) is it.
 */
export async function sendNewVendor(
  client: LoadClient,
  company: LoadCompany,
): Promise<SentRequest | undefined> {
  const code = `L${(vendorsMade++).toString(36).toUpperCase().padStart(9, '0')}`;
  const c = `/companies/${company.id}`;
  const vendor = await client.call('create vendor', 'POST', `${c}/vendors`, company.sender.token, {
    name: `${code} Supply`,
    active: true,
  });
  if (vendor?.status !== 201) return undefined;
  const { id } = vendor.body as { id: string };
  const sent = await client.call('send', 'POST', `${c}/vendors/${id}/send-to-erp`, company.sender.token);
  if (sent?.status !== 201) return undefined;
  return { company, requestId: (sent.body as { requestId: string }).requestId };
}

/** `perCompany` new vendors sent in each company, `lanes` calls at a time; throws if any failed. */
export async function sendVendors(
  client: LoadClient,
  companies: LoadCompany[],
  perCompany: number,
  lanes: number,
): Promise<SentRequest[]> {
  const slots = Array.from(
    { length: perCompany * companies.length },
    (_, i) => companies[i % companies.length]!,
  );
  const sent: SentRequest[] = [];
  await forEachLimited(slots, lanes, async (company) => {
    const request = await sendNewVendor(client, company);
    if (!request) throw new Error(`sending vendors failed: ${JSON.stringify([...client.errors])}`);
    sent.push(request);
  });
  return sent;
}
