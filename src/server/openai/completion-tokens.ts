/**
 * The tokens of one legacy completion choice, ready for wire's `toOpenAICompletionLogprobs`: the
 * echoed prompt tokens (when `echo`) then the generated ones, with `text_offset`s into the choice's
 * text base (prompt + completion) and at most `k` alternatives each
 * (the chosen token's own alternative carrying exactly its logprob).
 */
import type { GenerateResult } from "../../core/model.js";
import type { TokenLogprob } from "../../core/types.js";
import { withChosenLogprob } from "./chosen-token-logprob.js";

/** Keeps the `k` most probable alternatives and shifts the text offset by `offsetBase`. */
function adjust(token: TokenLogprob, k: number, offsetBase: number, fallbackOffset: number): TokenLogprob {
  return { ...withChosenLogprob(token, k), textOffset: offsetBase + (token.textOffset ?? fallbackOffset) };
}

/** Re-bases a run of tokens: offsets start at `offsetBase`, alternatives trimmed to `k`. */
export function rebaseTokens(tokens: readonly TokenLogprob[], k: number, offsetBase: number): TokenLogprob[] {
  let running = 0;
  return tokens.map((token) => {
    const record = adjust(token, k, offsetBase, running);
    running = (token.textOffset ?? running) + token.token.length;
    return record;
  });
}

/**
 * Echoed prompt tokens in OpenAI's convention: the first one has `null` logprob and no
 * alternatives (the API treats it as unconditioned, even when the model saw a BOS token before it).
 * Offsets index the prompt as the client sent it: when the model's decoded prompt carries extra
 * leading text (the space a SentencePiece tokenizer adds), offsets move back by its length.
 */
export function echoedPromptTokens(result: GenerateResult, k: number, prompt: string): TokenLogprob[] {
  const decoded = result.prompt?.text;
  const shift =
    decoded !== undefined && decoded.length > prompt.length && decoded.endsWith(prompt)
      ? decoded.length - prompt.length
      : 0;
  const tokens = rebaseTokens(result.prompt?.tokens ?? [], k, -shift).map((token) => ({
    ...token,
    textOffset: Math.max(0, token.textOffset ?? 0),
  }));
  const first = tokens[0];
  if (first) tokens[0] = { ...first, logprob: null, top: [] };
  return tokens;
}

/**
 * All tokens of a choice: echoed prompt tokens when `echo`, then the generated tokens with offsets
 * that start after the prompt text (`prompt.length`), as OpenAI reports them with or without echo.
 */
export function completionChoiceTokens(
  result: GenerateResult,
  options: { prompt: string; echo: boolean; k: number },
): TokenLogprob[] {
  const generated = rebaseTokens(result.sequence.tokens, options.k, options.prompt.length);
  return options.echo ? [...echoedPromptTokens(result, options.k, options.prompt), ...generated] : generated;
}
