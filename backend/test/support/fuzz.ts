import { randomUUID } from 'node:crypto';

/** A small seeded generator (mulberry32): the same seed gives the same cases on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Nested `depth` levels deep: `{a: {a: ... 1}}`. */
export const nested = (depth: number): unknown =>
  Array.from({ length: depth }).reduce<unknown>((inner) => ({ a: inner }), 1);

/**
 * Values valid for no field of the socket contract (uuids, ids, bodies, booleans, seqs), or
 * hostile to any: every one must be refused wherever it goes. Field-specific bad values (a
 * boolean where a string belongs...) come with each field's spec.
 */
export const HOSTILE_VALUES: { name: string; value: unknown }[] = [
  { name: 'null', value: null },
  { name: 'negative', value: -1 },
  { name: 'float', value: 1.5 },
  { name: 'beyond safe integers', value: 2 ** 53 + 2 },
  { name: 'beyond bigint', value: 1e308 },
  { name: 'NaN (null on the wire)', value: Number.NaN },
  { name: 'empty string', value: '' },
  { name: 'blank string', value: '   ' },
  { name: 'NUL byte', value: 'a\u0000b' },
  { name: 'lone high surrogate', value: 'x\ud800' },
  { name: 'lone low surrogate', value: '\udc00y' },
  { name: 'huge string', value: 'z'.repeat(60_000) },
  { name: 'over-long string', value: 'w'.repeat(4001) },
  { name: 'uuid with NUL', value: `${randomUUID()}\u0000` },
  { name: 'empty array', value: [] },
  { name: 'array of strings', value: ['a', 'b'] },
  { name: 'empty object', value: {} },
  { name: 'nested 40 deep', value: nested(40) },
  { name: 'prototype key', value: JSON.parse('{"__proto__":{"admin":true}}') },
  { name: 'constructor key', value: { constructor: { prototype: { admin: true } } } },
  { name: 'binary', value: Buffer.from('binary') },
];

/** JSON has no NaN: it arrives as null. */
const nullOnTheWire = (value: unknown) => value === null || Number.isNaN(value);

export interface FieldSpec {
  /** A value that passes validation; undefined leaves an optional field out. */
  valid: () => unknown;
  /** Values of the right type that must still be refused for this field. */
  invalid: unknown[];
}

export interface FuzzCase {
  name: string;
  payload: unknown;
}

/**
 * Hostile payloads for one event: every hostile value as the whole payload, every field
 * missing or replaced by each hostile and field-specific invalid value, unknown and
 * prototype-polluting keys, then `randomCases` seeded mixes with at least one bad field.
 * Every case must be refused.
 */
export function fuzzCases(
  fields: Record<string, FieldSpec>,
  random: () => number,
  randomCases: number,
): FuzzCase[] {
  const names = Object.keys(fields);
  const valid = (): Record<string, unknown> =>
    Object.fromEntries(
      names.map((n) => [n, fields[n].valid()] as const).filter(([, v]) => v !== undefined),
    );
  const optional = (field: string) => fields[field].valid() === undefined;
  // An optional field may be null: like absent, as on REST (class-validator's IsOptional).
  const badFor = (field: string) => [
    ...HOSTILE_VALUES.filter(({ value }) => !(optional(field) && nullOnTheWire(value))),
    ...fields[field].invalid.map((value, i) => ({ name: `invalid #${i}`, value })),
  ];
  const cases: FuzzCase[] = HOSTILE_VALUES.map(({ name, value }) => ({
    name: `payload: ${name}`,
    payload: value,
  }));
  cases.push({ name: 'payload: undefined', payload: undefined });
  for (const field of names) {
    if (!optional(field)) {
      const rest = valid();
      delete rest[field];
      cases.push({ name: `${field} missing`, payload: rest });
    }
    for (const { name, value } of badFor(field)) {
      cases.push({ name: `${field}: ${name}`, payload: { ...valid(), [field]: value } });
    }
  }
  cases.push(
    { name: 'unknown field', payload: { ...valid(), isAdmin: true } },
    {
      name: '__proto__ field',
      payload: Object.assign(JSON.parse('{"__proto__":{"isAdmin":true}}') as object, valid()),
    },
    { name: 'constructor field', payload: { ...valid(), constructor: { prototype: {} } } },
    { name: 'prototype field', payload: { ...valid(), prototype: { isAdmin: true } } },
    { name: 'payload nested 40 deep', payload: { ...valid(), extra: nested(40) } },
  );
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
  for (let i = 0; i < randomCases; i += 1) {
    const payload: Record<string, unknown> = valid();
    const broken = pick(names);
    for (const field of names) {
      if (field !== broken && random() < 0.5) continue;
      // Leaving out a required field is one way to break it; an optional one must be bad.
      if (random() < 0.15 && !optional(field)) delete payload[field];
      else payload[field] = pick(badFor(field)).value;
    }
    cases.push({ name: `mix #${i}: ${JSON.stringify(payload).slice(0, 120)}`, payload });
  }
  return cases;
}
