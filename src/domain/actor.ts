export type ErpPermission = 'none' | 'read_only' | 'standard' | 'admin';
export type ProjectPermission = 'none' | 'read_only' | 'standard' | 'admin';

export interface Membership {
  companyId: string;
  erpPermission: ErpPermission;
  projectPermission: ProjectPermission;
  canPushToAccounting: boolean;
  subscribeDailySummary: boolean;
}

/** Who is acting: a signed-in user with their per-company memberships. */
export interface Actor {
  userId: string;
  email: string;
  isOperator: boolean;
  memberships: ReadonlyMap<string, Membership>;
}
