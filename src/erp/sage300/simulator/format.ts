import type { Sage300Store } from './store.ts';

/**
 * The company's key formats, read from TS_CTL_RECORD_3 (FLDCODE 16 job, 18 cost code, 20 commitment
 * id, 6 vendor). Sage punctuates a key sent without punctuation and refuses one whose punctuation does
 * not match the sections (sage300-notes.md §2 rows 1, 2, 4).
 */
export interface Section {
  readonly length: number;
  /** Punctuation after the section, '' for the last. */
  readonly punct: string;
  readonly caps: boolean;
}

export interface CompanyFormat {
  readonly job: readonly Section[];
  readonly costCode: readonly Section[];
  readonly commitmentLength: number;
  readonly commitmentCaps: boolean;
  readonly vendorCaps: boolean;
}

export const fieldCodes = { vendor: 6, job: 16, costCode: 18, commitment: 20 } as const;

/** Delimiters Sage accepts in sectioned keys, besides the ones the mask names. */
const delimiters = ['-', '/', '.'];

export function loadFormat(store: Sage300Store): CompanyFormat {
  const sections = (code: number): Section[] =>
    store.select('TS_CTL_RECORD_3', { where: { FLDCODE: code } }).map((row) => ({
      length: Number(row.CSLEN),
      punct: String(row.CNPUNCT),
      caps: row.CNTCAP === 'Y',
    }));
  const [commitment] = sections(fieldCodes.commitment);
  const [vendor] = sections(fieldCodes.vendor);
  return {
    job: sections(fieldCodes.job),
    costCode: sections(fieldCodes.costCode),
    commitmentLength: commitment?.length ?? 12,
    commitmentCaps: commitment?.caps ?? false,
    vendorCaps: vendor?.caps ?? false,
  };
}

/** `##-####` for sections of 2 and 4 joined by `-`. */
export function maskOf(sections: readonly Section[]): string {
  return sections.map((section) => '#'.repeat(section.length) + section.punct).join('');
}

export type Sectioned = { value: string } | { problem: 'mismatch' | 'short' };

/**
 * Cuts `value` into the sections and punctuates it, or checks the punctuation it was sent with. A value
 * without punctuation shorter than the whole mask is `short`: it cannot fill the sections.
 */
export function sectionKey(value: string, sections: readonly Section[]): Sectioned {
  const punctuation = new Set([...delimiters, ...sections.map((s) => s.punct).filter(Boolean)]);
  const hasPunctuation = [...value].some((char) => punctuation.has(char));
  const total = sections.reduce((sum, section) => sum + section.length, 0);
  if (!hasPunctuation) {
    if (value.length < total) return { problem: 'short' };
    if (value.length > total) return { problem: 'mismatch' };
  }
  let position = 0;
  let formatted = '';
  for (const section of sections) {
    const part = value.slice(position, position + section.length);
    if (part.length !== section.length || [...part].some((char) => punctuation.has(char))) {
      return { problem: 'mismatch' };
    }
    position += section.length;
    formatted += (section.caps ? part.toUpperCase() : part) + section.punct;
    if (hasPunctuation && section.punct) {
      if (value.slice(position, position + section.punct.length) !== section.punct)
        return { problem: 'mismatch' };
      position += section.punct.length;
    }
  }
  return position === value.length ? { value: formatted } : { problem: 'mismatch' };
}
