/**
 * The structured-output fields of the OpenAI APIs: chat's `response_format` and the Responses API's
 * `text.format` (`{"type": "text" | "json_object" | "json_schema", ...}`), both parsed to core's
 * {@link ResponseFormat} (`undefined` for plain text).
 */
import { z } from "zod";
import { schemaSizeProblem } from "../../core/json-schema-size.js";
import type { ResponseFormat } from "../../core/model.js";
import { nonEmptyString } from "./field-schemas.js";

const formatMessage = 'must be {"type": "text"}, {"type": "json_object"} or {"type": "json_schema", ...}';

/**
 * A JSON Schema: any JSON object within the caps on schema size and depth (the backend says which
 * keywords it can enforce). Checked here so that a streamed request is refused before it starts.
 */
const jsonSchemaObject = z
  .record(z.string(), z.unknown(), { error: "must be a JSON Schema object" })
  .superRefine((schema, context) => {
    const problem = schemaSizeProblem(schema);
    if (problem !== undefined) context.addIssue({ code: "custom", message: problem });
  });

function toFormat(value: {
  type: string;
  schema?: Record<string, unknown> | undefined;
  name?: string | undefined;
}) {
  if (value.type === "text") return undefined;
  if (value.type === "json_object") return { type: "json_object" } satisfies ResponseFormat;
  const format: ResponseFormat = { type: "json_schema", schema: value.schema ?? {} };
  if (value.name !== undefined) format.name = value.name;
  return format;
}

/** Chat's `response_format`: the schema sits in `json_schema: {name, schema, strict}`. */
export const chatResponseFormatSchema = z
  .discriminatedUnion(
    "type",
    [
      z.object({ type: z.literal("text") }),
      z.object({ type: z.literal("json_object") }),
      z.object({
        type: z.literal("json_schema"),
        json_schema: z.object(
          {
            name: nonEmptyString(),
            description: z.string().optional(),
            schema: jsonSchemaObject.optional(),
            strict: z.boolean({ error: "must be true or false" }).nullable().optional(),
          },
          { error: "must be an object {name, schema, strict}" },
        ),
      }),
    ],
    { error: formatMessage },
  )
  .nullable()
  .optional()
  .transform((value) =>
    value == null
      ? undefined
      : toFormat(value.type === "json_schema" ? { type: value.type, ...value.json_schema } : value),
  );

/** The Responses API's `text.format`: the schema sits beside `type`. */
export const responsesTextFormatSchema = z
  .discriminatedUnion(
    "type",
    [
      z.object({ type: z.literal("text") }),
      z.object({ type: z.literal("json_object") }),
      z.object({
        type: z.literal("json_schema"),
        name: nonEmptyString(),
        description: z.string().optional(),
        schema: jsonSchemaObject,
        strict: z.boolean({ error: "must be true or false" }).nullable().optional(),
      }),
    ],
    { error: formatMessage },
  )
  .nullable()
  .optional()
  .transform((value) => (value == null ? undefined : toFormat(value)));
