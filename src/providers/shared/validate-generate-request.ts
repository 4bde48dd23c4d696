/**
 * Checks a generate request at the provider's edge with zod, so a bad option fails before any
 * network call with an error that names the field and the allowed range.
 */
import { z } from "zod";
import { InvalidInputError, UnsupportedError } from "../../core/errors.js";
import type { GenerateRequest, ScoreRequest } from "../../core/model.js";

const nonNegativeInteger = (field: string) =>
  z
    .number({ error: `${field} must be a number` })
    .int({ error: `${field} must be an integer` })
    .min(0, { error: `${field} must be >= 0` });

const ChatMessageSchema = z.object({
  role: z.enum(["system", "user", "assistant"], { error: "role must be system, user or assistant" }),
  content: z.string({ error: "content must be a string" }),
});

const SamplingSchema = z
  .object({
    temperature: z.number().min(0, { error: "temperature must be >= 0" }).optional(),
    topK: nonNegativeInteger("topK").optional(),
    topP: z
      .number()
      .gt(0, { error: "topP must be in (0, 1]" })
      .max(1, { error: "topP must be in (0, 1]" })
      .optional(),
    minP: z
      .number()
      .min(0, { error: "minP must be in [0, 1]" })
      .max(1, { error: "minP must be in [0, 1]" })
      .optional(),
    typicalP: z
      .number()
      .gt(0, { error: "typicalP must be in (0, 1]" })
      .max(1, { error: "typicalP must be in (0, 1]" })
      .optional(),
    repeatPenalty: z.number().gt(0, { error: "repeatPenalty must be > 0" }).optional(),
    seed: z.number().int({ error: "seed must be an integer" }).optional(),
  })
  .optional();

const GenerateRequestSchema = z.object({
  prompt: z.string({ error: "prompt must be a string" }).optional(),
  messages: z
    .array(ChatMessageSchema)
    .min(1, { error: "messages must hold at least one message" })
    .optional(),
  maxTokens: nonNegativeInteger("maxTokens").optional(),
  stop: z.array(z.string()).optional(),
  sampling: SamplingSchema,
  topLogprobs: nonNegativeInteger("topLogprobs").optional(),
  logprobsMode: z.enum(["raw", "processed"], { error: "logprobsMode must be raw or processed" }).optional(),
  echo: z.boolean().optional(),
});

const ScoreRequestSchema = z.object({
  text: z.string({ error: "text must be a string" }).min(1, { error: "text must not be empty" }),
  topLogprobs: nonNegativeInteger("topLogprobs").optional(),
});

function fail(issue: z.core.$ZodIssue | undefined): never {
  const field = issue
    ? issue.path.map((key) => (typeof key === "number" ? `[${key}]` : String(key))).join(".")
    : "";
  throw new InvalidInputError(field.replace(/\.\[/g, "[") || "request", issue?.message ?? "invalid request");
}

/**
 * Validates the fields a provider sends; exactly one of `prompt` / `messages` must be present.
 *
 * @throws {InvalidInputError} naming the first bad field and its allowed range
 */
export function validateGenerateRequest(request: GenerateRequest): void {
  const result = GenerateRequestSchema.safeParse(request);
  if (!result.success) fail(result.error.issues[0]);
  if ((request.prompt === undefined) === (request.messages === undefined)) {
    throw new InvalidInputError("prompt", "give exactly one of prompt and messages", "prompt xor messages");
  }
  if (request.responseFormat !== undefined) {
    // Remote providers do not constrain decoding here (capabilities.structuredOutput is absent):
    // refused rather than answered with unconstrained text.
    throw new UnsupportedError(
      "responseFormat",
      "remote providers in logprobe do not support responseFormat (structured output); use the embedded engine",
    );
  }
}

/**
 * Validates a score request's text and top-k.
 *
 * @throws {InvalidInputError} naming the bad field
 */
export function validateScoreRequest(request: ScoreRequest): void {
  const result = ScoreRequestSchema.safeParse(request);
  if (!result.success) fail(result.error.issues[0]);
}
