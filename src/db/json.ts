/** JSON columns hold text on both dialects (see the pg parsers), so reading and writing is one path. */
export const toJson = (value: unknown): string => JSON.stringify(value);

export function fromJson<T>(text: string): T;
export function fromJson<T>(text: string | null): T | null;
export function fromJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}
