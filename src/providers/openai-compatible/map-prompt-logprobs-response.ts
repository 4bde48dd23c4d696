/**
 * Maps a vLLM response to a `prompt_logprobs` scoring request to the scored text's token sequence,
 * using src/wire's vLLM parser. vLLM's first position is `null` and carries no token text: it is
 * what the later tokens leave of the scored text, or nothing when it is a BOS token (then dropped,
 * and the first text token is BOS-conditioned).
 */
import { normalizeSequence } from "../../core/analysis/normalize-sequence.js";
import { InvalidInputError } from "../../core/errors.js";
import type { LogprobSequence, Provenance, TokenLogprob } from "../../core/types.js";
import { parseWithSchema } from "../../wire/index.js";
import { VllmResponseSchema, vllmPromptTokens } from "../../wire/vllm-prompt-logprobs.js";

const encoder = new TextEncoder();

/**
 * @param value the parsed JSON response of a request with `prompt_logprobs: k`
 * @param context provenance to stamp and the scored text
 * @throws {InvalidInputError} naming the JSON path when the response lacks prompt logprobs or the
 *   prompt token of a position cannot be told
 */
export function mapPromptLogprobsResponse(
  value: unknown,
  context: { provenance: Provenance; text: string },
): LogprobSequence {
  const response = parseWithSchema(VllmResponseSchema, value);
  const choice = response.choices[0];
  const onChoice = choice?.prompt_logprobs !== undefined && choice?.prompt_logprobs !== null;
  const list = onChoice ? choice?.prompt_logprobs : response.prompt_logprobs;
  const path = onChoice ? "choices[0].prompt_logprobs" : "prompt_logprobs";
  if (!list) throw new InvalidInputError(path, "is missing: the server does not support prompt_logprobs");
  const tokenIds = choice?.prompt_token_ids ?? response.prompt_token_ids;
  const tokens: TokenLogprob[] = vllmPromptTokens(list, { tokenIds, path });
  const laterLength = tokens.reduce((sum, token) => sum + token.token.length, 0);
  const firstText = context.text.slice(0, Math.max(0, context.text.length - laterLength));
  if (list[0] === null && firstText !== "") {
    const first: TokenLogprob = {
      token: firstText,
      bytes: Array.from(encoder.encode(firstText)),
      logprob: null,
      top: [],
      prompt: true,
    };
    const firstId = tokenIds?.[0];
    if (firstId !== undefined) first.id = firstId;
    tokens.unshift(first);
  }
  const provenance: Provenance = {
    ...context.provenance,
    ...(response.model ? { model: response.model } : {}),
  };
  return normalizeSequence({ tokens, text: context.text, provenance });
}
