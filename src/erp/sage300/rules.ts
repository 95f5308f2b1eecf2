import type { FieldRule } from '../../domain/preflight.ts';
import type { ConnectorDescription } from '../connector.ts';

/**
 * Sage 300 CRE's limits (ERP.md §3), in our record model. Cost codes must be sectioned: 2 to 4 sections
 * separated by `-`, `/` or `.`, at most 12 characters in all.
 */
const sectionedCostCode = {
  maxLength: 12,
  pattern: '^[A-Za-z0-9]+([-/.][A-Za-z0-9]+){1,3}$',
  patternMessage: 'a Sage cost code has 2 to 4 sections separated by -, / or . (e.g. 03-300)',
};
const costType: Omit<FieldRule, 'path'> = { label: 'Category (cost type)', maxLength: 3, required: true };
const text30 = (path: string, label: string, required = false): FieldRule => ({
  path,
  label,
  maxLength: 30,
  required,
});
const address = (prefix = ''): FieldRule[] => [
  text30(`${prefix}address.line1`, 'Address line'),
  { path: `${prefix}address.city`, label: 'City', maxLength: 15 },
  { path: `${prefix}address.state`, label: 'State', maxLength: 4 },
  { path: `${prefix}address.zip`, label: 'ZIP code', maxLength: 10 },
];
const lines = (descriptionLabel: string): FieldRule[] => [
  { path: 'lines[].code', label: 'Cost code', required: true, ...sectionedCostCode },
  { path: 'lines[].costType', ...costType },
  text30('lines[].description', descriptionLabel),
];

/** What the agent reports of the company's format table (kept in the connection's settings). */
export interface Sage300Settings {
  /** The company's job mask (`#` digit, `A` letter, `X` either), e.g. `XX-XXXX`; without one, 1 to 3 sections. */
  jobMask?: string;
  /** e.g. `XX-XXX`. */
  costCodeMask?: string;
  /** The longest commitment id the company takes (12 at most). */
  commitmentIdLength?: number;
}

/**
 * A job number that fits the mask, typed with its punctuation or without it: Sage inserts the mask's
 * punctuation itself (`241001` is stored `24-1001`).
 */
function jobPattern(mask: string | undefined): Pick<FieldRule, 'pattern' | 'patternMessage'> {
  if (!mask) {
    return {
      pattern: '^[A-Za-z0-9]+(-[A-Za-z0-9]+){0,2}$',
      patternMessage: 'a Sage job has 1 to 3 sections separated by -',
    };
  }
  const classes: Record<string, string> = { '#': '[0-9]', A: '[A-Za-z]', X: '[A-Za-z0-9]' };
  const source = [...mask].map((ch) => classes[ch] ?? `\\${ch}?`).join('');
  return {
    pattern: `^${source}$`,
    patternMessage: `it must follow the company's job mask ${mask} (Sage adds the punctuation if you leave it out)`,
  };
}

export function sage300Description(settings: Sage300Settings = {}): ConnectorDescription {
  return {
    system: 'sage300',
    exports: ['project', 'cost_codes', 'budget', 'vendor', 'commitment', 'change_order'],
    imports: ['jobs', 'job_templates', 'standard_cost_codes', 'cost_types', 'vendors', 'job_costs'],
    fields: {
      project: [
        {
          path: 'jobNumber',
          label: 'Job number',
          required: true,
          maxLength: 10,
          ...jobPattern(settings.jobMask),
        },
        text30('name', 'Job name', true),
        ...address(),
      ],
      cost_codes: [
        { path: 'code', label: 'Cost code', required: true, ...sectionedCostCode },
        text30('description', 'Cost code description', true),
        { path: 'costTypes[]', ...costType },
      ],
      budget: lines('Description').slice(0, 2),
      vendor: [
        text30('name', 'Vendor name', true),
        { path: 'vendorCode', label: 'Vendor id', maxLength: 10 },
        ...address(),
      ],
      commitment: [
        {
          path: 'number',
          label: 'Commitment number',
          required: true,
          maxLength: Math.min(settings.commitmentIdLength ?? 12, 12),
        },
        { path: 'title', label: 'Commitment title', required: true },
        // Sage takes a longer title, cut to 30 characters, and says so.
        { path: 'title', label: 'Commitment title', maxLength: 30, severity: 'warning' },
        ...lines('Line description'),
      ],
      change_order: [
        // Sage's change order id (≤5) is allocated per commitment by our side; ours may be longer.
        text30('title', 'Change order description', true),
        ...lines('Line description'),
      ],
    },
    // Sage changes neither once created: a change is a new commitment change order.
    immutableOnceCreated: ['commitment', 'change_order'],
    // A commitment change order id is at most 5 characters (ERP.md §3).
    changeOrderNumberLength: 5,
  };
}
