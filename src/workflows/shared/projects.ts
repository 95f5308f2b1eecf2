import type { Kysely, Selectable } from 'kysely';
import { fromJson } from '../../db/json.ts';
import type { DB, ProjectsTable } from '../../db/schema.ts';
import { notFound } from '../../domain/errors.ts';
import { erpStatusOf, openRequestFor } from './requests.ts';

export interface Address {
  line1?: string;
  city?: string;
  state?: string;
  zip?: string;
}

export interface Project {
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
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  erp: { status: string; jobNumber?: string; requestId?: string };
}

export async function loadProjectRow(
  db: Kysely<DB>,
  companyId: string,
  projectId: string,
): Promise<Selectable<ProjectsTable>> {
  const row = await db
    .selectFrom('projects')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('id', '=', projectId)
    .executeTakeFirst();
  if (!row) throw notFound('Project');
  return row;
}

export async function toProject(db: Kysely<DB>, row: Selectable<ProjectsTable>): Promise<Project> {
  const open = await openRequestFor(db, 'project', row.id);
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
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    erp: {
      status: erpStatusOf(open, row.synced_snapshot !== null),
      ...(row.erp_job_number && { jobNumber: row.erp_job_number }),
      ...(open && { requestId: open.id }),
    },
  };
}

export async function loadProject(db: Kysely<DB>, companyId: string, projectId: string): Promise<Project> {
  return toProject(db, await loadProjectRow(db, companyId, projectId));
}
