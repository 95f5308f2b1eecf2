import type { ErrorRecord, Params } from './checks.ts';
import type { GuidSessions } from './sessions.ts';
import type { SpectrumStore } from './store.ts';

export interface AccessResult {
  /** Level-1 errors of the authorization, company and GUID, in parameter order. */
  errors: ErrorRecord[];
  /** The Authorization ID itself was refused: nothing else of the request is looked at. */
  aborted: boolean;
  /** The company the call acts for: the one sent, or the Authorization ID's when blank. */
  companyCode: string;
}

/**
 * Whether an Authorization ID may call a service: it must exist, be Active and have the service
 * attached (spectrum-sdx §2). The demo IDs: `DEMO` every service, `DEMOREAD` the Get services only.
 * Answers the refusal, or the ID's company.
 */
export function authorize(
  store: SpectrumStore,
  authorizationId: string,
  kind: 'get' | 'put',
): { refused: string } | { companyCode: string } {
  const authorization = authorizationId
    ? store.find('authorizations', { Authorization_ID: authorizationId })
    : undefined;
  if (!authorization) {
    return { refused: 'The Web Service is not authorized. Authorization ID is not setup in the system.' };
  }
  if (authorization.Status !== 'A') {
    return { refused: 'The Web Service is not authorized. Authorization ID is not active.' };
  }
  if (kind === 'put' && authorization.Services !== 'ALL') {
    return { refused: `The Web Service is not authorized for Authorization ID ${authorizationId}.` };
  }
  return { companyCode: authorization.Company_Code };
}

/**
 * Level 1's authorization part (brief §2): the Authorization ID, the company (blank = the ID's), and
 * the GUID session (≤36 characters, keyed by method + Authorization_ID + GUID; an empty GUID belongs
 * to no session and never idles out).
 */
export function checkAccess(
  method: string,
  kind: 'get' | 'put',
  companyParameter: string,
  params: Params,
  store: SpectrumStore,
  sessions: GuidSessions,
): AccessResult {
  const authorizationId = params.Authorization_ID ?? '';
  if (!authorizationId) {
    return {
      errors: [{ code: 'M', desc: 'Authorization_ID is required', column: 'Authorization_ID' }],
      aborted: true,
      companyCode: '',
    };
  }
  const authorized = authorize(store, authorizationId, kind);
  if ('refused' in authorized) {
    return {
      errors: [{ code: 'A', desc: authorized.refused, column: 'Authorization_ID' }],
      aborted: true,
      companyCode: '',
    };
  }
  const errors: ErrorRecord[] = [];
  const company = params[companyParameter] ?? '';
  if (company && company !== authorized.companyCode) {
    errors.push({
      code: 'A',
      desc: `The Web Service is not authorized for company ${company}.`,
      column: companyParameter,
    });
  }
  const guid = params.GUID ?? '';
  if (guid.length > 36) {
    errors.push({ code: 'I', desc: 'GUID is longer than 36 characters', column: 'GUID' });
  } else if (guid) {
    const session = sessions.touch(method, authorizationId, guid);
    if (session === 'timed-out') errors.push({ code: 'A', desc: 'Time out has occurred', column: 'GUID' });
    if (session === 'in-use') {
      errors.push({ code: 'A', desc: 'GUID is in use by another Authorization ID', column: 'GUID' });
    }
  }
  return { errors, aborted: false, companyCode: authorized.companyCode };
}
