/**
 * A company's phase mask, e.g. `##-###`: `#` a digit, `A` a letter, `X` a letter or a digit, `-` a
 * separator shown on screen but never sent. Phase codes travel without dashes, so a code fits when it
 * has exactly one character per non-separator position of the mask, each of the right kind.
 */

const positionPatterns: Record<string, string> = { '#': '[0-9]', A: '[A-Z]', X: '[A-Z0-9]' };

/** Throws for a mask with characters other than `#`, `A`, `X` and `-`, so a typo fails at start-up. */
export function phaseMaskPattern(mask: string): RegExp {
  const positions = [...mask].filter((character) => character !== '-');
  const parts = positions.map((character) => {
    const pattern = positionPatterns[character];
    if (!pattern) throw new Error(`invalid phase mask ${mask}: use #, A, X and - only`);
    return pattern;
  });
  if (parts.length === 0 || parts.length > 20)
    throw new Error(`invalid phase mask ${mask}: 1 to 20 positions`);
  return new RegExp(`^${parts.join('')}$`);
}

const compiled = new Map<string, RegExp>();

export function fitsPhaseMask(code: string, mask: string): boolean {
  let pattern = compiled.get(mask);
  if (!pattern) {
    pattern = phaseMaskPattern(mask);
    compiled.set(mask, pattern);
  }
  return pattern.test(code);
}

/** The number of characters a phase code of the mask has (its non-separator positions). */
export function phaseLength(mask: string): number {
  return [...mask].filter((character) => character !== '-').length;
}

/** Whether a mask is one `phaseMaskPattern` accepts. */
export function isPhaseMask(mask: string): boolean {
  try {
    phaseMaskPattern(mask);
    return true;
  } catch {
    return false;
  }
}
