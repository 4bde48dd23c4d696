/**
 * Turns a request's JSON Schema into the form node-llama-cpp's GBNF converter enforces exactly,
 * or refuses it: every keyword is either enforced by the grammar, an annotation with no effect on
 * validity (`title`, `description`, `default`, ...), or refused with an {@link InvalidInputError}
 * that names the keyword and its path. Nothing is silently ignored.
 *
 * Enforced (OpenAI's strict structured-output subset and a little more): `type` (one or a list),
 * `properties`, `required`, `additionalProperties` (false, true or a schema), `minProperties`,
 * `maxProperties`, `items`, `prefixItems`, `minItems`, `maxItems`, `enum`, `const` (any JSON
 * value), `anyOf`, a one-element `allOf`, `nullable`, `$ref` to `#`, `#/$defs/NAME` or
 * `#/definitions/NAME`, string `minLength`/`maxLength`, and `format` date, time and date-time.
 * Refused: numeric bounds (`minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`,
 * `multipleOf`), `pattern`, other formats, `uniqueItems: true`, `oneOf`, `not`, `if`, and every
 * keyword not listed here.
 *
 * The converter writes every declared property (so `required` always holds) and no undeclared
 * one unless `additionalProperties` allows it. Limits ({@link SCHEMA_LIMITS}) bound the work a
 * schema can cause: its size, nesting depth and enum values. Cost: O(size of the schema).
 */
import { InvalidInputError } from "../core/errors.js";
import { SCHEMA_SIZE_LIMITS, schemaSizeProblem } from "../core/json-schema-size.js";
import {
  annotations,
  anyJson,
  type ConverterSchema,
  formats,
  refused,
  typeKeywords,
} from "./json-schema-keywords.js";

/** Caps on what one schema may ask of the grammar builder (each refusal names its cap). */
export const SCHEMA_LIMITS = {
  ...SCHEMA_SIZE_LIMITS,
  /** `enum` and `const` values in the whole schema. */
  enumValues: 1000,
} as const;

export type { ConverterSchema } from "./json-schema-keywords.js";

const rootName = "logprobe_root";

interface Walk {
  field: string;
  enumValues: number;
  definitions: Record<string, unknown>;
  usedRoot: boolean;
}

