/** The checks of vLLM's `prompt_logprobs` on chat completions. */
import { UnsupportedError } from "../../core/errors.js";
import type { LogprobModel } from "../../core/model.js";
import { checkTopLogprobs } from "../openai/capability-checks.js";

/**
 * Throws when the model cannot score its prompt, returns fewer alternatives than asked, or the
 * answer is streamed (this server sends chat prompt logprobs only in a whole answer).
 */
export function checkPromptLogprobs(model: LogprobModel, promptLogprobs: number, stream: boolean): void {
  checkTopLogprobs(model, "prompt_logprobs", promptLogprobs);
  if (!model.capabilities.promptLogprobs) {
    throw new UnsupportedError(
      "prompt_logprobs",
      `the model ${model.id} cannot return logprobs of prompt tokens`,
    );
  }
  if (stream) {
    throw new UnsupportedError(
      "prompt_logprobs",
      "prompt_logprobs on chat completions are sent in whole answers only: leave stream false or absent",
    );
  }
}
