/**
 * zod schemas of the requests the engine accepts, built per model (the ranges depend on its
 * vocabulary and context), and {@link parseRequest}, which turns the first problem into an
 * `InvalidInputError` naming the field and its allowed range.
 */
import { z } from "zod";
import { InvalidInputError } from "../core/errors.js";
import type {
  BeamSearchRequest,
  BranchRequest,
  GenerateRequest,
  ScoreRequest,
  TokenSampler,
} from "../core/model.js";

/** The model limits the schemas check against. */
export interface RequestLimits {
  vocabularySize: number;
  contextSize: number;
  /** Largest `topLogprobs` accepted (20 unless raised at load time, at most the vocabulary). */
  maxTopLogprobs: number;
}

const integer = (field: string, min: number, max: number) =>
  z
    .number({ error: `${field} must be an integer from ${min} to ${max}` })
    .int({ error: `${field} must be an integer from ${min} to ${max}` })
    .min(min, { error: `${field} must be an integer from ${min} to ${max}` })
    .max(max, { error: `${field} must be an integer from ${min} to ${max}` });

const real = (field: string, min: number, max: number, minExclusive = false) => {
  const range = `${minExclusive ? `greater than ${min}` : `from ${min}`} ${minExclusive ? "and at most" : "to"} ${max}`;
  const base = z.number({ error: `${field} must be a number ${range}` });
  return (
    minExclusive
      ? base.gt(min, { error: `${field} must be a number ${range}` })
      : base.min(min, { error: `${field} must be a number ${range}` })
  ).max(max, { error: `${field} must be a number ${range}` });
};

const signal = z.custom<AbortSignal>((value) => value instanceof AbortSignal, {
  error: "signal must be an AbortSignal",
});

const chatMessage = z.object({
  role: z.enum(["system", "user", "assistant"], { error: 'role must be "system", "user" or "assistant"' }),
  content: z.string({ error: "content must be a string" }),
});

/** Largest allowed values of options whose range does not depend on the model. */
export const OPTION_LIMITS = {
  maxStopStrings: 16,
  maxTemperature: 100,
  maxRepeatPenalty: 10,
  maxBeamWidth: 64,
  maxLengthPenalty: 10,
  maxSeed: 2 ** 32 - 1,
} as const;

function samplingSchema(limits: RequestLimits) {
  return z
    .object({
      temperature: real("sampling.temperature", 0, OPTION_LIMITS.maxTemperature).optional(),
      topK: integer("sampling.topK", 0, limits.vocabularySize).optional(),
      topP: real("sampling.topP", 0, 1, true).optional(),
      minP: real("sampling.minP", 0, 1).optional(),
      typicalP: real("sampling.typicalP", 0, 1, true).optional(),
      repeatPenalty: real("sampling.repeatPenalty", 0, OPTION_LIMITS.maxRepeatPenalty, true).optional(),
      seed: integer("sampling.seed", 0, OPTION_LIMITS.maxSeed).optional(),
    })
    .strict();
}

function promptFields(limits: RequestLimits) {
  return {
    prompt: z.string({ error: "prompt must be a string" }).optional(),
    messages: z
      .array(chatMessage, { error: "messages must be an array of {role, content}" })
      .min(1, {
        error: "messages must hold at least 1 message",
      })
      .optional(),
    stop: z
      .array(z.string().min(1, { error: "stop strings must not be empty" }), {
        error: `stop must be an array of up to ${OPTION_LIMITS.maxStopStrings} strings`,
      })
      .max(OPTION_LIMITS.maxStopStrings, {
        error: `stop must be an array of up to ${OPTION_LIMITS.maxStopStrings} strings`,
      })
      .optional(),
    topLogprobs: integer("topLogprobs", 0, limits.maxTopLogprobs).optional(),
    signal: signal.optional(),
  };
}

const exactlyOnePrompt = (value: { prompt?: string | undefined; messages?: unknown[] | undefined }) =>
  (value.prompt === undefined) !== (value.messages === undefined);
const exactlyOnePromptIssue = {
  error: "give exactly one of prompt (a string) or messages (an array)",
  path: ["prompt"],
};

function generateFields(limits: RequestLimits) {
  return {
    ...promptFields(limits),
    maxTokens: integer("maxTokens", 0, limits.contextSize).optional(),
    sampling: samplingSchema(limits).optional(),
    logprobsMode: z
      .enum(["raw", "processed"], { error: 'logprobsMode must be "raw" or "processed"' })
      .optional(),
    responseFormat: z
      .union(
        [
          z.object({ type: z.literal("json_object") }).strict(),
          z
            .object({
              type: z.literal("json_schema"),
              schema: z.record(z.string(), z.unknown(), {
                error: "responseFormat.schema must be a JSON Schema object",
              }),
              name: z.string().optional(),
            })
            .strict(),
        ],
        { error: 'responseFormat must be {type: "json_object"} or {type: "json_schema", schema}' },
      )
      .optional(),
    sampler: z
      .custom<TokenSampler>((value) => typeof value === "function", {
        error: "sampler must be a function (step) => candidate index or {stop: true}",
      })
      .optional(),
  };
}

