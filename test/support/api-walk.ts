import createClient from 'openapi-fetch';
// The one import of types: test/http/openapi-client.test.ts checks this file again against types it
// generates from the served document, and so replaces this line. Nothing else may import from the repo.
import type { paths } from '../../web/src/api/schema.d.ts';

/** What the walk needs from its world: the listening server, an operator's account and the ERP to sync. */
export interface WalkSetup {
  baseUrl: string;
  operator: { email: string; password: string };
  spectrumUrl: string;
}

/** A call's data; an answer without data is an error naming the status and the problem. */
function ok<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined)
    throw new Error(`${result.response.status} ${result.response.url}: ${JSON.stringify(result.error)}`);
  return result.data;
}

/** Polls until `check` answers something, for at most 20 s. */
async function until<T>(check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Signs in with a password (the session cookie and its CSRF token), creates an API token with that
 * session, and answers a client that uses the token, as README.md's first steps do.
 */
async function signIn(baseUrl: string, email: string, password: string) {
  const anonymous = createClient<paths>({ baseUrl });
  const login = await anonymous.POST('/api/v1/auth/login', { body: { email, password } });
  const { csrfToken } = ok(login);
  const cookie = login.response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { token } = ok(
    await anonymous.POST('/api/v1/auth/tokens', {
      params: { header: { 'x-csrf-token': csrfToken } },
      headers: { cookie },
      body: { name: 'api walk' },
    }),
  );
  return createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${token}` } });
}

/**
 * README.md's API walk through the generated types alone: an operator creates a company and an approver;
 * the approver connects Spectrum and syncs, creates a project with a cost code, sends it to the ERP,
 * finds it in the queue, accepts it and waits until it is synced.
 */
export async function walkReadmeFlow({ baseUrl, operator, spectrumUrl }: WalkSetup) {
  const operations = await signIn(baseUrl, operator.email, operator.password);
  const company = ok(
    await operations.POST('/api/v1/companies', {
      body: { name: 'Acme Builders', timeZone: 'America/Chicago', erpSystem: 'spectrum' },
    }),
  );
  const c = { c: company.id };
  const email = `approver-${company.id}@acme.test`;
  const approverId = ok(
    await operations.POST('/api/v1/companies/{c}/users', {
      params: { path: c },
      body: {
        email,
        name: 'Alex Approver',
        password: 'a-long-password',
        erpPermission: 'admin',
        projectPermission: 'admin',
      },
    }),
  ).id;
  ok(
    await operations.PATCH('/api/v1/companies/{c}/users/{u}', {
      params: { path: { ...c, u: approverId } },
      body: { canPushToAccounting: true },
    }),
  );

  const approver = await signIn(baseUrl, email, 'a-long-password');
  ok(
    await approver.PUT('/api/v1/companies/{c}/erp/connection', {
      params: { path: c },
      body: {
        system: 'spectrum',
        baseUrl: spectrumUrl,
        authorizationId: 'DEMO',
        companyCode: '001',
        standardJob: 'STANDARD',
        phaseMask: '##-###',
        defaultTaxable: true,
      },
    }),
  );
  ok(
    await approver.PUT('/api/v1/companies/{c}/settings', {
      params: { path: c },
      body: { defaultJobTemplate: 'TEMPLATE1' },
    }),
  );
  const { syncRunId } = ok(
    await approver.POST('/api/v1/companies/{c}/erp/sync', { params: { path: c }, body: {} }),
  );
  const sync = await until(async () => {
    const run = ok(
      await approver.GET('/api/v1/companies/{c}/erp/sync-runs/{id}', {
        params: { path: { ...c, id: syncRunId } },
      }),
    );
    return run.status === 'succeeded' || run.status === 'failed' ? run : undefined;
  });

  const project = ok(
    await approver.POST('/api/v1/companies/{c}/projects', {
      params: { path: c },
      body: { name: 'Riverside Clinic', number: 'J1001', active: true },
    }),
  );
  const p = { ...c, p: project.id };
  ok(
    await approver.POST('/api/v1/companies/{c}/projects/{p}/cost-codes', {
      params: { path: p },
      body: { code: '03-300', costTypes: ['L', 'M'] },
    }),
  );
  const sent = ok(
    await approver.POST('/api/v1/companies/{c}/projects/{p}/send-to-erp', { params: { path: p }, body: {} }),
  );
  const queue = ok(
    await approver.GET('/api/v1/companies/{c}/erp/requests', {
      params: { path: c, query: { status: 'ready_to_export,ready_to_update' } },
    }),
  );
  const waiting = queue.items.find((item) => item.id === sent.requestId);
  if (waiting === undefined) throw new Error(`request ${sent.requestId} is not in the queue`);
  const accepted = ok(
    await approver.POST('/api/v1/companies/{c}/erp/requests/{r}/accept', {
      params: { path: { ...c, r: waiting.id } },
      body: { version: waiting.version },
    }),
  );
  const done = await until(async () => {
    const request = ok(
      await approver.GET('/api/v1/companies/{c}/erp/requests/{r}', {
        params: { path: { ...c, r: waiting.id } },
      }),
    );
    return request.status === 'synced' || request.status === 'failed' ? request : undefined;
  });
  const synced = ok(await approver.GET('/api/v1/companies/{c}/projects/{p}', { params: { path: p } }));
  return {
    sync: sync.status,
    sent: sent.status,
    accepted: accepted.status,
    done: { kind: done.kind, status: done.status, result: done.result, error: done.error },
    project: synced.erp,
  };
}
