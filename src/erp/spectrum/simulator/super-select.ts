/**
 * SuperSelect, Spectrum's filter syntax, which the Get pages grant their filter parameters
 * (additions §5): `*` any characters, `?` one character, `A,B` a list, `A/M` an inclusive range,
 * `#A,#B` everything but, `ALL` or a lone `*` everything, otherwise the exact code. At most two
 * options combine; everything-but combines with nothing; `*` neither with `?` nor inside a range.
 * Applying the screens' syntax to SDX parameters is the additions doc's inference, kept here.
 */
export interface SuperSelect {
  /** Set when the expression names exact codes only: a store can look them up by key. */
  readonly exact?: readonly string[];
  matches(value: string): boolean;
}

/** The filter of a SuperSelect expression; undefined for a blank one (no filter); throws on bad syntax. */
export function superSelect(expression: string): SuperSelect | undefined {
  if (expression === '') return undefined;
  if (expression === 'ALL' || expression === '*') return { matches: () => true };
  const items = expression.split(',');
  if (items.some((item) => item === '')) throw new SuperSelectError('an empty list item');

  if (items.some((item) => item.startsWith('#'))) {
    if (!items.every((item) => item.length > 1 && item.startsWith('#') && !/[*?/#]/.test(item.slice(1)))) {
      throw new SuperSelectError('everything-but (#) combines with nothing else');
    }
    const excluded = new Set(items.map((item) => item.slice(1)));
    return { matches: (value) => !excluded.has(value) };
  }

  const options = new Set<string>(items.length > 1 ? ['list'] : []);
  const tests = items.map((item) => {
    if (item.includes('/')) {
      const [from = '', to = '', ...rest] = item.split('/');
      if (!from || !to || rest.length || /[*?]/.test(item)) throw new SuperSelectError(`a bad range ${item}`);
      options.add('range');
      return (value: string) => value >= from && value <= to;
    }
    if (item.includes('*') && item.includes('?')) throw new SuperSelectError('* combined with ?');
    if (/[*?]/.test(item)) {
      options.add(item.includes('*') ? 'wildcard' : 'character');
      const pattern = new RegExp(
        `^${[...item].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))).join('')}$`,
        's',
      );
      return (value: string) => pattern.test(value);
    }
    return (value: string) => value === item;
  });
  if (options.size > 2) throw new SuperSelectError('more than two options combined');
  if (options.size === 0 || (options.size === 1 && options.has('list'))) {
    const exact = new Set(items);
    return { exact: [...exact], matches: (value) => exact.has(value) };
  }
  return { matches: (value) => tests.some((test) => test(value)) };
}

export class SuperSelectError extends Error {
  override name = 'SuperSelectError';
}
