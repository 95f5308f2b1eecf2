import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next.ts';

const origin = 'http://127.0.0.1:8080';

describe('safeNext', () => {
  it('keeps a path on this origin with its query', () => {
    expect(safeNext('/companies/c1/erp/requests?kind=budget', origin)).toBe(
      '/companies/c1/erp/requests?kind=budget',
    );
  });

  it('goes home for anything else', () => {
    for (const next of [
      undefined,
      '',
      'https://evil.test/',
      '//evil.test/x',
      '/\\evil.test',
      'javascript:alert(1)',
    ])
      expect(safeNext(next, origin)).toBe('/');
  });
});
