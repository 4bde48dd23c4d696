/**
 * The body of llama.cpp server's native `POST /completion` (tools/server/README.md; read by
 * `params_from_json_cmpl` in tools/server/server-task.cpp). Unknown fields are ignored, as
 * llama.cpp ignores them. One prompt: text, or token ids. `echo: true` is logprobe's extension
 * (upstream has no prompt logprobs): `prompt_probabilities` in `completion_probabilities`' shape.
 */
import { z } from "zod";
import { booleanField, integerIn, nonEmptyString, stopSchema } from "../schemas/field-schemas.js";
import { samplingFields } from "../schemas/sampling-fields.js";
import { logprobeExtensionsField } from "../token-extensions.js";

/** Largest `n_probs` accepted here (the model may return fewer: checked against its capabilities). */
export const MAX_N_PROBS = 100;

const promptMessage = "must be a string or an array of token ids";

/** Builds the schema; `maxTokensLimit` caps `n_predict`. */
export function llamaCppCompletionSchema(limits: { maxTokensLimit: number }) {
  return z
    .object({
      /** Router mode's model choice; the default model when absent. */
      model: nonEmptyString().optional(),
      prompt: z.union([z.string(), z.array(z.number().int().min(0)).min(1)], { error: promptMessage }),
      /** -1: until the model stops or the context is full (llama.cpp's default). */
      n_predict: integerIn(-1, limits.maxTokensLimit).nullable().optional(),
      n_probs: integerIn(0, MAX_N_PROBS).nullable().optional(),
      post_sampling_probs: booleanField().nullable().optional(),
      stream: booleanField().nullable().optional(),
      stop: stopSchema,
      echo: booleanField().nullable().optional(),
      return_tokens: booleanField().nullable().optional(),
      ...samplingFields,
      /** llama.cpp: -1 (the default) draws a random seed. */
      seed: integerIn(-1, 2 ** 32 - 1)
        .nullable()
        .optional(),
      ...logprobeExtensionsField,
    })
    .superRefine((value, context) => {
      if (value.n_predict === 0 && value.echo !== true) {
        context.addIssue({
          code: "custom",
          path: ["n_predict"],
          message: `must be -1 or an integer from 1 to ${limits.maxTokensLimit} (0 is allowed only with echo: true)`,
        });
      }
    });
}

/** A validated `/completion` body. */
export type LlamaCppCompletionRequest = z.output<ReturnType<typeof llamaCppCompletionSchema>>;
