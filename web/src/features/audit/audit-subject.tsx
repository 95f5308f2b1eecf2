import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import type { AuditEvent } from './audit-queries.ts';

/** The audit trail's subject types, as people call them. */
export function subjectTypeLabels(erp: string): Record<string, string> {
  return {
    project: 'Project',
    cost_codes: 'Cost codes',
    budget: 'Budget',
    vendor: 'Vendor',
    commitment: 'Commitment',
    change_order: 'Change order',
    erp_job: `${erp} job`,
    erp_vendor: `${erp} vendor`,
    sync_run: 'Sync run',
    company: 'Company',
    user: 'User',
    webhook: 'Webhook',
    erp_connection: 'ERP connection',
    standard_cost_code: 'Standard cost code',
    cost_type: 'Cost type',
  };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Where an event's payload may carry its subject's fields: itself, a sent snapshot, an imported record. */
function payloads(event: AuditEvent): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const side of [event.after, event.before]) {
    if (!isObject(side)) continue;
    out.push(side);
    for (const key of ['snapshot', 'project', 'vendor'] as const) {
      const inner = side[key];
      if (isObject(inner)) out.push(inner);
    }
  }
  return out;
}

/** The first of `keys` (in their order) that the event's payloads carry, with its rank. */
function firstText(event: AuditEvent, keys: readonly string[]): { value: string; rank: number } | undefined {
  const found = payloads(event);
  for (const [rank, key] of keys.entries())
    for (const payload of found) {
      const value = payload[key];
      if (typeof value === 'string' && value) return { value, rank };
    }
  return undefined;
}

/** What the events say about a subject: its name and, for lines of a project, where its page is. */
export interface SubjectFacts {
  name?: string;
  projectId?: string;
  commitmentId?: string;
}

const nameKeys = ['name', 'title', 'label', 'number', 'jobNumber', 'vendorCode', 'email', 'url'] as const;

/**
 * Facts about subjects by id, from whichever loaded events carry them: a project's "created" event
 * names it for the steps of its requests, which carry only the request's id and status.
 */
export function subjectFacts(events: readonly AuditEvent[]): Map<string, SubjectFacts> {
  const facts = new Map<string, SubjectFacts & { nameRank?: number }>();
  for (const event of events) {
    const known = facts.get(event.subjectId) ?? {};
    // The best name wins, whichever event has it: a link's `jobNumber` names the project worse than its creation's `name`.
    const name = firstText(event, nameKeys);
    const better = name && (known.nameRank === undefined || name.rank < known.nameRank);
    const projectId = known.projectId ?? firstText(event, ['projectId'])?.value;
    const commitmentId = known.commitmentId ?? firstText(event, ['commitmentId'])?.value;
    facts.set(event.subjectId, {
      ...(better ? { name: name.value, nameRank: name.rank } : known),
      ...(projectId && { projectId }),
      ...(commitmentId && { commitmentId }),
    });
  }
  return facts;
}

const linkClass = 'text-blue-800 underline';

/** The subject's own page, where it has one (S17: "Subject (link)"); else its name as text. */
export function SubjectLink({
  c,
  event,
  facts,
}: {
  c: string;
  event: AuditEvent;
  facts: SubjectFacts | undefined;
}): ReactNode {
  const id = event.subjectId;
  const { projectId, commitmentId } = facts ?? {};
  // ERP keys (job numbers, vendor codes) are names already; generated ids are cut short.
  const name = facts?.name ?? (id.length > 12 ? `${id.slice(0, 8)}…` : id);
  switch (event.subjectType) {
    case 'project':
      return (
        <Link to="/companies/$c/projects/$p" params={{ c, p: id }} className={linkClass}>
          {name}
        </Link>
      );
    case 'cost_codes':
      return (
        <Link to="/companies/$c/projects/$p/cost-codes" params={{ c, p: id }} className={linkClass}>
          {name}
        </Link>
      );
    case 'budget':
      return (
        <Link to="/companies/$c/projects/$p/budget" params={{ c, p: id }} className={linkClass}>
          {name}
        </Link>
      );
    case 'vendor':
      return (
        <Link to="/companies/$c/vendors/$v" params={{ c, v: id }} className={linkClass}>
          {name}
        </Link>
      );
    case 'commitment':
      return projectId ? (
        <Link
          to="/companies/$c/projects/$p/commitments/$k"
          params={{ c, p: projectId, k: id }}
          className={linkClass}
        >
          {name}
        </Link>
      ) : (
        name
      );
    case 'change_order':
      return projectId && commitmentId ? (
        <Link
          to="/companies/$c/projects/$p/commitments/$k/change-orders/$o"
          params={{ c, p: projectId, k: commitmentId, o: id }}
          className={linkClass}
        >
          {name}
        </Link>
      ) : (
        name
      );
    case 'sync_run':
      return (
        <Link to="/companies/$c/erp/sync" params={{ c }} className={linkClass}>
          {name}
        </Link>
      );
    case 'webhook':
      return (
        <Link to="/companies/$c/webhooks/$w" params={{ c, w: id }} className={linkClass}>
          {name}
        </Link>
      );
    default:
      return name;
  }
}
