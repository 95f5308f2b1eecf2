import { type ErpRequestKind, kindLabels } from '../../domain/lifecycle.ts';
import { emailPage, escapeHtml } from '../html.ts';

export interface RejectionMailInput {
  recipientName: string;
  approver: string;
  companyName: string;
  kind: ErpRequestKind;
  label: string;
  comment: string;
  /** The record's page. */
  link: string;
}

/** "Rejected: …" to the record's sender: the approver's comment and a link to the record, editable again. */
export function renderRejectionMail(input: RejectionMailInput): {
  subject: string;
  text: string;
  html: string;
} {
  const what = `${kindLabels[input.kind]} ${input.label}`;
  const subject = `Rejected: ${what}`;
  const quoted = input.comment
    .split(/\r?\n/)
    .map((line) => `> ${line}`)
    .join('\n');
  const text = `Hello ${input.recipientName},

${input.approver} rejected ${what} in ${input.companyName} and sent it back to you:

${quoted}

The record is editable again; correct it and send it to the ERP once more:
${input.link}
`;
  const html = emailPage(
    subject,
    `<p>Hello ${escapeHtml(input.recipientName)},</p>
<p>${escapeHtml(input.approver)} rejected <b>${escapeHtml(what)}</b> in ${escapeHtml(input.companyName)} and sent it back to you:</p>
<blockquote style="margin:12px 0;padding:8px 12px;border-left:3px solid #cbd2d9;white-space:pre-wrap">${escapeHtml(input.comment)}</blockquote>
<p>The record is editable again; correct it and send it to the ERP once more:<br>
<a href="${escapeHtml(input.link)}">${escapeHtml(input.link)}</a></p>`,
  );
  return { subject, text, html };
}
