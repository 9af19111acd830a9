/**
 * fast-check arbitraries derived from the JSON Schemas of the OpenAPI document: values that
 * conform to a schema, and hostile values that mostly conform but break it somewhere (a
 * wrong type, a missing or extra field, a boundary length, control characters, a list one
 * past its maximum). The security suite feeds them to every route over HTTP.
 */
import fc from 'fast-check';

export interface JsonSchema {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly allOf?: readonly JsonSchema[];
}

export interface SchemaDocument {
  readonly components?: { readonly schemas?: Readonly<Record<string, JsonSchema>> };
}

/** Nesting past this depth generates leaves only, so that arbitraries stay finite. */
const MAX_DEPTH = 6;
/** Lists are generated short; their maximum is tried by `boundary`. */
const MAX_GENERATED_ITEMS = 3;

const resolve = (schema: JsonSchema, doc: SchemaDocument): JsonSchema => {
  let current = schema;
  for (let hops = 0; current.$ref && hops < 10; hops++) {
    const name = current.$ref.replace('#/components/schemas/', '');
    const target = doc.components?.schemas?.[name];
    if (!target) throw new Error(`Unresolved $ref ${current.$ref}`);
    current = target;
  }
  return current;
};

const typeOf = (schema: JsonSchema): string | undefined => {
  if (Array.isArray(schema.type)) return schema.type.find((type) => type !== 'null');
  return schema.type as string | undefined;
};

