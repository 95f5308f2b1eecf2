import type { Generated } from 'kysely';
import type { ErpPermission, ProjectPermission } from '../domain/actor.ts';
import type { ErpSystem } from '../domain/company.ts';
import type { ErpRequestKind, ErpRequestStatus } from '../domain/lifecycle.ts';

/**
 * The database as Kysely sees it, the same on both dialects: ids are strings, instants are ISO-8601
 * UTC strings, JSON columns hold JSON text, flags are 0/1 integers and money is integer minor units.
 */
export type Flag = 0 | 1;

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
  /** After this instant the token no longer signs in; null: it never expires. */
  expires_at: string | null;
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
  /** The ERP's change token at the last sync that read it (connectors with change detection only). */
  sync_token: string | null;
}

export type CostCodeErpStatus = 'not_sent' | 'pending' | 'synced';

export interface StandardCostCodesTable {
  company_id: string;
  code: string;
  description: string;
  /** `erp` when the sync wrote it, `manual` when an ERP admin did before any ERP data existed. */
  source: 'erp' | 'manual';
  updated_at: string;
}

export interface CostTypesTable extends StandardCostCodesTable {
  kind: string;
}

/** Columns every sendable record has. `synced_snapshot` is what the ERP last accepted (JSON). */
interface SendableColumns {
  id: string;
  company_id: string;
  created_by: string;
  synced_snapshot: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ProjectsTable extends SendableColumns {
  name: string;
  number: string | null;
  active: Flag;
  division: string | null;
  price_method: string | null;
  taxable: Flag | null;
  customer_code: string | null;
  cost_center: string | null;
  /** JSON: { line1, city, state, zip } */
  address: string | null;
  erp_job_number: string | null;
}

export interface ProjectCostCodesTable {
  project_id: string;
  code: string;
  cost_type: string;
  erp_status: CostCodeErpStatus;
  created_at: string;
}

export interface BudgetsTable {
  project_id: string;
  company_id: string;
  locked: Flag;
  synced_snapshot: string | null;
  version: number;
  updated_at: string;
}

export interface BudgetLinesTable {
  project_id: string;
  cost_code: string;
  cost_type: string;
  /** Minor units. */
  amount: number;
}

export interface VendorsTable extends SendableColumns {
  name: string;
  active: Flag;
  /** The ERP vendor code the project side proposes; the approver may choose another at accept. */
  vendor_code: string | null;
  email: string | null;
  address: string | null;
  erp_vendor_code: string | null;
}

export interface CommitmentsTable extends SendableColumns {
  project_id: string;
  type: 'subcontract' | 'purchase_order';
  vendor_id: string;
  retention_basis_points: number | null;
  number: string;
  title: string;
  status: 'draft' | 'approved' | 'void';
  erp_ids: string | null;
  /** The item the next new line gets: items are never reused (see CommitmentLinesTable.item). */
  next_item: Generated<number>;
}

export interface ChangeOrdersTable extends SendableColumns {
  project_id: string;
  commitment_id: string;
  number: string;
  title: string;
  description: string | null;
  status: 'draft' | 'approved' | 'void';
  erp_ids: string | null;
}

interface LineColumns {
  line_no: number;
  cost_code: string;
  cost_type: string;
  amount: number;
  description: string | null;
}
export interface CommitmentLinesTable extends LineColumns {
  commitment_id: string;
  /** The line's own number for its life (the ERP keys the line by it), unlike its position `line_no`. */
  item: number;
}
export interface ChangeOrderLinesTable extends LineColumns {
  change_order_id: string;
}

export interface ErpRequestsTable {
  id: string;
  company_id: string;
  kind: ErpRequestKind;
  /** The project for `project`, `cost_codes` and `budget`; else the record itself. */
  subject_id: string;
  subject_label: string;
  status: ErpRequestStatus;
  version: number;
  sender_id: string;
  sent_at: string;
  snapshot: string;
  requested_updates: string | null;
  preflight: string;
  accept_options: string | null;
  result: string | null;
  error: string | null;
  attempts: number;
  /** Since when the export waits for an ERP that is not connected (a Sage agent offline); else null. */
  waiting_since: string | null;
  updated_at: string;
}

export interface ErpRequestEventsTable {
  id: string;
  request_id: string;
  at: string;
  actor_id: string | null;
  actor_label: string;
  type: string;
  detail: string | null;
}

export interface ErpJobsTable {
  company_id: string;
  job_number: string;
  description: string;
  status: string;
  /** JSON: the ErpJob as the connector read it. */
  data: string;
  is_template: Flag;
  linked_project_id: string | null;
  archived: Flag;
  seen_at: string;
}

export interface ErpVendorsTable {
  company_id: string;
  vendor_code: string;
  name: string;
  /** JSON: the ErpVendor as the connector read it. */
  data: string;
  linked_vendor_id: string | null;
  archived: Flag;
  seen_at: string;
}

export interface ErpJobCostsTable {
  company_id: string;
  job_number: string;
  code: string;
  cost_type: string;
  description: string;
  /** Null where the ERP does not report it (Spectrum). */
  original_estimate: number | null;
  current_estimate: number;
  job_to_date_actual: number;
  projected_cost: number | null;
  seen_at: string;
}

/** The ERP keys our exports write, each reserved for one record (see erp-key-reservations.ts). */
export type ErpKeyKind = 'job' | 'vendor' | 'subcontract';

/**
 * An ERP key reserved for a record by its request's accept (unique: a key is one record's), released
 * if the request ends before writing under it; `written_at` is its claim, recorded before the first
 * write under the key: from then on a record found there in the ERP is the one this record made.
 */
export interface ErpKeyReservationsTable {
  company_id: string;
  kind: ErpKeyKind;
  /** What the key is unique within: the vendor code of a subcontract number, else ''. */
  scope: string;
  key: string;
  subject_id: string;
  /** The request whose export holds it; null once that request ended (a written key stays the record's). */
  request_id: string | null;
  written_at: string | null;
}

/** The ERP change request number of a change order: unique on its job, allocated once and kept. */
export interface ErpChangeRequestNumbersTable {
  company_id: string;
  job_number: string;
  number: string;
  change_order_id: string;
}

/**
 * A line key an export of a commitment or change order may have written in the ERP, recorded before
 * its write; a later export of the record writes the keys its lines no longer have at zero (see
 * written-lines.ts). `item`: the commitment line's, or the one a change order line changes; '' none.
 */
export interface ErpWrittenLinesTable {
  record_id: string;
  cost_code: string;
  cost_type: string;
  item: string;
}

export type SyncRunStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface SyncRunsTable {
  id: string;
  company_id: string;
  status: SyncRunStatus;
  trigger: 'manual' | 'schedule';
  requested_by: string | null;
  /** For scheduled runs: one run per company and slot, whatever the number of nodes. */
  schedule_slot: string | null;
  /** JSON: { jobs, vendors, costCodes, costTypes, jobCosts } */
  counts: string | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/** The company event outbox: written with the change it records; webhooks and live events read it. */
export interface CompanyEventsTable {
  /** UUIDv7, so time-ordered: the cursor of the live-event tail and of `Last-Event-ID`. */
  id: string;
  company_id: string;
  type: string;
  /** JSON: the event's small payload, e.g. { requestId, kind, status, subject }. */
  data: string;
  at: string;
}

export type MailStatus = 'queued' | 'sent' | 'logged';

export interface MailOutboxTable {
  id: string;
  company_id: string | null;
  to: string;
  subject: string;
  text: string;
  html: string;
  status: MailStatus;
  attempts: number;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export type DailySummaryStatus = 'pending' | 'queued' | 'skipped';

export interface DailySummariesTable {
  id: string;
  user_id: string;
  company_id: string;
  /** YYYY-MM-DD in the company's time zone; unique with user and company. */
  local_date: string;
  status: DailySummaryStatus;
  mail_id: string | null;
  /** Waiting items the summary listed (0 when skipped). */
  items: number;
  created_at: string;
}

export interface WebhooksTable {
  id: string;
  company_id: string;
  url: string;
  /** JSON: string[] of event types. */
  events: string;
  /** Sealed with the secret box. */
  secret: string;
  /** The secret before the last rotation, sealed; it signs too until `previous_secret_expires_at`. */
  previous_secret: string | null;
  previous_secret_expires_at: string | null;
  active: Flag;
  created_by: string | null;
  created_at: string;
  deleted_at: string | null;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDeliveriesTable {
  id: string;
  webhook_id: string;
  event_id: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  response_status: number | null;
  last_error: string | null;
  replay_of: string | null;
  created_at: string;
  delivered_at: string | null;
}

/** The Sage 300 agent paired with a company (at most one). */
export interface SageAgentsTable {
  company_id: string;
  /** SHA-256 of the agent key; the key itself is only ever in the agent's data directory. */
  key_hash: string;
  hostname: string | null;
  version: string | null;
  /** JSON SageState of the last hello or heartbeat. */
  sage_state: string | null;
  paired_at: string;
  last_seen_at: string | null;
  /** 1 while a channel (socket or poll) of the agent is open on some hub process. */
  connected: number;
}

export interface AgentActivationCodesTable {
  code_hash: string;
  company_id: string;
  created_by: string;
  expires_at: string;
  used_at: string | null;
}

export type AgentCommandStatus = 'pending' | 'sent' | 'done' | 'retry' | 'cancelled';

export interface AgentCommandsTable {
  id: string;
  company_id: string;
  key: string;
  /** The export that issued it; null for reads. */
  request_id: string | null;
  /** JSON AgentCommand without id and key. */
  command: string;
  status: AgentCommandStatus;
  /** JSON CommandResult: final when `done`, the last try's (unavailable, unknown) when `pending`. */
  result: string | null;
  created_at: string;
  updated_at: string;
}

export type IdempotencyKeyStatus = 'pending' | 'done';

export interface IdempotencyKeysTable {
  user_id: string;
  /** The client's `Idempotency-Key`, at most 255 characters. */
  key: string;
  request_hash: string;
  status: IdempotencyKeyStatus;
  response_status: number | null;
  /** The first answer's body as sent, sealed with the secret box (it may carry a secret shown once). */
  response_body: string | null;
  created_at: string;
}

/** A sign-in limit's current window for one key (an e-mail or a network address, hashed). */
export interface LoginAttemptsTable {
  key: string;
  /** Epoch milliseconds: the window ends a minute later. */
  window_started_ms: number;
  attempts: number;
}

export interface DB {
  companies: CompaniesTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  idempotency_keys: IdempotencyKeysTable;
  login_attempts: LoginAttemptsTable;
  audit_events: AuditEventsTable;
  erp_connections: ErpConnectionsTable;
  standard_cost_codes: StandardCostCodesTable;
  cost_types: CostTypesTable;
  projects: ProjectsTable;
  project_cost_codes: ProjectCostCodesTable;
  budgets: BudgetsTable;
  budget_lines: BudgetLinesTable;
  vendors: VendorsTable;
  commitments: CommitmentsTable;
  commitment_lines: CommitmentLinesTable;
  change_orders: ChangeOrdersTable;
  change_order_lines: ChangeOrderLinesTable;
  erp_requests: ErpRequestsTable;
  erp_request_events: ErpRequestEventsTable;
  erp_jobs: ErpJobsTable;
  erp_vendors: ErpVendorsTable;
  erp_job_costs: ErpJobCostsTable;
  erp_change_request_numbers: ErpChangeRequestNumbersTable;
  erp_written_lines: ErpWrittenLinesTable;
  erp_key_reservations: ErpKeyReservationsTable;
  sync_runs: SyncRunsTable;
  company_events: CompanyEventsTable;
  mail_outbox: MailOutboxTable;
  daily_summaries: DailySummariesTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  sage_agents: SageAgentsTable;
  agent_activation_codes: AgentActivationCodesTable;
  agent_commands: AgentCommandsTable;
}
