/**
 * Accumulates the logprobs of a streamed OpenAI legacy completion (`stream: true`): each chunk
 * (`object: "text_completion"`) carries a `logprobs` object for the tokens of its `text`.
 */
import { z } from "zod";
import type { Provenance } from "../core/types.js";
import { type ChoiceDelta, ChoiceStreamAccumulator } from "./choice-stream-accumulator.js";
import {
  completionLogprobsToTokens,
  OpenAICompletionLogprobsSchema,
  withoutListedSampledToken,
} from "./openai-completion.js";

/** One chunk of a streamed legacy completion. */
export const OpenAICompletionChunkSchema = z.object({
  id: z.string().optional(),
  object: z.literal("text_completion"),
  created: z.number().optional(),
  model: z.string().optional(),
  choices: z.array(
    z.object({
      text: z.string(),
      index: z.number().int().min(0),
      logprobs: OpenAICompletionLogprobsSchema.nullable().optional(),
      finish_reason: z.string().nullable().optional(),
    }),
  ),
});
export type OpenAICompletionChunk = z.output<typeof OpenAICompletionChunkSchema>;

type OpenAICompletionChunkChoice = OpenAICompletionChunk["choices"][number];

/**
 * Collects one choice's tokens across chunks, in order. `push` validates each chunk (errors name
 * `chunks[n]...`); `sequence()` returns the normalised sequence so far. With `echo`, the first
 * chunk's leading `null` logprob is kept as unknown. Cost: O(tokens) overall.
 */
export class CompletionStreamAccumulator extends ChoiceStreamAccumulator<
  OpenAICompletionChunk,
  OpenAICompletionChunkChoice
> {
  protected readonly schema = OpenAICompletionChunkSchema;
  readonly #topLogprobs: number | undefined;

  /**
   * @param options as {@link ChoiceStreamAccumulator}, plus `topLogprobs`: the k the request asked
   * for, so that a sampled token OpenAI lists as entry k+1 is dropped from its top list (see
   * {@link withoutListedSampledToken}; one chunk is too little to infer k from).
   */
  constructor(options: { choice?: number; provenance?: Partial<Provenance>; topLogprobs?: number } = {}) {
    super(options);
    this.#topLogprobs = options.topLogprobs;
  }

  protected choicesOf(chunk: OpenAICompletionChunk): OpenAICompletionChunkChoice[] {
    return chunk.choices;
  }

  protected deltaOf(choice: OpenAICompletionChunkChoice): ChoiceDelta {
    return {
      text: choice.text,
      ...(choice.logprobs
        ? {
            tokens:
              this.#topLogprobs === undefined
                ? completionLogprobsToTokens(choice.logprobs)
                : withoutListedSampledToken(completionLogprobsToTokens(choice.logprobs), this.#topLogprobs),
          }
        : {}),
      finishReason: choice.finish_reason ?? null,
    };
  }
}
