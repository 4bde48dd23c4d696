/**
 * {@link definedFields}: an options object without its undefined fields, for APIs whose optional
 * fields may be absent but not `undefined` (`exactOptionalPropertyTypes`).
 */

/** `T` with every field optional and `undefined` removed from its type. */
export type DefinedFields<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

/** A copy of `record` without the fields whose value is undefined. O(fields). */
export function definedFields<T extends object>(record: T): DefinedFields<T> {
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== undefined),
  ) as DefinedFields<T>;
}
