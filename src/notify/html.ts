const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text as HTML: every value from the database goes through this before it reaches an email. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => entities[c]!);

/** The frame every email shares: a plain, readable page that mail clients render alike. */
export function emailPage(title: string, body: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#1f2933;line-height:1.45">
${body}
<p style="color:#7b8794;font-size:12px">Ledgergate — the accounting-approval gate</p>
</body></html>
`;
}
