/**
 * The JSON Schema keywords as the grammar converter sees them (see enforceable-json-schema.ts):
 * annotations (no effect on validity), keywords refused with the reason, the keywords each type
 * enforces, the string formats it can write, and "any JSON value" in the converter's form.
 */
/** A schema node in node-llama-cpp's converter's form (GbnfJsonSchema). */
export type ConverterSchema = Record<string, unknown>;

/** Keywords that do not change which values are valid. */
export const annotations = new Set([
  "title",
  "description",
  "$schema",
  "$id",
  "$comment",
  "examples",
  "default",
  "deprecated",
  "readOnly",
  "writeOnly",
  "strict",
]);

/** Keywords the grammar cannot enforce, with the reason given in the refusal. */
export const refused = new Map<string, string>([
  ["minimum", "numeric bounds cannot be expressed in the grammar"],
  ["maximum", "numeric bounds cannot be expressed in the grammar"],
  ["exclusiveMinimum", "numeric bounds cannot be expressed in the grammar"],
  ["exclusiveMaximum", "numeric bounds cannot be expressed in the grammar"],
  ["multipleOf", "numeric bounds cannot be expressed in the grammar"],
  ["pattern", "regular expressions cannot be expressed in the grammar"],
  ["oneOf", "a grammar cannot check that exactly one alternative matches (use anyOf)"],
  ["not", "negation cannot be expressed in the grammar"],
  ["if", "conditional schemas cannot be expressed in the grammar"],
  ["then", "conditional schemas cannot be expressed in the grammar"],
  ["else", "conditional schemas cannot be expressed in the grammar"],
  ["patternProperties", "regular expressions cannot be expressed in the grammar"],
  ["propertyNames", "constraints on property names cannot be expressed in the grammar"],
  ["contains", "contains cannot be expressed in the grammar"],
  ["minContains", "contains cannot be expressed in the grammar"],
  ["maxContains", "contains cannot be expressed in the grammar"],
  ["uniqueItems", "uniqueness cannot be expressed in the grammar"],
  ["dependentRequired", "dependencies cannot be expressed in the grammar"],
  ["dependentSchemas", "dependencies cannot be expressed in the grammar"],
  ["dependencies", "dependencies cannot be expressed in the grammar"],
  ["unevaluatedProperties", "unevaluated properties cannot be expressed in the grammar"],
  ["unevaluatedItems", "unevaluated items cannot be expressed in the grammar"],
  ["additionalItems", "additionalItems cannot be expressed in the grammar (use prefixItems and items)"],
]);

/** The keywords each type enforces. */
export const typeKeywords: Record<string, readonly string[]> = {
  string: ["minLength", "maxLength", "format"],
  number: [],
  integer: [],
  boolean: [],
  null: [],
  object: ["properties", "required", "additionalProperties", "minProperties", "maxProperties"],
  array: ["items", "prefixItems", "minItems", "maxItems"],
};
/** String formats node-llama-cpp's converter writes (GbnfFormatString). */
export const formats = new Set(["date", "time", "date-time"]);
/** Any JSON value, in the converter's form. */
export const anyJson: ConverterSchema = {
  oneOf: [
    { type: ["string", "number", "boolean", "null"] },
    { type: "object", additionalProperties: true },
    { type: "array" },
  ],
};