function conformingString(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? Math.max(minLength, 40);
  const fits = (value: string) => value.length >= minLength && value.length <= maxLength;
  if (schema.pattern) {
    // A pattern fixes its own length (a SHA-256 is 64 digits): only a stated maximum bounds it.
    const withinMax = (value: string) =>
      value.length >= minLength && value.length <= (schema.maxLength ?? Infinity);
    return fc.stringMatching(new RegExp(schema.pattern)).filter(withinMax);
  }
  if (schema.format === 'date-time') {
    return fc
      .date({
        min: new Date('2020-01-01T00:00:00Z'),
        max: new Date('2030-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString());
  }
  if (schema.format === 'date') {
    return fc
      .date({
        min: new Date('2020-01-01T00:00:00Z'),
        max: new Date('2030-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString().slice(0, 10));
  }
  if (schema.format === 'email') return fc.emailAddress().filter(fits);
  if (schema.format === 'uri') return fc.webUrl({ validSchemes: ['https'] }).filter(fits);
  return fc.string({ minLength, maxLength: Math.min(maxLength, minLength + 40), unit: 'grapheme' });
}

function conformingNumber(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min =
    schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1_000_000);
  const max =
    schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1_000_000_000);
  if (integer) return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/** Values that the schema accepts (as far as JSON Schema can say: refinements may still refuse them). */
export function conforming(schema: JsonSchema, doc: SchemaDocument, depth = 0): fc.Arbitrary<unknown> {
  const resolved = resolve(schema, doc);
  if (resolved.const !== undefined) return fc.constant(resolved.const);
  if (resolved.enum) return fc.constantFrom(...resolved.enum);
  const alternatives = resolved.anyOf ?? resolved.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((option) => conforming(option, doc, depth + 1)));
  if (resolved.allOf?.length) return conforming(resolved.allOf[0]!, doc, depth + 1);
  switch (typeOf(resolved)) {
    case 'string':
      return conformingString(resolved);
    case 'integer':
      return conformingNumber(resolved, true);
    case 'number':
      return conformingNumber(resolved, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const minLength = resolved.minItems ?? 0;
      const maxLength = Math.min(
        resolved.maxItems ?? MAX_GENERATED_ITEMS,
        Math.max(minLength, MAX_GENERATED_ITEMS),
      );
      if (depth >= MAX_DEPTH || !resolved.items) return fc.constant([]);
      return fc.array(conforming(resolved.items, doc, depth + 1), { minLength, maxLength });
    }
    case 'object': {
      if (depth >= MAX_DEPTH) return fc.constant({});
      const properties = resolved.properties ?? {};
      const shape = Object.fromEntries(
        Object.entries(properties).map(([name, child]) => [name, conforming(child, doc, depth + 1)]),
      );
      return fc.record(shape, { requiredKeys: (resolved.required ?? []).filter((name) => name in shape) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Strings an attacker tries: control characters, bidi overrides, lone surrogates, injections. */
export const nastyString = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(
      '',
      ' ',
      '\u0000',
      'a\u0000b',
      '\u202eevil',
      '\ud800',
      'line\nbreak',
      'tab\there',
      '\r\n\r\n',
      '../../etc/passwd',
      "' OR '1'='1",
      '\u0024{jndi:ldap://x}',
      '<script>alert(1)</script>',
      '__proto__',
      '𝓾𝓷𝓲𝓬𝓸𝓭𝓮',
      'Nguyễn Thị Hoa',
    ),
    fc.string({ unit: 'binary', maxLength: 30 }),
  );

/** Any JSON value of another type than the schema's. */
export const wrongType = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.constantFrom(1e308, -1e308, 0.5, -1, Number.MAX_SAFE_INTEGER + 2),
    nastyString(),
    fc.constant([]),
    fc.constant({}),
    fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  );

/** Values at and just past the schema's limits. */
function boundary(schema: JsonSchema, doc: SchemaDocument): fc.Arbitrary<unknown> {
  const resolved = resolve(schema, doc);
  const type = typeOf(resolved);
  if (type === 'string') {
    const max = resolved.maxLength ?? 1_000;
    return fc.constantFrom('x'.repeat(max), 'x'.repeat(max + 1), 'é'.repeat(max + 1), 'x'.repeat(20_000));
  }
  if (type === 'integer' || type === 'number') {
    const max = resolved.maximum ?? 2 ** 53;
    const min = resolved.minimum ?? -(2 ** 53);
    return fc.constantFrom(max, max + 1, min, min - 1, 1.5);
  }
  if (type === 'array' && resolved.items) {
    const max = resolved.maxItems ?? 1_000;
    return conforming(resolved.items, doc, MAX_DEPTH - 1).map((item) =>
      Array.from({ length: max + 1 }, () => item),
    );
  }
  return wrongType();
}

/** Keys that should never change behaviour: prototype names, long names, odd characters. */
const extraKey = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', '$where', 'k'.repeat(300), ''),
    fc.string({ maxLength: 12 }),
  );

function hostileObject(schema: JsonSchema, doc: SchemaDocument, depth: number): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const shape = Object.fromEntries(
    Object.entries(properties).map(([name, child]) => [name, hostile(child, doc, depth + 1)]),
  );
  const required = (schema.required ?? []).filter((name) => name in shape);
  return fc
    .tuple(
      // Sometimes every required field, sometimes a few missing.
      fc.oneof(
        { weight: 4, arbitrary: fc.record(shape, { requiredKeys: required }) },
        { weight: 1, arbitrary: fc.record(shape, { requiredKeys: [] }) },
      ),
      fc.oneof(
        { weight: 4, arbitrary: fc.constant([] as [string, unknown][]) },
        { weight: 1, arbitrary: fc.array(fc.tuple(extraKey(), wrongType()), { maxLength: 3 }) },
      ),
    )
    .map(([record, extras]) =>
      // fromEntries defines `__proto__` as an own property, so JSON.stringify sends it.
      Object.fromEntries([...Object.entries(record as object), ...extras]),
    );
}

/** Mostly conforming values, broken at some nodes: what fuzzing a route's input sends. */
export function hostile(schema: JsonSchema, doc: SchemaDocument, depth = 0): fc.Arbitrary<unknown> {
  const resolved = resolve(schema, doc);
  const alternatives = resolved.anyOf ?? resolved.oneOf;
  let structured: fc.Arbitrary<unknown>;
  if (depth >= MAX_DEPTH) {
    structured = conforming(resolved, doc, depth);
  } else if (alternatives) {
    structured = fc.oneof(...alternatives.map((option) => hostile(option, doc, depth + 1)));
  } else if (typeOf(resolved) === 'object' && resolved.properties) {
    structured = hostileObject(resolved, doc, depth);
  } else if (typeOf(resolved) === 'array' && resolved.items) {
    const maxLength = Math.min(resolved.maxItems ?? MAX_GENERATED_ITEMS, MAX_GENERATED_ITEMS);
    structured = fc.array(hostile(resolved.items, doc, depth + 1), { maxLength });
  } else {
    structured = conforming(resolved, doc, depth);
  }
  return fc.oneof(
    { weight: 8, arbitrary: structured },
    { weight: 1, arbitrary: wrongType() },
    { weight: 1, arbitrary: boundary(resolved, doc) },
    { weight: 1, arbitrary: typeOf(resolved) === 'string' ? nastyString() : wrongType() },
  );
}

/** `[[[[…]]]]`, `depth` levels deep, as JSON text (too deep to build as a value). */
export const deeplyNestedJson = (depth: number, open = '[', close = ']'): string =>
  `${open.repeat(depth)}${close.repeat(depth)}`;

/** `{"a":{"a":…{}}}`, `depth` levels deep, as JSON text. */
export const deeplyNestedObjectJson = (depth: number): string =>
  `${'{"a":'.repeat(depth)}{}${'}'.repeat(depth)}`;

/**
 * Lists are filled to their maximum up to this count: the whole suite stays within a couple
 * of minutes on DynamoDB Local, whose writes are far slower than DynamoDB's (a 5,000-line body
 * can outlast a function's timeout there).
 */
const LARGEST_LIST = 1_000;

/**
 * The largest value a schema allows, as far as it can be built: every optional field present,
 * every list at its maximum count of distinct items, every free-text string at its maximum
 * length. What a record built from it weighs is what the storage limits must hold.
 */
export function largest(schema: JsonSchema, doc: SchemaDocument, seed = 1, depth = 0): unknown {
  const resolved = resolve(schema, doc);
  const alternatives = resolved.anyOf ?? resolved.oneOf;
  if (alternatives?.length) return largest(alternatives[0]!, doc, seed, depth + 1);
  const type = typeOf(resolved);
  if (type === 'object') {
    return Object.fromEntries(
      Object.entries(resolved.properties ?? {}).map(([name, child], index) => [
        name,
        largest(child, doc, seed * 31 + index, depth + 1),
      ]),
    );
  }
  if (type === 'array' && resolved.items) {
    const count = depth > 2 ? 2 : Math.min(resolved.maxItems ?? 10, LARGEST_LIST);
    return fc.sample(conforming(resolved.items, doc, depth + 1), { numRuns: count, seed });
  }
  if (type === 'string' && !resolved.pattern && !resolved.format && !resolved.enum && resolved.maxLength) {
    // Vietnamese letters: three bytes each in UTF-8, the heaviest a name or an address gets.
    return 'ệ'.repeat(resolved.maxLength);
  }
  return fc.sample(conforming(resolved, doc, depth), { numRuns: 1, seed })[0];
}
