/**
 * {@link runSelfTest}: loads a model, scores one sentence and says how fast and with what: the
 * evaluator (native or node-llama-cpp's path), device and CPU kernels that computed it. The short
 * check behind `logprobe doctor --model`.
 */
import type { EvaluatorInfo } from "../core/types.js";
import { type LoadModelOptions, loadModel } from "./load-model.js";

/** The sentence scored (TinyStories-like, so that small test models know its words). */
export const SELF_TEST_TEXT =
  "Once upon a time, there was a little girl named Lily. She loved to play outside in the park with her friends.";

/** What the self-test measured. */
export interface SelfTestResult {
  model: string;
  evaluator: EvaluatorInfo;
  loadSeconds: number;
  /** Tokens scored (those with a logprob). */
  tokens: number;
  perplexity: number;
  /** Scored tokens per second (one pass; includes tokenizing). */
  tokensPerSecond: number;
}

/**
 * Loads `options.model`, scores {@link SELF_TEST_TEXT} twice (the first warms up) and closes it.
 *
 * @throws {ModelLoadError} when the model cannot be loaded
 */
export async function runSelfTest(options: LoadModelOptions): Promise<SelfTestResult> {
  const loadStarted = performance.now();
  const model = await loadModel(options);
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  try {
    await model.score({ text: SELF_TEST_TEXT });
    const started = performance.now();
    const result = await model.score({ text: SELF_TEST_TEXT });
    const seconds = (performance.now() - started) / 1000;
    const tokens = result.sequence.tokens.filter((token) => token.logprob !== null).length;
    return {
      model: model.id,
      evaluator: model.evaluator,
      loadSeconds,
      tokens,
      perplexity: result.perplexity,
      tokensPerSecond: tokens / seconds,
    };
  } finally {
    await model.close();
  }
}
