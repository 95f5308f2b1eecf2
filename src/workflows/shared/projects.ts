import type { Kysely, Selectable } from 'kysely';
import { fromJson } from '../../db/json.ts';
import type { DB, ProjectsTable } from '../../db/schema.ts';
import { loadCompanyRow } from './company-rows.ts';
import type { LastOutcome } from './last-outcomes.ts';
import { type RecordStamps, stampsOf } from './record-stamps.ts';
import { erpView, recordRequestsFor } from './requests.ts';

export interface Address {
  line1?: string;
  city?: string;
  state?: string;
  zip?: string;
}

export interface Project extends RecordStamps {
  id: string;
  version: number;
  name: string;
  number: string | null;
  active: boolean;
  division: string | null;
  priceMethod: 'F' | 'T' | 'C' | 'U' | null;
  taxable: boolean | null;
  customerCode: string | null;
  costCenter: string | null;
  address: Address | null;
  erp: { status: string; jobNumber?: string; requestId?: string; lastOutcome?: LastOutcome };
}

export const loadProjectRow = (
  db: Kysely<DB>,
  companyId: string,
  projectId: string,
  options?: { forUpdate?: boolean },
) => loadCompanyRow(db, 'projects', companyId, projectId, 'Project', options);

export async function toProject(db: Kysely<DB>, row: Selectable<ProjectsTable>): Promise<Project> {
  const requests = (await recordRequestsFor(db, 'project', [row.id]))(row.id);
  return {
    id: row.id,
    version: row.version,
    name: row.name,
    number: row.number,
    active: row.active === 1,
    division: row.division,
    priceMethod: row.price_method as Project['priceMethod'],
    taxable: row.taxable === null ? null : row.taxable === 1,
    customerCode: row.customer_code,
    costCenter: row.cost_center,
    address: fromJson<Address>(row.address),
    ...stampsOf(row),
    erp: erpView(row, requests, row.erp_job_number ? { jobNumber: row.erp_job_number } : undefined),
  };
}

export async function loadProject(db: Kysely<DB>, companyId: string, projectId: string): Promise<Project> {
  return toProject(db, await loadProjectRow(db, companyId, projectId));
}
