/**
 * The database as Kysely sees it, the same on both dialects: ids are strings, instants are ISO-8601
 * UTC strings, JSON columns hold JSON text, flags are 0/1 integers and money is integer minor units.
 */
export type Flag = 0 | 1;
export type ErpPermission = 'none' | 'read_only' | 'standard' | 'admin';
export type ProjectPermission = 'none' | 'read_only' | 'standard' | 'admin';
export type ErpSystem = 'spectrum' | 'sage300';

export interface CompaniesTable {
  id: string;
  name: string;
  time_zone: string;
  erp_system: ErpSystem;
  /** JSON: CompanyFeatures */
  features: string;
  /** JSON: CompanySettings */
  settings: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  id: string;
  /** Lower-cased; unique. */
  email: string;
  name: string;
  password_hash: string | null;
  is_operator: Flag;
  created_at: string;
  updated_at: string;
}

export interface MembershipsTable {
  company_id: string;
  user_id: string;
  erp_permission: ErpPermission;
  project_permission: ProjectPermission;
  can_push_to_accounting: Flag;
  subscribe_daily_summary: Flag;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the cookie value; the value itself is never stored. */
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  /** SHA-256 of the token; the token is shown once and never stored. */
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
}

export interface AuditEventsTable {
  /** UUIDv7: time-ordered, so it is also the paging cursor. */
  id: string;
  company_id: string;
  actor_id: string | null;
  actor_label: string;
  action: string;
  subject_type: string;
  subject_id: string;
  before: string | null;
  after: string | null;
  comment: string | null;
  at: string;
}

export interface ErpConnectionsTable {
  company_id: string;
  system: ErpSystem;
  /** JSON of the settings that are not secret (base URL, company code, standard job). */
  settings: string;
  /** AES-256-GCM sealed JSON of the secret settings (authorization id, agent token). */
  secrets: string;
  version: number;
  updated_at: string;
}

export interface DB {
  companies: CompaniesTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_events: AuditEventsTable;
  erp_connections: ErpConnectionsTable;
}
