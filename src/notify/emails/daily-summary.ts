import type { ErpRequestKind, ErpRequestStatus } from '../../domain/lifecycle.ts';
import { emailPage, escapeHtml } from '../html.ts';

export const dailySummarySubject = 'ERP Integrations Daily Summary';

const groupLabels: Record<ErpRequestKind, string> = {
  project: 'Projects',
  cost_codes: 'Project cost codes',
  budget: 'Budgets',
  vendor: 'Vendors',
  commitment: 'Commitments',
  change_order: 'Commitment change orders',
};

const statusLabels: Partial<Record<ErpRequestStatus, string>> = {
  ready_to_export: 'ready to export',
  ready_to_update: 'ready to update',
  failed: 'failed',
};

export interface SummaryItem {
  label: string;
  status: ErpRequestStatus;
  sender: { email: string; name: string };
  sentAt: string;
  /** The request's page in the queue. */
  link: string;
  /** For a failed export: the ERP's message. */
  error?: string;
}

export interface SummaryGroup {
  kind: ErpRequestKind;
  /** Every waiting item of the kind; `items` may list only the oldest of them. */
  total: number;
  items: SummaryItem[];
  /** The queue filtered by the kind (for the items not listed). */
  link: string;
}

export interface SummaryContent {
  companyName: string;
  /** The company-local date, YYYY-MM-DD. */
  localDate: string;
  groups: SummaryGroup[];
  queueLink: string;
  now: Date;
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** How long an item has waited, in the largest unit that reads naturally. */
export function formatAge(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return plural(hours, 'hour');
  return plural(Math.floor(hours / 24), 'day');
}

const senderOf = (s: { email: string; name: string }) =>
  s.name && s.name !== s.email ? `${s.name} <${s.email}>` : s.email;

/**
 * The part of the summary that is the same for every approver of the company, rendered once per company
 * and day however many approvers receive it.
 */
export function renderSummaryContent(content: SummaryContent): { text: string; html: string } {
  const total = content.groups.reduce((n, g) => n + g.total, 0);
  const intro = `${plural(total, 'item')} wait in the ERP Integrations queue of ${content.companyName} (${content.localDate}).`;
  const text: string[] = [intro, ''];
  const html: string[] = [`<p>${escapeHtml(intro)}</p>`];
  for (const group of content.groups) {
    const heading = `${groupLabels[group.kind]} (${group.total.toLocaleString('en-US')})`;
    text.push(heading);
    html.push(`<h3 style="margin:18px 0 6px">${escapeHtml(heading)}</h3><ul style="padding-left:18px">`);
    for (const item of group.items) {
      const age = formatAge(content.now.getTime() - Date.parse(item.sentAt));
      const status = `${statusLabels[item.status] ?? item.status}${item.error ? `: ${item.error}` : ''}`;
      const sender = senderOf(item.sender);
      text.push(`  - ${item.label} (${status}), sent by ${sender}, ${age} ago`, `    ${item.link}`);
      html.push(
        `<li style="margin-bottom:4px"><a href="${escapeHtml(item.link)}">${escapeHtml(item.label)}</a> — ${escapeHtml(status)}<br><span style="color:#52606d">sent by ${escapeHtml(sender)}, ${escapeHtml(age)} ago</span></li>`,
      );
    }
    const more = group.total - group.items.length;
    if (more > 0) {
      text.push(`  … and ${more.toLocaleString('en-US')} more: ${group.link}`);
      html.push(
        `<li><a href="${escapeHtml(group.link)}">… and ${more.toLocaleString('en-US')} more</a></li>`,
      );
    }
    text.push('');
    html.push('</ul>');
  }
  text.push(`Open the queue: ${content.queueLink}`);
  html.push(`<p><a href="${escapeHtml(content.queueLink)}">Open the ERP Integrations queue</a></p>`);
  return { text: text.join('\n'), html: html.join('\n') };
}

/** One approver's summary: the shared content with their greeting and why they receive it. */
export function renderDailySummaryMail(
  recipientName: string,
  companyName: string,
  content: { text: string; html: string },
): { subject: string; text: string; html: string } {
  const footer = `You receive this summary because you approve ERP requests for ${companyName}; you can turn it off in your user settings.`;
  return {
    subject: dailySummarySubject,
    text: `Hello ${recipientName},\n\n${content.text}\n\n${footer}\n`,
    html: emailPage(
      dailySummarySubject,
      `<p>Hello ${escapeHtml(recipientName)},</p>\n${content.html}\n<p style="color:#7b8794;font-size:12px">${escapeHtml(footer)}</p>`,
    ),
  };
}
