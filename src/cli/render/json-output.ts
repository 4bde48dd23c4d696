/**
 * The JSON shape shared by `analyze --json` and `generate --json`: the tokens with probability and
 * top alternatives, and a summary over the tokens whose logprob is known.
 *
 * ```json
 * {"format": "...",
 *  "tokens": [{"token": "...", "bytes": [44], "logprob": -0.03, "prob": 0.97,
 *              "top": [{"token": "...", "bytes": [44], "logprob": -0.03}]}],
 *  "summary": {"tokenCount": 1, "meanLogprob": -0.03, "minLogprob": -0.03, "perplexity": 1.03, "jointLogprob": -0.03}}
 * ```
 */
import { summarizeSequence } from "../../core/analysis/summarize-sequence.js";
import type { TokenLogprob } from "../../core/types.js";

const encoder = new TextEncoder();

/** One token in the JSON output. */
export interface TokenJson {
  token: string;
  /**
   * The token's exact UTF-8 bytes, as OpenAI's chat format carries them: a token that holds part of
   * a multi-byte character (byte-level BPE: emoji, CJK) has text with U+FFFD but exact bytes.
   */
  bytes: number[];
  /** Natural-log probability (nats), `null` when unknown. */
  logprob: number | null;
  /** `exp(logprob)`, `null` when unknown. */
  prob: number | null;
  /** Top alternatives, most probable first. */
  top: { token: string; bytes: number[]; logprob: number }[];
}

/** The summary in the JSON output, over the tokens whose logprob is known. */
export interface SummaryJson {
  tokenCount: number;
  /** Mean logprob (nats per token), `null` when no token is scored. */
  meanLogprob: number | null;
  /** Smallest logprob (nats), `null` when no token is scored. */
  minLogprob: number | null;
  /** `exp(-meanLogprob)`, `null` when no token is scored. */
  perplexity: number | null;
  /** Sum of the logprobs (nats); 0 for no scored token. */
  jointLogprob: number;
}

/** The whole JSON document. */
export interface AnalysisJson {
  /** Where the tokens came from: an input format (analyze) or the backend (generate). */
  format: string;
  tokens: TokenJson[];
  summary: SummaryJson;
}

/**
 * One token as JSON. Cost: O(k).
 *
 * @param token the token record
 * @param topLimit largest number of alternatives to keep (default: all)
 */
export function tokenJson(token: TokenLogprob, topLimit = Number.POSITIVE_INFINITY): TokenJson {
  return {
    token: token.token,
    bytes: token.bytes,
    logprob: token.logprob,
    prob: token.logprob === null ? null : Math.exp(token.logprob),
    top: token.top.slice(0, topLimit).map((alternative) => ({
      token: alternative.token,
      bytes: alternative.bytes ?? [...encoder.encode(alternative.token)],
      logprob: alternative.logprob,
    })),
  };
}

/**
 * The JSON document for a sequence of tokens. Numbers come from core's `summarizeSequence`.
 * Cost: O(n k).
 *
 * @param format value of the `format` field
 * @param tokens the tokens
 * @param topLimit largest number of alternatives per token to keep (default: all)
 */
export function analysisJson(
  format: string,
  tokens: readonly TokenLogprob[],
  topLimit?: number,
): AnalysisJson {
  const summary = summarizeSequence(tokens);
  return {
    format,
    tokens: tokens.map((token) => tokenJson(token, topLimit)),
    summary: {
      tokenCount: summary.tokenCount,
      meanLogprob: summary.meanLogprob,
      minLogprob: summary.minLogprob,
      perplexity: summary.perplexity,
      jointLogprob: summary.jointLogprob,
    },
  };
}
