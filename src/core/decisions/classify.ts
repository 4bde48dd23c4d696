/**
 * Classification by label likelihood on any {@link LogprobModel}: each candidate label is scored as
 * a continuation of the prompt, and the labels' joint probabilities are renormalised over the
 * labels. Abstains when the best label's probability is under a threshold.
 */
import { normalizeLabelScores } from "../classification/normalize-label-scores.js";
import { InvalidInputError, UnsupportedError } from "../errors.js";
import type { LogprobModel, ModelWarning } from "../model.js";
import { firstTokenContinuations, scoreContinuations } from "./label-logprobs.js";

/** Default abstention threshold: answer only when one label holds at least half the mass. */
export const DEFAULT_CLASSIFY_THRESHOLD = 0.5;
/** Default text placed between the prompt and each label. */
export const DEFAULT_LABEL_PREFIX = " ";
/** Most labels accepted in one request. */
export const MAX_LABELS = 100;

/** Options of {@link classify}. */
export interface ClassifyOptions {
  /** The text to classify. */
  text: string;
  /** Candidate labels (1 to {@link MAX_LABELS}, distinct, non-empty). */
  labels: readonly string[];
  /** Instruction placed before the text; see {@link classificationPrompt}. */
  instruction?: string;
  /** Abstain when the best label's probability is below this (0..1; default 0.5). */
  threshold?: number;
  /** Text between the prompt and each label (default one space). */
  labelPrefix?: string;
  signal?: AbortSignal;
}

/** One label's result. */
export interface ClassifiedLabel {
  label: string;
  /** Probability among the labels (0..1; they sum to 1). */
  probability: number;
  /** log of `probability` (nats). */
  logprob: number;
  /** The label's joint logprob given the prompt, before renormalisation (nats). */
  sequenceLogprob: number;
  /** Number of label tokens summed. */
  tokenCount: number;
  /** True when the label's tokens were scored exactly. */
  exact: boolean;
}

/** Result of {@link classify}. */
export interface ClassificationResult {
  /** Labels from most to least probable. */
  labels: ClassifiedLabel[];
  /** The chosen label, or `null` when abstaining. */
  label: string | null;
  /** True when the best probability is below `threshold`. */
  abstained: boolean;
  threshold: number;
  /** Model probability mass of all label continuations together (0..1). */
  coveredMass: number;
  /** True when the backend could give only first-token top-k logprobs (see warnings). */
  approximate: boolean;
  /** The prompt the labels continued. */
  prompt: string;
  warnings: ModelWarning[];
  model: string;
}

/**
 * The prompt the labels continue: the text alone, or with an instruction
 * `instruction + "\n\n" + text + "\n\nAnswer:"`.
 */
export function classificationPrompt(text: string, instruction?: string): string {
  return instruction === undefined ? text : `${instruction}\n\n${text}\n\nAnswer:`;
}

function checkOptions(options: ClassifyOptions): void {
  if (typeof options.text !== "string" || options.text === "") {
    throw new InvalidInputError("text", "text is empty", "a non-empty string");
  }
  const labels = options.labels;
  if (!Array.isArray(labels) || labels.length < 1 || labels.length > MAX_LABELS) {
    throw new InvalidInputError(
      "labels",
      `labels must hold 1 to ${MAX_LABELS} labels (got ${Array.isArray(labels) ? labels.length : "none"})`,
      `1 to ${MAX_LABELS} labels`,
    );
  }
  const seen = new Set<string>();
  labels.forEach((label, index) => {
    if (typeof label !== "string" || label.trim() === "") {
      throw new InvalidInputError(`labels[${index}]`, `labels[${index}] is empty`, "a non-empty string");
    }
    if (seen.has(label)) {
      throw new InvalidInputError(
        `labels[${index}]`,
        `label ${JSON.stringify(label)} appears twice`,
        "distinct labels",
      );
    }
    seen.add(label);
  });
  const threshold = options.threshold;
  if (threshold !== undefined && (typeof threshold !== "number" || !(threshold >= 0 && threshold <= 1))) {
    throw new InvalidInputError("threshold", `threshold is ${threshold}`, "a probability in [0, 1]");
  }
}

/**
 * Classifies `text` into one of `labels`: `P(label_i) = exp(l_i) / sum_j exp(l_j)`, where `l_i`
 * is the joint logprob of `labelPrefix + label_i` as a continuation of the prompt (every token of a
 * multi-token label counts). On a backend with `capabilities.promptLogprobs` the sums are exact
 * (see `scoreContinuations`); otherwise the first generated token's top-k stands in for each label
 * and the result is marked `approximate` with a warning.
 *
 * Cost: k + 1 score calls for k labels, `model.capabilities.parallelRequests` at a time (one generate
 * call when approximate).
 *
 * @throws {InvalidInputError} naming `text`, `labels[i]` or `threshold` when out of range
 * @throws {UnsupportedError} when no label's probability could be found
 */
export async function classify(model: LogprobModel, options: ClassifyOptions): Promise<ClassificationResult> {
  checkOptions(options);
  const threshold = options.threshold ?? DEFAULT_CLASSIFY_THRESHOLD;
  const prompt = classificationPrompt(options.text, options.instruction);
  const prefix = options.labelPrefix ?? DEFAULT_LABEL_PREFIX;
  const continuations = options.labels.map((label) => prefix + label);
  const scored = model.capabilities.promptLogprobs
    ? await scoreContinuations(model, prompt, continuations, options.signal)
    : await firstTokenContinuations(model, prompt, continuations, options.signal);
  if (scored.continuations.every((entry) => entry.logprob === Number.NEGATIVE_INFINITY)) {
    throw new UnsupportedError(
      "promptLogprobs",
      `none of the labels is among the first token's top ${model.capabilities.maxTopLogprobs} alternatives of ${model.id}, and it cannot score given text, so no probability can be given`,
    );
  }
  const distribution = normalizeLabelScores(
    options.labels.map((label, index) => ({
      label,
      logprob: scored.continuations[index]?.logprob ?? Number.NEGATIVE_INFINITY,
    })),
  );
  const byLabel = new Map(options.labels.map((label, index) => [label, scored.continuations[index]]));
  const labels = distribution.labels.map((entry) => ({
    ...entry,
    tokenCount: byLabel.get(entry.label)?.tokenCount ?? 0,
    exact: byLabel.get(entry.label)?.exact ?? false,
  }));
  const best = labels[0] as ClassifiedLabel;
  const abstained = best.probability < threshold;
  return {
    labels,
    label: abstained ? null : best.label,
    abstained,
    threshold,
    coveredMass: distribution.coveredMass,
    approximate: scored.approximate,
    prompt,
    warnings: scored.warnings,
    model: model.id,
  };
}
