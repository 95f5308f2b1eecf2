import { toJson } from '../../db/json.ts';
import type { ProjectsTable } from '../../db/schema.ts';
import type { Address } from '../shared/projects.ts';

/** What a project manager edits on a project. */
export interface ProjectFields {
  name: string;
  number?: string | null;
  active: boolean;
  division?: string | null;
  priceMethod?: 'F' | 'T' | 'C' | 'U' | null;
  taxable?: boolean | null;
  customerCode?: string | null;
  costCenter?: string | null;
  address?: Address | null;
}

type Columns = Partial<
  Pick<
    ProjectsTable,
    | 'name'
    | 'number'
    | 'active'
    | 'division'
    | 'price_method'
    | 'taxable'
    | 'customer_code'
    | 'cost_center'
    | 'address'
  >
>;

/** Maps the given fields to columns; fields left out stay out (undefined is skipped by Kysely). */
export function projectColumns(fields: Partial<ProjectFields>): Columns {
  const flag = (b: boolean | null | undefined) =>
    b === undefined ? undefined : b === null ? null : b ? (1 as const) : (0 as const);
  return {
    name: fields.name,
    number: fields.number,
    active: fields.active === undefined ? undefined : fields.active ? 1 : 0,
    division: fields.division,
    price_method: fields.priceMethod,
    taxable: flag(fields.taxable),
    customer_code: fields.customerCode,
    cost_center: fields.costCenter,
    address:
      fields.address === undefined ? undefined : fields.address === null ? null : toJson(fields.address),
  };
}
