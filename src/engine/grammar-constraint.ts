/**
 * Constrained decoding for `GenerateRequest.responseFormat`, with node-llama-cpp's grammars:
 * `json_object` uses its JSON grammar (`llama.getGrammarFor("json")`), `json_schema` converts the
 * schema to GBNF (`llama.createGrammarForJsonSchema`, the LlamaJsonSchemaGrammar path). A grammar
 * evaluation state follows the generated tokens; at each step {@link GrammarConstraint.allowed}
 * asks llama.cpp's grammar sampler, token by token, which tokens may come next (end-of-generation
 * only once the grammar is complete).
 *
 * The mask is applied in JavaScript to the full next-token distribution that either evaluator
 * returns (`PositionQuery.full`): the native evaluator's own sampling step knows no grammar, so a
 * constrained request always takes the full-distribution path. Cost per generated token: one
 * grammar check per vocabulary entry (O(V) calls into llama.cpp) plus O(V) to mask; greedy
 * decoding reported under the raw distribution checks tokens from the most probable down and
 * usually stops after a few.
 */
import type { Llama, LlamaGrammar } from "node-llama-cpp";
import { LlamaGrammarEvaluationState } from "node-llama-cpp";
import { InvalidInputError } from "../core/errors.js";
import type { ResponseFormat } from "../core/model.js";
import type { EngineRuntime } from "./engine-runtime.js";

/** The grammar state of one generation. */
export interface GrammarConstraint {
  /** The format it enforces. */
  readonly format: ResponseFormat["type"];
  /** The grammar (held so that the native state's grammar outlives it). */
  readonly grammar: LlamaGrammar;
  /**
   * The grammar's stop triggers as text: node-llama-cpp's JSON grammars allow trailing newlines
   * after the value and stop at four of them (`stopGenerationTriggers`), as node-llama-cpp does.
   */
  readonly stopStrings: string[];
  /** 1 for each token id the grammar allows next, else 0. O(V) grammar checks. */
  allowed(): Uint8Array;
  /** Whether the grammar allows token `id` next. One grammar check. */
  allows(id: number): boolean;
  /** Advances the grammar past `id` (which must be allowed). */
  accept(id: number): void;
}

/** node-llama-cpp 3.21.1's grammar-check bindings (internal: `LlamaSampler` wraps the same two calls). */
interface GrammarBindings {
  AddonSampler: {
    canBeNextTokenForGrammarEvaluationState(state: unknown, token: number): boolean;
    acceptGrammarEvaluationStateToken(state: unknown, token: number): void;
  };
}

function grammarBindings(llama: Llama): GrammarBindings {
  const bindings = (llama as unknown as { _bindings?: Partial<GrammarBindings> })._bindings;
  const sampler = bindings?.AddonSampler;
  if (
    typeof sampler?.canBeNextTokenForGrammarEvaluationState !== "function" ||
    typeof sampler.acceptGrammarEvaluationStateToken !== "function"
  ) {
    throw new Error(
      "internal: this node-llama-cpp has no grammar-check bindings (AddonSampler.canBeNextTokenForGrammarEvaluationState); logprobe pins 3.21.1",
    );
  }
  return { AddonSampler: sampler };
}

async function grammarFor(llama: Llama, format: ResponseFormat): Promise<LlamaGrammar> {
  if (format.type === "json_object") return llama.getGrammarFor("json");
  try {
    return await llama.createGrammarForJsonSchema(format.schema as never);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidInputError(
      "responseFormat.schema",
      `the JSON schema cannot be turned into a grammar: ${reason}`,
      "a JSON schema using the keywords node-llama-cpp's GBNF converter supports (type, properties, required, items, enum, const, anyOf, ...)",
    );
  }
}

/** Creates the grammar state of one generation for `format`. */
export async function createGrammarConstraint(
  runtime: EngineRuntime,
  format: ResponseFormat,
): Promise<GrammarConstraint> {
  const llama = runtime.model.llama;
  const bindings = grammarBindings(llama);
  const grammar = await grammarFor(llama, format);
  const state = (
    new LlamaGrammarEvaluationState({ model: runtime.model, grammar }) as unknown as { _state: unknown }
  )._state;
  const size = runtime.evaluator.vocabularySize;
  const stopStrings = grammar.stopGenerationTriggers.flatMap((trigger) =>
    typeof trigger === "string" ? [trigger] : Array.isArray(trigger) ? [] : [trigger.toString()],
  );
  return {
    format: format.type,
    grammar,
    stopStrings: stopStrings.filter((text) => text.length > 0),
    allowed() {
      const mask = new Uint8Array(size);
      for (let id = 0; id < size; id++) {
        if (bindings.AddonSampler.canBeNextTokenForGrammarEvaluationState(state, id)) mask[id] = 1;
      }
      return mask;
    },
    allows(id) {
      return bindings.AddonSampler.canBeNextTokenForGrammarEvaluationState(state, id);
    },
    accept(id) {
      bindings.AddonSampler.acceptGrammarEvaluationStateToken(state, id);
    },
  };
}
