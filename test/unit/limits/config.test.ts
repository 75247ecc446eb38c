import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { EnvSchema, readConfig } from '../../../server/config';
import { MAX_ROOM_CODE_LENGTH, MIN_ROOM_CODE_LENGTH, ROOM_CODE_ALPHABET } from '../../../server/rooms/room-code';

/**
 * Every bounded environment variable, read from the schema itself so the cases follow it: the
 * bound is accepted, one unit past it stops the server with a message naming the variable. A
 * number without both bounds fails here, since every input needs one.
 */

type Schema = z.ZodType & { def: { type: string; innerType?: Schema }; unwrap?: () => Schema };
type NumberSchema = Schema & { minValue: number | null; maxValue: number | null; isInt: boolean };
type StringSchema = Schema & { minLength: number | null; maxLength: number | null };

/** Through `.default()` and `.optional()` to the checked type. */
function inner(schema: Schema): Schema {
  return schema.def.innerType ? inner(schema.def.innerType) : schema;
}

/** The next value a unit past `x`: 1 for integers; for other numbers the next one a double can hold. */
function past(x: number, direction: 1 | -1, isInt: boolean): number {
  return isInt ? x + direction : x + direction * Number.EPSILON * Math.max(1, Math.abs(x));
}

/** The configuration from these variables alone (NODE_ENV as the test runner sets it). */
const configWith = (vars: Record<string, string>) => readConfig({ NODE_ENV: 'test', ...vars });

const fields = Object.entries(EnvSchema.shape as unknown as Record<string, Schema>).map(([name, schema]) => ({ name, schema: inner(schema) }));
const numbers = fields.filter((f) => f.schema.def.type === 'number').map((f) => ({ ...f, schema: f.schema as NumberSchema }));
const strings = fields
  .filter((f) => f.schema.def.type === 'string')
  .map((f) => ({ ...f, schema: f.schema as StringSchema }))
  .filter((f) => f.schema.minLength !== null || f.schema.maxLength !== null);

/**
 * Ranges are inclusive except where the variable is said to be over its minimum (`positive()`):
 * the list is written here, not read from the schema, so a `max()` turned into `lt()` fails.
 */
const ABOVE_MINIMUM = new Set(['CLOCK_SPEED']);

/** zod's `int()` alone bounds a number by the safe integers: that is no limit. */
const bounded = (value: number | null) => value !== null && Math.abs(value) < Number.MAX_SAFE_INTEGER;

function numberCases(name: string, schema: NumberSchema): { at: number; past: number }[] {
  const cases = [];
  if (bounded(schema.minValue)) {
    const min = schema.minValue!;
    cases.push(ABOVE_MINIMUM.has(name) ? { at: past(min, 1, schema.isInt), past: min } : { at: min, past: past(min, -1, schema.isInt) });
  }
  if (bounded(schema.maxValue)) cases.push({ at: schema.maxValue!, past: past(schema.maxValue!, 1, schema.isInt) });
  return cases;
}

describe('configuration ranges', () => {
  it('every numeric variable has both bounds', () => {
    expect(numbers.length).toBeGreaterThan(0);
    for (const { name, schema } of numbers) {
      expect(bounded(schema.minValue), `${name} has a minimum`).toBe(true);
      expect(bounded(schema.maxValue), `${name} has a maximum`).toBe(true);
    }
  });

  it.each(numbers.flatMap(({ name, schema }) => numberCases(name, schema).map((c) => ({ name, ...c }))))('$name: $at is taken, $past stops the server', ({ name, at, past: beyond }) => {
    expect(() => configWith({ [name]: String(at) })).not.toThrow();
    expect(() => configWith({ [name]: String(beyond) })).toThrow(new RegExp(`invalid configuration: ${name}:`, 'u'));
  });

  it.each(
    strings.flatMap(({ name, schema }) => [
      ...(schema.minLength !== null ? [{ name, at: schema.minLength, past: schema.minLength - 1 }] : []),
      ...(schema.maxLength !== null ? [{ name, at: schema.maxLength, past: schema.maxLength + 1 }] : []),
    ]),
  )('$name: $at characters are taken, $past stop the server', ({ name, at, past: beyond }) => {
    expect(() => configWith({ [name]: 's'.repeat(at) })).not.toThrow();
    expect(() => configWith({ [name]: 's'.repeat(beyond) })).toThrow(new RegExp(`invalid configuration: ${name}:`, 'u'));
  });

  it.each([
    [MIN_ROOM_CODE_LENGTH, MIN_ROOM_CODE_LENGTH - 1],
    [MAX_ROOM_CODE_LENGTH, MAX_ROOM_CODE_LENGTH + 1],
  ])('DEFAULT_ROOM: a code of %d characters is taken, %d stop the server', (at, beyond) => {
    expect(configWith({ DEFAULT_ROOM: ROOM_CODE_ALPHABET.slice(0, at) }).defaultRoom).toBe(ROOM_CODE_ALPHABET.slice(0, at));
    expect(() => configWith({ DEFAULT_ROOM: ROOM_CODE_ALPHABET.slice(0, beyond) })).toThrow(/DEFAULT_ROOM/u);
  });
});

describe('PUBLIC_URL', () => {
  it.each([
    ['https://captions.example', 'https://captions.example'],
    ['https://Captions.Example/', 'https://captions.example'],
    ['http://192.168.1.20:3000', 'http://192.168.1.20:3000'],
    ['https://captions.example:443/', 'https://captions.example'],
  ])('%s is the origin %s', (value, origin) => {
    expect(configWith({ PUBLIC_URL: value }).publicUrl).toBe(origin);
  });

  it('is null when unset or empty: each request says its own origin', () => {
    expect(configWith({}).publicUrl).toBeNull();
    expect(configWith({ PUBLIC_URL: '' }).publicUrl).toBeNull();
  });

  it.each([
    ['captions.example', /PUBLIC_URL: must be an absolute URL/u],
    ['ftp://captions.example', /PUBLIC_URL: must start with http:\/\/ or https:\/\//u],
    ['https://captions.example/watch', /PUBLIC_URL: must be an origin only, without a path, query or fragment/u],
    ['https://captions.example/?x=1', /PUBLIC_URL: must be an origin only/u],
    ['https://captions.example/#top', /PUBLIC_URL: must be an origin only/u],
    ['https://captions.example?', /PUBLIC_URL: must be an origin only/u],
    ['https://user:pw@captions.example', /PUBLIC_URL: must not carry a user name or password/u],
    [`https://${'a'.repeat(2_100)}.example`, /PUBLIC_URL: /u],
  ])('%s stops the server with a message naming the variable', (value, message) => {
    expect(() => configWith({ PUBLIC_URL: value })).toThrow(message);
  });
});
