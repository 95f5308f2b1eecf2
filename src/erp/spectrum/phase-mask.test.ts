import { describe, expect, it } from 'vitest';
import { formatPhase, maskPattern } from './phase-mask.ts';
import { toPhaseCode } from './values.ts';

describe('phase mask', () => {
  it('becomes a pattern over the dash-less code', () => {
    expect(maskPattern('##-###')).toBe('^[0-9]{2}[0-9]{3}$');
    expect(maskPattern('AX-#')).toBe('^[A-Z][A-Z0-9][0-9]$');
    const fits = (code: string) => new RegExp(maskPattern('##-###')).test(toPhaseCode(code));
    expect(fits('03-300')).toBe(true);
    expect(fits('03300')).toBe(true);
    expect(fits('3-300')).toBe(false);
    expect(fits('03-3000')).toBe(false);
    expect(fits('0A-300')).toBe(false);
    expect(new RegExp(maskPattern('AX')).test('a1')).toBe(false);
    expect(() => maskPattern('##-?')).toThrow(/unknown character/);
  });

  it("formats codes read from Spectrum with the mask's dashes", () => {
    expect(formatPhase('03300', '##-###')).toBe('03-300');
    expect(formatPhase('0330', '##-###')).toBe('0330');
    expect(formatPhase('03300', undefined)).toBe('03300');
  });
});
