import type { ErrorRecord, Params } from './checks.ts';
import type { SimSettings } from './records.ts';
import type { GuidSessions } from './sessions.ts';

/**
 * The checks every SDX call passes before its service runs: the authorization id, the company, and the
 * batch GUID. A blank company means the authorization's default company, as SDX documents.
 */
export function checkAccess(
  params: Params,
  companyParameter: 'Company_Code' | 'pCompany_Code',
  settings: SimSettings,
  sessions: GuidSessions,
): ErrorRecord | undefined {
  if (params.Authorization_ID !== settings.authorizationId) {
    return { code: 'A', desc: 'Not authorized', column: 'Authorization_ID' };
  }
  const company = params[companyParameter];
  if (company && company !== settings.companyCode) {
    return { code: 'A', desc: 'Not authorized', column: companyParameter };
  }
  const guid = params.GUID ?? '';
  if (guid.length > 36) return { code: 'I', desc: 'GUID is longer than 36 characters', column: 'GUID' };
  // A call without a GUID belongs to no batch, so it can never idle out.
  if (guid && !sessions.touch(guid)) return { code: 'A', desc: 'Time out has occurred', column: 'GUID' };
  return undefined;
}
