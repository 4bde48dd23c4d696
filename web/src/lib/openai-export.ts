/**
 * Export of a token sequence as OpenAI-format JSON, built from core types only:
 * - generated text -> a Chat Completions response with `choices[0].logprobs.content[]`
 *   (`{token, logprob, bytes, top_logprobs: [{token, logprob, bytes}]}`);
 * - scored text (first logprob unknown) -> a legacy Completions response as `echo: true` gives it
 *   (`logprobs: {tokens, token_logprobs, top_logprobs, text_offset}`, `null` for the first token).
 * Both shapes are what `logprobe analyze` (and the import button) read back.
 */
import type { LogprobSequence, TokenLogprob, TopAlternative } from "../../../src/core/index.js";

/** Metadata of the exported response. */
export interface ExportMeta {
  model: string;
  /** Unix time in seconds. */
  created: number;
  finishReason?: string;
}

const encoder = new TextEncoder();

function bytesOf(item: TokenLogprob | TopAlternative): number[] {
  return item.bytes && item.bytes.length > 0 ? [...item.bytes] : [...encoder.encode(item.token)];
}

function textOf(sequence: LogprobSequence): string {
  return sequence.text ?? sequence.tokens.map((token) => token.token).join("");
}

/** True when the sequence can only be written in the completions (echo) shape. */
export function needsCompletionShape(sequence: LogprobSequence): boolean {
  return sequence.tokens.some((token) => token.logprob === null || token.prompt === true);
}

/** A Chat Completions response holding the sequence as the assistant message. */
export function toChatCompletion(sequence: LogprobSequence, meta: ExportMeta): Record<string, unknown> {
  const content = sequence.tokens.map((token, index) => {
    if (token.logprob === null) throw new Error(`token ${index} has no logprob; use the completions shape`);
    return {
      token: token.token,
      logprob: token.logprob,
      bytes: bytesOf(token),
      top_logprobs: token.top.map((alternative) => ({
        token: alternative.token,
        logprob: alternative.logprob,
        bytes: bytesOf(alternative),
      })),
    };
  });
  return {
    id: `chatcmpl-logprobe-${meta.created}`,
    object: "chat.completion",
    created: meta.created,
    model: meta.model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: textOf(sequence), refusal: null },
        logprobs: { content, refusal: null },
        finish_reason: meta.finishReason ?? "stop",
      },
    ],
  };
}

/** A legacy Completions response as `echo: true, max_tokens: 0` returns it for scored text. */
export function toEchoCompletion(sequence: LogprobSequence, meta: ExportMeta): Record<string, unknown> {
  const offsets: number[] = [];
  let offset = 0;
  for (const token of sequence.tokens) {
    offsets.push(token.textOffset ?? offset);
    offset = (token.textOffset ?? offset) + token.token.length;
  }
  return {
    id: `cmpl-logprobe-${meta.created}`,
    object: "text_completion",
    created: meta.created,
    model: meta.model,
    choices: [
      {
        index: 0,
        text: textOf(sequence),
        logprobs: {
          tokens: sequence.tokens.map((token) => token.token),
          token_logprobs: sequence.tokens.map((token) => token.logprob),
          top_logprobs: sequence.tokens.map((token) =>
            token.logprob === null && token.top.length === 0
              ? null
              : Object.fromEntries(token.top.map((alternative) => [alternative.token, alternative.logprob])),
          ),
          text_offset: offsets,
        },
        finish_reason: meta.finishReason ?? "length",
      },
    ],
  };
}

/** The fitting OpenAI shape for the sequence (see the module comment). */
export function toOpenAiJson(sequence: LogprobSequence, meta: ExportMeta): Record<string, unknown> {
  return needsCompletionShape(sequence) ? toEchoCompletion(sequence, meta) : toChatCompletion(sequence, meta);
}
