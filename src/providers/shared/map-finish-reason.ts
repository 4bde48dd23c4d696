/**
 * Maps the many vendor spellings of "why generation stopped" onto core's {@link FinishReason}.
 */
import type { FinishReason, ModelWarning } from "../../core/model.js";

const LENGTH = new Set(["length", "max_tokens", "limit", "max_output_tokens", "MAX_TOKENS"]);
const STOP = new Set([
  "stop",
  "eos",
  "word",
  "end_turn",
  "stop_sequence",
  "STOP",
  "FINISH_REASON_UNSPECIFIED",
]);

/**
 * `length` when a token limit ended the output, `stop` otherwise. A reason that is neither a
 * normal stop nor a limit (e.g. `content_filter`, `SAFETY`) maps to `stop` and adds a warning,
 * so the caller knows the output may be cut. No reason at all maps to `stop`: a whole JSON answer
 * ended normally, and a stream cut before its final chunk never gets here (the transport throws,
 * see stream-finished.ts).
 */
export function mapFinishReason(reason: string | null | undefined, warnings: ModelWarning[]): FinishReason {
  if (reason === null || reason === undefined || reason === "") return "stop";
  if (LENGTH.has(reason)) return "length";
  if (STOP.has(reason)) return "stop";
  warnings.push({
    code: "finish-reason",
    field: "finishReason",
    message: `the backend stopped with reason "${reason}"`,
  });
  return "stop";
}
