/**
 * vLLM's `prompt_logprobs` extension (parse only): a list with one entry per prompt token, `null`
 * for the first (nothing conditions it), then dicts keyed by token id,
 * `{"<id>": {logprob, rank, decoded_token}}`, holding the prompt token and the top-k alternatives.
 * It sits on each choice of `/v1/completions` and at the top level of `/v1/chat/completions`.
 *
 * Which entry is the prompt token? A JSON object's key order does not survive JSON.parse for
 * integer keys, so it is found, in order, from: `prompt_token_ids` (choice or response level, sent
 * with `return_token_ids: true`); a dict of one entry; or ranks: the top-k have ranks 1..k, so when
 * the ranks are not exactly 1..n the single entry ranked >= n is the prompt token.
 */
import { z } from "zod";
import { normalizeSequence } from "../core/analysis/normalize-sequence.js";
import { InvalidInputError } from "../core/errors.js";
import type { LogprobSequence, Provenance, TokenLogprob, TopAlternative } from "../core/types.js";
import { LogprobNumberSchema } from "./logprob-schema.js";
import { OpenAIChatLogprobsSchema } from "./openai-chat.js";
import { completionLogprobsToTokens, OpenAICompletionLogprobsSchema } from "./openai-completion.js";
import { invalidChoice, missingLogprobs } from "./response-errors.js";
import { utf8Bytes } from "./token-bytes.js";
import { entriesToTokens } from "./token-entry.js";
import { parseWithSchema } from "./validate.js";

/** One `{logprob, rank, decoded_token}` value of a prompt-logprobs dict. */
export const VllmLogprobSchema = z.object({
  logprob: LogprobNumberSchema,
  rank: z.number().int().min(1).nullable().optional(),
  decoded_token: z.string().nullable().optional(),
});

/** The `prompt_logprobs` list: `null` or a dict keyed by token id per prompt position. */
export const VllmPromptLogprobsSchema = z.array(
  z
    .record(
      z.string().regex(/^\d+$/, { error: "keys must be token ids (non-negative integers)" }),
      VllmLogprobSchema,
    )
    .nullable(),
);

const TokenIdsSchema = z.array(z.number().int().min(0)).nullable().optional();

/** A vLLM completions or chat response carrying `prompt_logprobs` (choice or top level). */
export const VllmResponseSchema = z.object({
  id: z.string().optional(),
  object: z.enum(["text_completion", "chat.completion"]),
  model: z.string().optional(),
  prompt_logprobs: VllmPromptLogprobsSchema.nullable().optional(),
  prompt_token_ids: TokenIdsSchema,
  choices: z
    .array(
      z.object({
        index: z.number().int().min(0),
        text: z.string().optional(),
        logprobs: z.union([OpenAICompletionLogprobsSchema, OpenAIChatLogprobsSchema]).nullable().optional(),
        prompt_logprobs: VllmPromptLogprobsSchema.nullable().optional(),
        prompt_token_ids: TokenIdsSchema,
      }),
    )
    .min(1, { error: "needs at least one choice" }),
  usage: z
    .object({ prompt_tokens: z.number().int().min(0) })
    .nullable()
    .optional(),
});

type VllmDict = Record<string, z.output<typeof VllmLogprobSchema>>;

/** The id of the prompt token in one position's dict (see the module comment), or undefined. */
function promptTokenId(dict: VllmDict, knownId: number | undefined): string | undefined {
  const ids = Object.keys(dict);
  if (knownId !== undefined && String(knownId) in dict) return String(knownId);
  if (ids.length === 1) return ids[0];
  const n = ids.length;
  const ranks = ids.map((id) => dict[id]?.rank ?? Number.NaN);
  const sorted = [...ranks].sort((a, b) => a - b);
  if (sorted.every((rank, index) => rank === index + 1)) return undefined;
  const candidates = ids.filter((_, index) => (ranks[index] ?? 0) >= n);
  return candidates.length === 1 ? candidates[0] : undefined;
}

function textOf(value: z.output<typeof VllmLogprobSchema>): string {
  return value.decoded_token ?? "";
}

/**
 * Core tokens (not yet normalised) of a validated `prompt_logprobs` list, all with `prompt: true`.
 * The first position (always `null`) is kept only when `firstToken` names its text.
 * @throws {InvalidInputError} naming `path[i]` when the prompt token of a position cannot be told
 */