function pointer(path: readonly string[]): string {
  return `#${path.map((segment) => `/${segment.replace(/~/g, "~0").replace(/\//g, "~1")}`).join("")}`;
}

function refuse(walk: Walk, path: readonly string[], keyword: string, reason: string): never {
  const at = [...path, keyword];
  throw new InvalidInputError(
    [walk.field, ...at].join("."),
    `the keyword "${keyword}" at ${pointer(path)} cannot be enforced: ${reason}`,
    "a JSON Schema whose keywords the grammar enforces (type, properties, required, additionalProperties, items, prefixItems, enum, const, anyOf, $ref to $defs or definitions, minLength, maxLength, minItems, maxItems, format date/time/date-time)",
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function countValues(walk: Walk, path: readonly string[], keyword: string, count: number): void {
  walk.enumValues += count;
  if (walk.enumValues > SCHEMA_LIMITS.enumValues) {
    refuse(
      walk,
      path,
      keyword,
      `the schema has more than ${SCHEMA_LIMITS.enumValues} enum and const values (the cap on enum values)`,
    );
  }
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** A JSON literal as a schema the converter writes exactly (objects and arrays spelled out). */
function literal(value: unknown, walk: Walk, path: readonly string[], depth: number): ConverterSchema {
  if (depth > SCHEMA_LIMITS.depth)
    refuse(walk, path, "const", `values nest deeper than ${SCHEMA_LIMITS.depth} levels (the cap on depth)`);
  if (Array.isArray(value)) {
    return {
      type: "array",
      prefixItems: value.map((item) => literal(item, walk, path, depth + 1)),
      minItems: value.length,
      maxItems: value.length,
    };
  }
  if (isObject(value)) {
    const properties: Record<string, ConverterSchema> = {};
    for (const [key, item] of Object.entries(value)) properties[key] = literal(item, walk, path, depth + 1);
    return { type: "object", properties, additionalProperties: false };
  }
  if (typeof value === "number" && !Number.isFinite(value))
    refuse(walk, path, "const", "a value is not a finite number");
  return { const: value };
}

function definitionName(walk: Walk, path: readonly string[], ref: unknown): string {
  if (typeof ref !== "string") refuse(walk, path, "$ref", "it must be a string");
  if (ref === "#") {
    walk.usedRoot = true;
    return rootName;
  }
  const match = /^#\/(\$defs|definitions)\/([^/]+)$/.exec(ref);
  if (!match)
    refuse(
      walk,
      path,
      "$ref",
      `only "#", "#/$defs/NAME" and "#/definitions/NAME" are supported, not ${JSON.stringify(ref).slice(0, 80)}`,
    );
  const name = match[2]!.replace(/~1/g, "/").replace(/~0/g, "~");
  if (!Object.hasOwn(walk.definitions, name))
    refuse(walk, path, "$ref", `no definition named ${JSON.stringify(name).slice(0, 80)}`);
  return `d_${name}`;
}

function node(schema: unknown, walk: Walk, path: readonly string[], depth: number): ConverterSchema {
  if (depth > SCHEMA_LIMITS.depth) {
    throw new InvalidInputError(
      [walk.field, ...path].join("."),
      `the schema nests deeper than ${SCHEMA_LIMITS.depth} levels at ${pointer(path)} (the cap on depth)`,
      `a schema at most ${SCHEMA_LIMITS.depth} levels deep`,
    );
  }
  if (schema === true) return anyJson;
  if (!isObject(schema)) {
    throw new InvalidInputError(
      [walk.field, ...path].join("."),
      `the subschema at ${pointer(path)} must be a JSON Schema object or true`,
      "a JSON Schema object",
    );
  }
  const keys = Object.keys(schema).filter(
    (key) => !annotations.has(key) && key !== "$defs" && key !== "definitions",
  );
  for (const key of keys)
    if (refused.has(key) && !(key === "uniqueItems" && schema[key] === false))
      refuse(walk, path, key, refused.get(key)!);
  if (depth > 0 && (Object.hasOwn(schema, "$defs") || Object.hasOwn(schema, "definitions"))) {
    refuse(
      walk,
      path,
      Object.hasOwn(schema, "$defs") ? "$defs" : "definitions",
      "definitions are supported at the root of the schema only",
    );
  }
  const rest = keys.filter((key) => key !== "nullable" && key !== "uniqueItems");
  const nullable = schema.nullable === true;
  const wrap = (inner: ConverterSchema) => (nullable ? { oneOf: [inner, { type: "null" }] } : inner);
  const only = (keyword: string, allowed: readonly string[]) => {
    for (const key of rest)
      if (key !== keyword && !allowed.includes(key))
        refuse(walk, path, key, `it cannot be combined with ${keyword} here`);
  };
  if (Object.hasOwn(schema, "$ref")) {
    only("$ref", []);
    return wrap({ $ref: `#/$defs/${definitionName(walk, path, schema.$ref)}` });
  }
  if (Object.hasOwn(schema, "anyOf")) {
    only("anyOf", []);
    const options = schema.anyOf;
    if (!Array.isArray(options) || options.length === 0)
      refuse(walk, path, "anyOf", "it must be a non-empty array of schemas");
    return wrap({
      oneOf: options.map((option, index) => node(option, walk, [...path, "anyOf", String(index)], depth + 1)),
    });
  }
  if (Object.hasOwn(schema, "allOf")) {
    only("allOf", []);
    const parts = schema.allOf;
    if (!Array.isArray(parts) || parts.length !== 1)
      refuse(
        walk,
        path,
        "allOf",
        "only a one-element allOf can be enforced (an intersection of several schemas cannot)",
      );
    return wrap(node(parts[0], walk, [...path, "allOf", "0"], depth + 1));
  }
  const declared = schema.type;
  const types = declared === undefined ? undefined : Array.isArray(declared) ? declared : [declared];
  if (
    types !== undefined &&
    (types.length === 0 ||
      types.some((type) => typeof type !== "string" || !Object.hasOwn(typeKeywords, type)))
  ) {
    refuse(
      walk,
      path,
      "type",
      "it must be one of string, number, integer, boolean, null, object, array, or a non-empty list of them",
    );
  }
  if (Object.hasOwn(schema, "enum") || Object.hasOwn(schema, "const")) {
    const keyword = Object.hasOwn(schema, "const") ? "const" : "enum";
    only(keyword, ["type"]);
    const values = keyword === "const" ? [schema.const] : schema.enum;
    if (!Array.isArray(values) || values.length === 0)
      refuse(walk, path, "enum", "it must be a non-empty array");
    countValues(walk, path, keyword, values.length);
    const typed = types as string[] | undefined;
    for (const value of values) {
      const type = typeOf(value);
      if (typed && !typed.includes(type) && !(type === "integer" && typed.includes("number"))) {
        refuse(
          walk,
          path,
          keyword,
          `the value ${JSON.stringify(value).slice(0, 40)} is not of the declared type ${typed.join(" or ")}`,
        );
      }
    }
    const literals = values.map((value) => literal(value, walk, [...path, keyword], depth + 1));
    return wrap(literals.length === 1 ? literals[0]! : { oneOf: literals });
  }
  // Without a type, the keywords present say which one (JSON Schema allows other types then; a
  // value of the implied type is valid whichever way).
  const implied =
    types ??
    Object.keys(typeKeywords).filter((type) => typeKeywords[type]!.some((key) => rest.includes(key)));
  for (const key of rest) {
    if (key !== "type" && !implied.some((type) => typeKeywords[type]!.includes(key))) {
      refuse(
        walk,
        path,
        key,
        Object.values(typeKeywords).some((list) => list.includes(key))
          ? `it does not apply to type ${implied.join(" or ") || "(none)"}`
          : "it is not a keyword the grammar converter knows",
      );
    }
  }
  if (implied.length === 0) return wrap(anyJson);
  if (implied.length > 1 && types === undefined) {
    refuse(walk, path, rest[0]!, `keywords of several types (${implied.join(", ")}) without a "type"`);
  }
  const branches = implied.map((type) => typed(type, schema, walk, path, depth));
  return wrap(branches.length === 1 ? branches[0]! : { oneOf: branches });
}

function bound(
  walk: Walk,
  path: readonly string[],
  schema: Record<string, unknown>,
  key: string,
): number | undefined {
  const value = schema[key];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0)
    refuse(walk, path, key, "it must be a non-negative integer");
  return value;
}

function typed(
  type: string,
  schema: Record<string, unknown>,
  walk: Walk,
  path: readonly string[],
  depth: number,
): ConverterSchema {
  const out: ConverterSchema = { type };
  if (type === "string") {
    const minLength = bound(walk, path, schema, "minLength");
    const maxLength = bound(walk, path, schema, "maxLength");
    if (minLength !== undefined && maxLength !== undefined && maxLength < minLength)
      refuse(walk, path, "maxLength", "it is below minLength");
    if (schema.format !== undefined) {
      if (typeof schema.format !== "string" || !formats.has(schema.format))
        refuse(walk, path, "format", "only the formats date, time and date-time can be enforced");
      if (minLength !== undefined || maxLength !== undefined)
        refuse(walk, path, "format", "it cannot be combined with minLength or maxLength");
      out.format = schema.format;
    }
    if (minLength !== undefined) out.minLength = minLength;
    if (maxLength !== undefined) out.maxLength = maxLength;
  } else if (type === "object") {
    const properties = schema.properties ?? {};
    if (!isObject(properties)) refuse(walk, path, "properties", "it must be an object of schemas");
    const required = schema.required ?? [];
    if (!Array.isArray(required) || required.some((name) => typeof name !== "string"))
      refuse(walk, path, "required", "it must be an array of property names");
    const additional = schema.additionalProperties;
    for (const name of required as string[]) {
      if (!Object.hasOwn(properties, name) && (additional === undefined || additional === false)) {
        refuse(
          walk,
          path,
          "required",
          `it names ${JSON.stringify(name).slice(0, 80)}, which properties does not define`,
        );
      }
    }
    const converted: Record<string, ConverterSchema> = {};
    for (const [name, value] of Object.entries(properties))
      converted[name] = node(value, walk, [...path, "properties", name], depth + 1);
    out.properties = converted;
    if (additional === true) out.additionalProperties = true;
    else if (additional !== undefined && additional !== false)
      out.additionalProperties = node(additional, walk, [...path, "additionalProperties"], depth + 1);
    const minProperties = bound(walk, path, schema, "minProperties");
    const maxProperties = bound(walk, path, schema, "maxProperties");
    const declaredCount = Object.keys(converted).length;
    if (maxProperties !== undefined && maxProperties < declaredCount)
      refuse(
        walk,
        path,
        "maxProperties",
        `every declared property is written, so it must be at least ${declaredCount}`,
      );
    if (
      minProperties !== undefined &&
      minProperties > declaredCount &&
      out.additionalProperties === undefined
    )
      refuse(walk, path, "minProperties", "it asks for more properties than the schema allows");
    if (minProperties !== undefined) out.minProperties = minProperties;
    if (maxProperties !== undefined) out.maxProperties = maxProperties;
  } else if (type === "array") {
    const items = schema.items;
    let prefix = schema.prefixItems;
    let rest: unknown = items;
    if (Array.isArray(items)) {
      if (prefix !== undefined)
        refuse(walk, path, "items", "an items array cannot be combined with prefixItems");
      prefix = items;
      rest = false;
    }
    if (prefix !== undefined) {
      if (!Array.isArray(prefix)) refuse(walk, path, "prefixItems", "it must be an array of schemas");
      out.prefixItems = prefix.map((item, index) =>
        node(item, walk, [...path, "prefixItems", String(index)], depth + 1),
      );
    }
    const minItems = bound(walk, path, schema, "minItems");
    let maxItems = bound(walk, path, schema, "maxItems");
    if (rest === false)
      maxItems = Math.min(
        maxItems ?? Number.POSITIVE_INFINITY,
        (prefix as unknown[] | undefined)?.length ?? 0,
      );
    else if (rest !== undefined) out.items = node(rest, walk, [...path, "items"], depth + 1);
    if (minItems !== undefined && maxItems !== undefined && maxItems < minItems)
      refuse(walk, path, "maxItems", "it is below minItems");
    if (minItems !== undefined) out.minItems = minItems;
    if (maxItems !== undefined) out.maxItems = maxItems;
  }
  return out;
}

/**
 * `schema` in the converter's form, or an {@link InvalidInputError} naming `field` plus the path of
 * the keyword that cannot be enforced (or the cap that was passed).
 */
export function toEnforceableSchema(schema: Record<string, unknown>, field: string): ConverterSchema {
  const problem = schemaSizeProblem(schema);
  if (problem !== undefined) {
    throw new InvalidInputError(
      field,
      problem,
      `a schema of at most ${SCHEMA_LIMITS.schemaBytes} bytes and ${SCHEMA_LIMITS.depth} levels`,
    );
  }
  const definitions: Record<string, unknown> = {};
  for (const key of ["$defs", "definitions"] as const) {
    const group = schema[key];
    if (group === undefined) continue;
    if (!isObject(group))
      throw new InvalidInputError(
        `${field}.${key}`,
        `${key} must be an object of schemas`,
        "an object of schemas",
      );
    for (const [name, value] of Object.entries(group)) {
      if (Object.hasOwn(definitions, name))
        throw new InvalidInputError(
          `${field}.${key}.${name}`,
          `the definition ${JSON.stringify(name).slice(0, 80)} is in both $defs and definitions`,
          "one definition per name",
        );
      definitions[name] = value;
    }
  }
  const walk: Walk = { field, enumValues: 0, definitions, usedRoot: false };
  const converted = node(schema, walk, [], 0);
  const defs: Record<string, ConverterSchema> = {};
  for (const [name, value] of Object.entries(definitions)) {
    const group = Object.hasOwn(schema.$defs ?? {}, name) ? "$defs" : "definitions";
    defs[`d_${name}`] = node(value, walk, [group, name], 1);
  }
  if (walk.usedRoot) defs[rootName] = converted;
  if (Object.keys(defs).length === 0) return converted;
  if (walk.usedRoot) return { $ref: `#/$defs/${rootName}`, $defs: defs };
  return { ...converted, $defs: defs };
}
