/**
 * One logprob per token: when the chosen token also appears among its position's alternatives,
 * the alternative gets exactly the token's own logprob. Backends may compute the two from
 * different precisions (e.g. float64 target logprob, float32 top-k), and clients compare them
 * for equality: lm-evaluation-harness decides `is_greedy` by `token_logprob == max(top_logprobs)`.
 */
import type { TokenLogprob, TopAlternative } from "../../core/types.js";

function isSameToken(alternative: TopAlternative, token: TokenLogprob): boolean {
  if (alternative.id !== undefined && token.id !== undefined) return alternative.id === token.id;
  return alternative.token === token.token;
}

/**
 * The token with at most `k` alternatives, the chosen one's logprob made identical to the token's.
 * Cost: O(k).
 */
export function withChosenLogprob(token: TokenLogprob, k: number = token.top.length): TokenLogprob {
  const logprob = token.logprob;
  const top = token.top
    .slice(0, k)
    .map((alternative) =>
      logprob !== null && alternative.logprob !== logprob && isSameToken(alternative, token)
        ? { ...alternative, logprob }
        : alternative,
    );
  return { ...token, top };
}