export function vllmPromptTokens(
  list: z.output<typeof VllmPromptLogprobsSchema>,
  options: { tokenIds?: readonly number[] | null | undefined; firstToken?: string; path: string },
): TokenLogprob[] {
  const tokens: TokenLogprob[] = [];
  list.forEach((dict, position) => {
    const knownId = options.tokenIds?.[position];
    if (dict === null) {
      if (position !== 0)
        throw new InvalidInputError(
          `${options.path}[${position}]`,
          "is null but only the first position may be",
        );
      if (options.firstToken === undefined) return;
      const first: TokenLogprob = {
        token: options.firstToken,
        bytes: utf8Bytes(options.firstToken),
        logprob: null,
        top: [],
        prompt: true,
      };
      if (knownId !== undefined) first.id = knownId;
      tokens.push(first);
      return;
    }
    const chosenId = promptTokenId(dict, knownId);
    const chosen = chosenId === undefined ? undefined : dict[chosenId];
    if (chosenId === undefined || !chosen) {
      throw new InvalidInputError(
        `${options.path}[${position}]`,
        "cannot tell which entry is the prompt token (its rank is within the top-k and no token ids were sent)",
        "a response with prompt_token_ids (request return_token_ids: true)",
      );
    }
    const entries = Object.entries(dict);
    const contiguous = entries
      .map(([, value]) => value.rank ?? Number.NaN)
      .sort((a, b) => a - b)
      .every((rank, index) => rank === index + 1);
    const top: TopAlternative[] = entries
      .filter(([id]) => contiguous || id !== chosenId)
      .map(([id, value]) => ({
        token: textOf(value),
        logprob: value.logprob,
        bytes: utf8Bytes(textOf(value)),
        id: Number(id),
      }));
    const token: TokenLogprob = {
      token: textOf(chosen),
      bytes: utf8Bytes(textOf(chosen)),
      id: Number(chosenId),
      logprob: chosen.logprob,
      top,
      prompt: true,
    };
    if (chosen.rank !== undefined && chosen.rank !== null) token.rank = chosen.rank;
    tokens.push(token);
  });
  return tokens;
}

/**
 * Parses a vLLM response with `prompt_logprobs` into one normalised sequence: the prompt tokens
 * (`prompt: true`), then the generated tokens of the choice's `logprobs` when present (legacy or
 * chat shape; echoed prompt tokens are not repeated). Source "vllm", distribution "top-k".
 */
export function fromVllmResponse(value: unknown, options: { choice?: number } = {}): LogprobSequence {
  const response = parseWithSchema(VllmResponseSchema, value);
  const choiceIndex = options.choice ?? 0;
  const choice = response.choices[choiceIndex];
  if (!choice) throw invalidChoice(choiceIndex, response.choices.length);
  const onChoice = choice.prompt_logprobs !== undefined && choice.prompt_logprobs !== null;
  const list = onChoice ? choice.prompt_logprobs : response.prompt_logprobs;
  const path = onChoice ? `choices[${choiceIndex}].prompt_logprobs` : "prompt_logprobs";
  if (!list) throw missingLogprobs(`choices[${choiceIndex}].prompt_logprobs`);
  const generated = choice.logprobs;
  const echoed =
    generated && "tokens" in generated && generated.token_logprobs[0] === null ? generated : undefined;
  const firstToken = echoed?.tokens[0];
  const promptTokens = vllmPromptTokens(list, {
    tokenIds: choice.prompt_token_ids ?? response.prompt_token_ids,
    path,
    ...(firstToken === undefined ? {} : { firstToken }),
  });
  const tokens = [...promptTokens];
  if (generated && "tokens" in generated) {
    tokens.push(...completionLogprobsToTokens(generated).slice(echoed ? list.length : 0));
  } else if (generated) {
    tokens.push(...entriesToTokens(generated.content ?? []));
  }
  const provenance: Provenance = { source: "vllm", distribution: "top-k" };
  if (response.model !== undefined) provenance.model = response.model;
  return normalizeSequence({ tokens, text: tokens.map((token) => token.token).join(""), provenance });
}
