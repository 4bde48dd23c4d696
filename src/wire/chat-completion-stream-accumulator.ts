/**
 * Accumulates the logprobs of a streamed OpenAI chat completion (`stream: true`): each
 * `chat.completion.chunk` carries the tokens of its delta in `choices[].logprobs.content`.
 */
import { z } from "zod";
import { type ChoiceDelta, ChoiceStreamAccumulator } from "./choice-stream-accumulator.js";
import { OpenAIChatLogprobsSchema } from "./openai-chat.js";
import { entriesToTokens } from "./token-entry.js";

/** One `chat.completion.chunk` of a stream. */
export const OpenAIChatChunkSchema = z.object({
  id: z.string().optional(),
  object: z.literal("chat.completion.chunk"),
  created: z.number().optional(),
  model: z.string().optional(),
  choices: z.array(
    z.object({
      index: z.number().int().min(0),
      delta: z.object({ role: z.string().optional(), content: z.string().nullable().optional() }).optional(),
      logprobs: OpenAIChatLogprobsSchema.nullable().optional(),
      finish_reason: z.string().nullable().optional(),
    }),
  ),
});
export type OpenAIChatChunk = z.output<typeof OpenAIChatChunkSchema>;

type OpenAIChatChunkChoice = OpenAIChatChunk["choices"][number];

/**
 * Collects one choice's tokens across chunks, in order. `push` validates each chunk (errors name
 * `chunks[n]...`); `sequence()` returns the normalised sequence so far. Cost: O(tokens) overall.
 */
export class ChatCompletionStreamAccumulator extends ChoiceStreamAccumulator<
  OpenAIChatChunk,
  OpenAIChatChunkChoice
> {
  protected readonly schema = OpenAIChatChunkSchema;

  protected choicesOf(chunk: OpenAIChatChunk): OpenAIChatChunkChoice[] {
    return chunk.choices;
  }

  protected deltaOf(choice: OpenAIChatChunkChoice): ChoiceDelta {
    const entries = choice.logprobs?.content ?? choice.logprobs?.refusal;
    return {
      ...(choice.delta?.content ? { text: choice.delta.content } : {}),
      ...(entries ? { tokens: entriesToTokens(entries) } : {}),
      finishReason: choice.finish_reason ?? null,
    };
  }
}
