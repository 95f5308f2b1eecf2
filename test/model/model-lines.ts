/**
 * The lines of commitments and change orders in the model (issue 13 finding 9): what our side holds,
 * how an edit replaces them (API.md: PATCH `lines` replace every line; a commitment line given back with
 * its `item` keeps it), and what Spectrum must then hold for a synced record — its current lines at
 * their amounts, and every line an earlier export wrote that the record no longer has at zero.
 */

export interface CostPair {
  costCode: string;
  costType: string;
}

/** Every project of the model has these (its job gets them as phases when it is exported). */
export const costPairs: readonly CostPair[] = [
  { costCode: '01-100', costType: 'L' },
  { costCode: '01-100', costType: 'M' },
  { costCode: '03-100', costType: 'L' },
];
/**
 * A cost code × type our side believes synced on a project whose job lacks it in Spectrum (how
 * test/flows/removed-lines.test.ts breaks a first export): Spectrum refuses a line on it after storing
 * the lines sent beside it, so the export fails half-way.
 */
export const phantomPair: CostPair = { costCode: '02-200', costType: 'S' };
export const isPhantom = (pair: CostPair) =>
  pair.costCode === phantomPair.costCode && pair.costType === phantomPair.costType;
/** Where the engine's refusal of a line on a phase the job lacks points. */
export const phantomRefusalField = 'lines[].code';

export interface ModelLine extends CostPair {
  /** A commitment line's item for life: the bid item Spectrum keys it by (change order lines have none). */
  item?: number;
  cents: number;
}

const amountsInCents = [100_000, 50_000, 25_000, 12_345];
/** `n` 7 is the phantom pair (rare: a line on it fails every export of its record), else one of costPairs. */
export const pairOf = (n: number): CostPair => (n === 7 ? phantomPair : costPairs[n % costPairs.length]!);
export const formatCents = (cents: number) => (cents / 100).toFixed(2);
export const parseCents = (amount: string) => Math.round(Number(amount || '0') * 100);

/** A new record's lines: two, and with `phantom` a line between them on the phantom pair. */
export function firstLines(kind: 'commitment' | 'change_order', phantom: boolean): ModelLine[] {
  const scale = kind === 'commitment' ? 10 : 1;
  return [
    { ...costPairs[0]!, cents: 10_000 * scale },
    ...(phantom ? [{ ...phantomPair, cents: 2_000 * scale }] : []),
    { ...costPairs[2]!, cents: 5_000 * scale },
  ];
}

/** One change to a record's lines, as the commands draw it; `line`, `pair`, `amount` are picks. */
export interface LineEdit {
  op: 'remove' | 'add' | 'move' | 'amount';
  line: number;
  pair: number;
  amount: number;
}

/**
 * The lines after `edit`: a line removed (one stays: a record without lines cannot be sent), added
 * (new, so without an item), moved to another cost code × type (keeping its item), or its amount
 * changed.
 */
export function editedLines(lines: readonly ModelLine[], edit: LineEdit): ModelLine[] {
  const at = edit.line % lines.length;
  const cents = amountsInCents[edit.amount % amountsInCents.length]!;
  switch (edit.op) {
    case 'remove':
      return lines.length > 1 ? lines.filter((_, i) => i !== at) : [...lines];
    case 'add':
      return [...lines, { ...pairOf(edit.pair), cents }];
    case 'move':
      return lines.map((line, i) => (i === at ? { ...line, ...pairOf(edit.pair) } : line));
    case 'amount':
      return lines.map((line, i) => (i === at ? { ...line, cents } : line));
  }
}

/** The lines with those on the phantom pair moved to `pairOf(pair)`: what a sender does to fix them. */
export const fixedLines = (lines: readonly ModelLine[], pair: number): ModelLine[] =>
  lines.map((line) => (isPhantom(line) ? { ...line, ...pairOf(pair) } : line));

export const showEdit = (edit: LineEdit) =>
  edit.op === 'remove'
    ? `remove line ${edit.line}`
    : edit.op === 'add'
      ? `add ${showPair(pairOf(edit.pair))}`
      : edit.op === 'move'
        ? `move line ${edit.line} to ${showPair(pairOf(edit.pair))}`
        : `line ${edit.line} to ${formatCents(amountsInCents[edit.amount % amountsInCents.length]!)}`;
const showPair = (pair: CostPair) => `${pair.costCode} × ${pair.costType}`;

/** The lines as a create or PATCH body takes them (a commitment line keeps its item by giving it back). */
export const linesBody = (lines: readonly ModelLine[]) =>
  lines.map(({ item, costCode, costType, cents }) => ({
    ...(item !== undefined && { item }),
    costCode,
    costType,
    amount: formatCents(cents),
  }));

/** The lines as the API answered them (a commitment's with the items it gave new lines). */
export const linesOfAnswer = (
  lines: { item?: number; costCode: string; costType: string; amount: string }[],
): ModelLine[] =>
  lines.map(({ item, costCode, costType, amount }) => ({
    ...(item !== undefined && { item }),
    costCode,
    costType,
    cents: parseCents(amount),
  }));

/** Spectrum's phase code of a cost code: its digits, the mask's dashes left out. */
const phaseOf = (costCode: string) => costCode.replaceAll('-', '');

/** A subcontract line's key in Spectrum: phase, cost type, bid item (the line's item). */
export const subcontractLineKey = (phase: string, costType: string, item: string) =>
  `${phase} ${costType} item ${item || '(none)'}`;

/** What a synced commitment's subcontract must hold: each line's amount under its key. */
export function expectedSubcontractLines(lines: readonly ModelLine[]): Map<string, number> {
  return new Map(
    lines.map((line) => [
      subcontractLineKey(phaseOf(line.costCode), line.costType, String(line.item)),
      line.cents,
    ]),
  );
}

/**
 * What a synced change order's change request must hold: its lines summed per key (phase, cost type,
 * and the subcontract line it changes: the commitment's first line on that cost code × type, none when
 * the commitment has no line there).
 */
export function expectedChangeRequestLines(
  lines: readonly ModelLine[],
  commitmentLines: readonly ModelLine[],
): Map<string, number> {
  const expected = new Map<string, number>();
  for (const line of lines) {
    const changed = commitmentLines.find((c) => c.costCode === line.costCode && c.costType === line.costType);
    const key = subcontractLineKey(
      phaseOf(line.costCode),
      line.costType,
      changed ? String(changed.item) : '',
    );
    expected.set(key, (expected.get(key) ?? 0) + line.cents);
  }
  return expected;
}
