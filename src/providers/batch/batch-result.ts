/**
 * The result line a batch writes for one input: the summary metrics of the output (or of the
 * scored text), or the error that stopped the item.
 */
import { summarizeSequence } from "../../core/analysis/summarize-sequence.js";
import { ApiCallError, InvalidInputError, LogprobeError } from "../../core/errors.js";
import type { GenerateResult, ScoreResult } from "../../core/model.js";
import type { LogprobSequence } from "../../core/types.js";

/** Summary metrics of a sequence, JSON-safe (null where undefined). */
export interface BatchSummary {
  tokenCount: number;
  jointLogprob: number;
  meanLogprob: number | null;
  minLogprob: number | null;
  perplexity: number | null;
  bitsPerByte: number | null;
}

/** A successful line. */
export interface BatchSuccessLine {
  id: string;
  ok: true;
  type: "generate" | "score";
  /** Server that answered. */
  server: string;
  model: string;
  source: string;
  summary: BatchSummary;
  text?: string;
  finishReason?: string;
  perplexity?: number;
  bitsPerByte?: number;
  bosConditioned?: boolean;
  usage: { promptTokens: number; completionTokens: number };
  warnings: { code: string; field?: string; message: string }[];
  /** The tokens, with `--tokens`. */
  tokens?: LogprobSequence["tokens"];
}

/** A failed line. */
export interface BatchFailureLine {
  id: string;
  ok: false;
  type?: "generate" | "score";
  server?: string;
  error: { code: string; message: string; field?: string; status?: number; retryable?: boolean };
}

/** One output line. */
export type BatchResultLine = BatchSuccessLine | BatchFailureLine;

/** Summary metrics via core's `summarizeSequence` (scored tokens only). */
export function batchSummary(sequence: LogprobSequence): BatchSummary {
  const summary = summarizeSequence(sequence.tokens);
  return {
    tokenCount: summary.tokenCount,
    jointLogprob: summary.jointLogprob,
    meanLogprob: summary.meanLogprob,
    minLogprob: summary.minLogprob,
    perplexity: summary.perplexity,
    bitsPerByte: summary.bitsPerByte,
  };
}

/** The line for a finished generation. */
export function generateLine(
  id: string,
  server: string,
  result: GenerateResult,
  source: string,
  includeTokens: boolean,
): BatchSuccessLine {
  return {
    id,
    ok: true,
    type: "generate",
    server,
    model: result.model,
    source,
    text: result.text,
    finishReason: result.finishReason,
    summary: batchSummary(result.sequence),
    usage: result.usage,
    warnings: result.warnings,
    ...(includeTokens ? { tokens: result.sequence.tokens } : {}),
  };
}

/** The line for a scored text. */
export function scoreLine(
  id: string,
  server: string,
  result: ScoreResult,
  source: string,
  includeTokens: boolean,
): BatchSuccessLine {
  return {
    id,
    ok: true,
    type: "score",
    server,
    model: result.model,
    source,
    perplexity: result.perplexity,
    bitsPerByte: result.bitsPerByte,
    bosConditioned: result.bosConditioned,
    summary: batchSummary(result.sequence),
    usage: result.usage,
    warnings: result.warnings,
    ...(includeTokens ? { tokens: result.sequence.tokens } : {}),
  };
}

/** The line for an item that failed. */
export function failureLine(
  id: string,
  error: unknown,
  context: { type?: "generate" | "score"; server?: string } = {},
): BatchFailureLine {
  const described: BatchFailureLine["error"] = {
    code: error instanceof LogprobeError ? error.code : "error",
    message: error instanceof Error ? error.message : String(error),
  };
  if (error instanceof InvalidInputError) described.field = error.field;
  if (error instanceof ApiCallError) {
    if (error.status !== undefined) described.status = error.status;
    described.retryable = error.isRetryable;
  }
  return {
    id,
    ok: false,
    ...(context.type ? { type: context.type } : {}),
    ...(context.server ? { server: context.server } : {}),
    error: described,
  };
}
