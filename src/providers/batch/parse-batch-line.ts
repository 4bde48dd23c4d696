/**
 * {@link parseBatchLine}: one line of a batch input file, in logprobe's own format or OpenAI's
 * Batch API format, validated into a {@link BatchItem}. A bad line becomes a recorded error with
 * whatever id could be read, never a crash.
 */
import { InvalidInputError } from "../../core/errors.js";
import { type BatchItem, BatchItemSchema } from "./batch-item-schema.js";
import {
  fromOpenAIBatchRequest,
  isOpenAIBatchRequest,
  type OpenAIBatchRequestMeta,
} from "./openai-batch-format.js";

/**
 * A parsed line: the item, or the error and whatever id could be read. `openai` is set for an
 * OpenAI Batch API line (its output line takes that format too).
 */
export type ParsedBatchLine =
  | { ok: true; id: string; item: BatchItem; openai?: OpenAIBatchRequestMeta }
  | { ok: false; id: string; error: InvalidInputError; openai?: OpenAIBatchRequestMeta };

/**
 * Parses one line. The id of a bad line is its own `id` when readable, else `line:N`.
 *
 * @param line the line's text
 * @param lineNumber 1-based line number, used in the fallback id and the error's field
 */
export function parseBatchLine(line: string, lineNumber: number): ParsedBatchLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    return {
      ok: false,
      id: `line:${lineNumber}`,
      error: new InvalidInputError(`line ${lineNumber}`, `not valid JSON: ${detail}`),
    };
  }
  if (isOpenAIBatchRequest(value)) return parseOpenAIBatchLine(value, lineNumber);
  const rawId = typeof value === "object" && value !== null ? (value as { id?: unknown }).id : undefined;
  const id =
    typeof rawId === "string" && rawId !== ""
      ? rawId
      : Number.isInteger(rawId)
        ? String(rawId)
        : `line:${lineNumber}`;
  const result = BatchItemSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path =
      issue?.path.map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`)).join("") ?? "";
    const keys = issue?.code === "unrecognized_keys" ? ` (${issue.keys.join(", ")})` : "";
    return {
      ok: false,
      id,
      error: new InvalidInputError(`line ${lineNumber}${path}`, `${issue?.message ?? "invalid"}${keys}`),
    };
  }
  return { ok: true, id: String(result.data.id), item: result.data };
}

function parseOpenAIBatchLine(value: Record<string, unknown>, lineNumber: number): ParsedBatchLine {
  const customId =
    typeof value.custom_id === "string" && value.custom_id !== "" ? value.custom_id : `line:${lineNumber}`;
  // Until the request is read, its output line names no endpoint's shape but the error's.
  const fallback: OpenAIBatchRequestMeta = {
    customId,
    url: "/v1/chat/completions",
    logprobs: false,
    topLogprobs: 0,
  };
  let converted: ReturnType<typeof fromOpenAIBatchRequest>;
  try {
    converted = fromOpenAIBatchRequest(value, lineNumber);
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    return { ok: false, id: customId, error, openai: fallback };
  }
  const checked = BatchItemSchema.safeParse(converted.item);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const path =
      issue?.path.map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`)).join("") ?? "";
    return {
      ok: false,
      id: customId,
      error: new InvalidInputError(`line ${lineNumber}.body${path}`, issue?.message ?? "invalid"),
      openai: converted.meta,
    };
  }
  return { ok: true, id: customId, item: checked.data, openai: converted.meta };
}
