/**
 * Token-id prompts (lm-evaluation-harness sends them with `tokenized_requests`) become text that
 * the model tokenizes back to exactly the same ids, so the ids evaluated are the ids sent. Ids
 * that do not survive detokenize-then-tokenize (a BOS id, a pair the tokenizer would merge) are
 * refused rather than silently evaluated as different tokens.
 */
import { InvalidInputError, UnsupportedError } from "../../core/errors.js";
import type { LogprobModel } from "../../core/model.js";
import { wellFormedText } from "../well-formed-text.js";

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((id, index) => id === b[index]);
}

/**
 * The text of each prompt, well formed (a lone surrogate becomes U+FFFD, as the tokenizer reads
 * it, so an echoed prompt is valid for strict JSON decoders). Cost: one detokenize and one tokenize per token-id prompt.
 *
 * @throws {UnsupportedError} for token ids when the model exposes no tokenizer
 * @throws {InvalidInputError} naming `prompt[i]` when ids do not round-trip
 */
export async function resolvePromptTexts(
  prompts: readonly (string | number[])[],
  model: LogprobModel,
): Promise<string[]> {
  const texts: string[] = [];
  for (const [index, prompt] of prompts.entries()) {
    if (typeof prompt === "string") {
      texts.push(wellFormedText(prompt));
      continue;
    }
    const { tokenize, detokenize } = model;
    if (!model.capabilities.tokenize || !tokenize || !detokenize) {
      throw new UnsupportedError(
        "prompt",
        `the model ${model.id} takes text prompts only (it exposes no tokenizer)`,
      );
    }
    const text = await detokenize.call(model, prompt);
    const again = await tokenize.call(model, text);
    if (!sameIds(again, prompt)) {
      const field = prompts.length === 1 ? "prompt" : `prompt[${index}]`;
      throw new InvalidInputError(
        field,
        `these token ids do not come back unchanged from the model's tokenizer (${prompt.length} ids, ${again.length} after detokenize and tokenize), so they cannot be evaluated exactly; send the text instead (lm-evaluation-harness: tokenized_requests=False), and no BOS id`,
        "token ids of this model's tokenizer that round-trip, or text",
      );
    }
    texts.push(text);
  }
  return texts;
}
