/**
 * Runs a calibration data set through a model (or reads saved answers), judges each answer against
 * the expected one, measures its confidence and computes the {@link CalibrationReport}.
 */

import { mapConcurrently } from "../concurrency/map-concurrently.js";
import { CancelledError, InvalidInputError } from "../errors.js";
import type { ChatMessage, GenerateResult, LogprobModel, ModelWarning } from "../model.js";
import type { TokenLogprob } from "../types.js";
import {
  type CalibrationReport,
  type CalibrationReportOptions,
  calibrationReport,
  type ScoredAnswer,
} from "./calibration-report.js";
import { confidenceValues } from "./confidence-measures.js";
import { type AnswerMatch, answerMatches } from "./normalize-answer.js";

/** One item: a prompt (or chat messages) to answer, or an answer saved earlier, and the expected answer. */
export interface CalibrationItem {
  id?: string;
  prompt?: string;
  messages?: ChatMessage[];
  /** A saved answer: its text and tokens (e.g. parsed from an API response). */
  response?: { text: string; tokens: readonly TokenLogprob[] };
  /** The right answer, or several accepted ones. */
  expected: string | readonly string[];
}

/** Options of {@link runCalibration}. */
export interface CalibrationOptions extends CalibrationReportOptions {
  /** Tokens generated per answer (default 32). */
  maxTokens?: number;
  /** Stop strings of each generation (default one newline). */
  stop?: string[];
  /** Correctness rule (default "exact"; see `answerMatches`). */
  match?: AnswerMatch;
  /** Called after each item with items done and total. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** The report plus every judged answer and the model's warnings. */
export interface CalibrationRun {
  report: CalibrationReport;
  answers: ScoredAnswer[];
  warnings: ModelWarning[];
}

/** Default tokens generated per answer. */
export const DEFAULT_CALIBRATION_MAX_TOKENS = 32;

/**
 * Answers every item (greedy decoding with two top alternatives, so that the first-token margin is
 * known; saved responses are used as they are), judges correctness with `answerMatches`, computes
 * every confidence measure (`confidenceValues`) and the report (`calibrationReport`). Every item is
 * checked before the first is answered; answers are generated `model.capabilities.parallelRequests`
 * at a time (the engine packs them into shared decodes) and kept in item order.
 *
 * Cost: one generate call per item without a saved response.
 *
 * @param model the model, or `null` when every item carries a saved response
 * @throws {InvalidInputError} naming `items[i]` when an item has neither a prompt, messages nor a
 *   response, or needs a model and none was given
 * @throws {CancelledError} when `options.signal` aborts before every item is answered
 */
export async function runCalibration(
  model: LogprobModel | null,
  items: readonly CalibrationItem[],
  options: CalibrationOptions = {},
): Promise<CalibrationRun> {
  const match = options.match ?? "exact";
  for (const [index, item] of items.entries()) {
    if (item.response) continue;
    const id = item.id ?? String(index + 1);
    if (item.prompt === undefined && item.messages === undefined) {
      throw new InvalidInputError(
        `items[${index}]`,
        `item ${id} has no prompt, messages or response`,
        "one of prompt, messages, response",
      );
    }
    if (!model) {
      throw new InvalidInputError(
        `items[${index}]`,
        `item ${id} needs a model to answer its prompt`,
        "a saved response, or a model",
      );
    }
  }
  let done = 0;
  const generated = await mapConcurrently(
    items,
    model?.capabilities.parallelRequests ?? 1,
    async (item) => {
      const answer = item.response ? undefined : await answerItem(model as LogprobModel, item, options);
      options.onProgress?.(++done, items.length);
      return answer;
    },
    options.signal,
  );
  if (generated.some((result) => result?.finishReason === "cancelled"))
    throw new CancelledError("cancelled before every item was answered");
  const warnings: ModelWarning[] = [];
  const answers: ScoredAnswer[] = items.map((item, index) => {
    const result = generated[index];
    for (const warning of result?.warnings ?? []) {
      if (!warnings.some((known) => known.code === warning.code && known.field === warning.field))
        warnings.push(warning);
    }
    const text = result ? result.text : (item.response as { text: string }).text;
    const tokens = result
      ? result.sequence.tokens
      : (item.response as { tokens: readonly TokenLogprob[] }).tokens.filter(
          (token) => token.prompt !== true,
        );
    return {
      id: item.id ?? String(index + 1),
      answer: text,
      correct: answerMatches(text, item.expected, match),
      confidences: confidenceValues(tokens),
    };
  });
  return { report: calibrationReport(answers, options), answers, warnings };
}

/** The model's greedy answer to one item's prompt or messages. */
function answerItem(
  model: LogprobModel,
  item: CalibrationItem,
  options: CalibrationOptions,
): Promise<GenerateResult> {
  return model.generate({
    ...(item.messages !== undefined ? { messages: item.messages } : { prompt: item.prompt as string }),
    maxTokens: options.maxTokens ?? DEFAULT_CALIBRATION_MAX_TOKENS,
    stop: options.stop ?? ["\n"],
    topLogprobs: Math.min(2, model.capabilities.maxTopLogprobs),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