/** Schema of {@link GenerateRequest}. */
export function generateRequestSchema(limits: RequestLimits) {
  return z
    .object({ ...generateFields(limits), echo: z.boolean({ error: "echo must be a boolean" }).optional() })
    .strict()
    .refine(exactlyOnePrompt, exactlyOnePromptIssue);
}

/** Schema of {@link BranchRequest}. */
export function branchRequestSchema(limits: RequestLimits) {
  const tokenId = (field: string) => integer(field, 0, limits.vocabularySize - 1);
  return z
    .object({
      ...generateFields(limits),
      prefixTokens: z.array(tokenId("prefixTokens[]"), {
        error: "prefixTokens must be an array of token ids",
      }),
      forcedToken: tokenId("forcedToken"),
    })
    .strict()
    .refine(exactlyOnePrompt, exactlyOnePromptIssue);
}

/** Schema of {@link BeamSearchRequest}. */
export function beamSearchRequestSchema(limits: RequestLimits) {
  return z
    .object({
      ...promptFields(limits),
      width: integer("width", 1, OPTION_LIMITS.maxBeamWidth),
      maxTokens: integer("maxTokens", 1, limits.contextSize),
      lengthPenalty: real(
        "lengthPenalty",
        -OPTION_LIMITS.maxLengthPenalty,
        OPTION_LIMITS.maxLengthPenalty,
      ).optional(),
    })
    .strict()
    .refine(exactlyOnePrompt, exactlyOnePromptIssue);
}

/** Schema of {@link ScoreRequest}. */
export function scoreRequestSchema(limits: RequestLimits) {
  return z
    .object({
      text: z.string({ error: "text must be a string" }).min(1, { error: "text must not be empty" }),
      topLogprobs: integer("topLogprobs", 0, limits.maxTopLogprobs).optional(),
      windowSize: integer("windowSize", 2, limits.contextSize).optional(),
      stride: integer("stride", 1, limits.contextSize).optional(),
      onProgress: z
        .custom<(done: number, total: number) => void>((value) => typeof value === "function", {
          error: "onProgress must be a function",
        })
        .optional(),
      signal: signal.optional(),
    })
    .strict();
}

/** Request to score several whole texts, sharing their token prefixes (see score-shared-prefix.ts). */
export function scoreManyRequestSchema(limits: RequestLimits) {
  return z
    .object({
      texts: z
        .array(
          z.string({ error: "texts must hold strings" }).min(1, { error: "each text must not be empty" }),
          {
            error: "texts must be an array of strings",
          },
        )
        .min(1, { error: "texts must hold at least 1 text" }),
      topLogprobs: integer("topLogprobs", 0, limits.maxTopLogprobs).optional(),
      signal: signal.optional(),
    })
    .strict();
}

/** The allowed range quoted in an error message ("an integer from 0 to 20"), when there is one. */
function allowedOf(message: string): string | undefined {
  const match = / must (?:be |hold )?(.*)$/.exec(message);
  return match?.[1];
}

/**
 * `T` as the request types declare it: zod types an optional key as `key?: X | undefined`, while
 * core's request types (with `exactOptionalPropertyTypes`) say `key?: X` — absent, never undefined.
 */
export type Parsed<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly unknown[]
    ? T
    : T extends object
      ? { [K in keyof T]: Parsed<undefined extends T[K] ? Exclude<T[K], undefined> : T[K]> }
      : T;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** Levels of a request's own options (`sampling.topK`, `responseFormat.schema`); deeper values are JSON data. */
const OPTION_DEPTH = 3;

/**
 * `value` without the keys whose value is undefined, in it and in the plain objects it holds down
 * to {@link OPTION_DEPTH} levels (a caller may pass `{ x: undefined }`). Deeper values (a JSON
 * Schema's insides, which may nest thousands deep) and arrays and class instances (an
 * AbortSignal) stay as they are.
 */
function withoutUndefinedKeys<T>(value: T, depth = 0): Parsed<T> {
  if (!isPlainObject(value) || depth >= OPTION_DEPTH) return value as Parsed<T>;
  const entries = Object.entries(value).filter(([, entry]) => entry !== undefined);
  return Object.fromEntries(
    entries.map(([key, entry]) => [key, withoutUndefinedKeys(entry, depth + 1)]),
  ) as Parsed<T>;
}

/**
 * Parses a request with a schema; the first problem becomes an {@link InvalidInputError} whose
 * `field` is the dotted path ("sampling.topP", "messages.0.role") and whose message says the
 * allowed range. Keys whose value is undefined are dropped: absent and undefined mean the same.
 */
export function parseRequest<T>(schema: z.ZodType<T>, request: unknown): Parsed<T> {
  const result = schema.safeParse(request);
  if (result.success) return withoutUndefinedKeys(result.data);
  const issue = result.error.issues[0]!;
  const field = issue.path.map(String).join(".") || "request";
  let message = issue.message;
  if (issue.code === "unrecognized_keys") message = `unknown option(s): ${issue.keys.join(", ")}`;
  if (!message.includes(field.split(".").at(-1)!) && issue.code !== "unrecognized_keys")
    message = `${field}: ${message}`;
  throw new InvalidInputError(field, message, allowedOf(message));
}
