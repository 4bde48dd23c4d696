/**
 * The node-llama-cpp internals logprobe needs and that have no public API, in one place, behind
 * typed functions: checking and advancing a grammar evaluation state token by token (what
 * node-llama-cpp's own `LlamaSampler._canBeNextTokenForGrammarEvaluationState` does, through
 * `Llama._bindings.AddonSampler` and `LlamaGrammarEvaluationState._state`, both `@internal`).
 *
 * Fields marked `@internal` may move in any release. Each accessor checks what it reads and throws
 * naming the field and the version logprobe pins (3.21.1), so a bump that moves one fails at once,
 * and `test/engine/node-llama-cpp-internals.test.ts` fails on it, instead of failing silently.
 */
import type { Llama, LlamaGrammarEvaluationState } from "node-llama-cpp";

/** The node-llama-cpp version whose internals this module reads. */
export const NODE_LLAMA_CPP_INTERNALS_VERSION = "3.21.1";

/** Token-level grammar checks on a {@link LlamaGrammarEvaluationState}. */
export interface GrammarChecks {
  /** Whether the grammar allows token `id` next. One grammar check in llama.cpp. */
  canBeNext(state: LlamaGrammarEvaluationState, id: number): boolean;
  /** Advances the grammar past token `id` (which must be allowed). */
  accept(state: LlamaGrammarEvaluationState, id: number): void;
}

interface AddonGrammarSampler {
  canBeNextTokenForGrammarEvaluationState(state: unknown, token: number): boolean;
  acceptGrammarEvaluationStateToken(state: unknown, token: number): void;
}

function missing(field: string): Error {
  return new Error(
    `internal: node-llama-cpp has no ${field}; logprobe reads it as node-llama-cpp ${NODE_LLAMA_CPP_INTERNALS_VERSION} has it (src/engine/node-llama-cpp-internals.ts)`,
  );
}

/** The native handle of a grammar evaluation state (`_state`). O(1). */
function stateHandle(state: LlamaGrammarEvaluationState): unknown {
  const handle = (state as unknown as { _state?: unknown })._state;
  if (handle === undefined || handle === null) throw missing("LlamaGrammarEvaluationState._state");
  return handle;
}

/**
 * The grammar checks of `llama`'s bindings. O(1).
 * @throws Error naming the field when this node-llama-cpp lacks them
 */
export function grammarChecks(llama: Llama): GrammarChecks {
  const sampler = (llama as unknown as { _bindings?: { AddonSampler?: Partial<AddonGrammarSampler> } })
    ._bindings?.AddonSampler;
  const canBeNext = sampler?.canBeNextTokenForGrammarEvaluationState;
  const accept = sampler?.acceptGrammarEvaluationStateToken;
  if (typeof canBeNext !== "function")
    throw missing("Llama._bindings.AddonSampler.canBeNextTokenForGrammarEvaluationState");
  if (typeof accept !== "function")
    throw missing("Llama._bindings.AddonSampler.acceptGrammarEvaluationStateToken");
  return {
    canBeNext: (state, id) => canBeNext.call(sampler, stateHandle(state), id),
    accept: (state, id) => accept.call(sampler, stateHandle(state), id),
  };
}
