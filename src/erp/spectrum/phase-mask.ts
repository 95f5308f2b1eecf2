/**
 * Spectrum's phase mask (ERP.md §2): `#` a digit, `A` a letter, `X` a letter or digit, `-` a separator
 * that is shown but never stored or sent. A code fits when, without dashes, it has exactly one
 * character per non-dash mask position of the right class.
 */

// Spectrum's codes are upper case: a lower-case letter does not fit an `A` or `X` position.
const classes: Record<string, string> = { '#': '[0-9]', A: '[A-Z]', X: '[A-Z0-9]' };

/** The mask as a regular expression source over the dash-less code, e.g. `##-###` → `^[0-9]{2}[0-9]{3}$`. */
export function maskPattern(mask: string): string {
  const sections = mask.split('-').filter((section) => section !== '');
  const source = sections
    .map((section) => {
      let out = '';
      for (let i = 0; i < section.length; ) {
        const char = section[i]!;
        const cls = classes[char];
        if (!cls) throw new Error(`Phase mask '${mask}' has an unknown character '${char}'`);
        let run = 1;
        while (section[i + run] === char) run++;
        out += run === 1 ? cls : `${cls}{${run}}`;
        i += run;
      }
      return out;
    })
    .join('');
  return `^${source}$`;
}

/** Said to the user beside the pattern, in the mask's own notation. */
export const maskMessage = (mask: string): string =>
  `must fit the phase mask ${mask} (# digit, A capital letter, X capital letter or digit)`;

/**
 * Spectrum's stored `03300` → our `03-300`, by the mask's dashes. A code that does not have the mask's
 * length (entered before the mask changed) is returned as stored rather than guessed at.
 */
export function formatPhase(stored: string, mask: string | undefined): string {
  if (!mask || stored.length !== mask.replaceAll('-', '').length) return stored;
  let out = '';
  let next = 0;
  for (const char of mask) out += char === '-' ? '-' : stored[next++];
  return out;
}
