/**
 * Constrained decoding for `GenerateRequest.responseFormat`. The grammar is GBNF: `json_object`
 * uses node-llama-cpp's JSON grammar (`llama.getGrammarFor("json")`); `json_schema` is first
 * checked and rewritten by {@link toEnforceableSchema} (every keyword enforced or refused), then
 * converted by node-llama-cpp's GBNF converter (the one behind `createGrammarForJsonSchema`).
 *
 * - With an evaluator that samples natively (`Evaluator.createGrammar`), the grammar is parsed off
 *   the JavaScript thread and runs inside the evaluator's sampling step: the chosen token is
 *   checked first and the distribution masked only when the grammar rejects it, as llama.cpp's
 *   common_sampler does. JavaScript does no per-vocabulary work ({@link NativeGrammarConstraint}).
 * - Otherwise (node-llama-cpp's evaluator, the fallback when the addon cannot run) a grammar
 *   evaluation state follows the tokens and {@link MaskGrammarConstraint.allowed} asks llama.cpp
 *   token by token which may come next: O(V) grammar checks per generated token, on the
 *   JavaScript thread.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Llama, LlamaGrammar } from "node-llama-cpp";
import { LlamaGrammar as LlamaGrammarClass, LlamaGrammarEvaluationState } from "node-llama-cpp";
import { InvalidInputError } from "../core/errors.js";
import type { ResponseFormat } from "../core/model.js";
import { type ConverterSchema, toEnforceableSchema } from "./enforceable-json-schema.js";
import type { EngineRuntime } from "./engine-runtime.js";
import type { EvaluatorGrammar } from "./evaluator.js";

/** Caps on the grammar text built from one schema (after {@link SCHEMA_LIMITS}). */
export const GRAMMAR_LIMITS = {
  /** Rules in the GBNF text. */
  rules: 4000,
  /** Bytes of the GBNF text. */
  bytes: 512 * 1024,
} as const;

/** node-llama-cpp's JSON grammars allow trailing newlines and stop at four of them. */
const schemaStopStrings = ["\n\n\n\n"];

interface ConstraintBase {
  /** The format it enforces. */
  readonly format: ResponseFormat["type"];
  /** Stop strings that end a complete value (the grammar's trailing newlines). */
  readonly stopStrings: string[];
}

/** A grammar that the evaluator applies in its own sampling step (`SampleQuery.grammar`). */
export interface NativeGrammarConstraint extends ConstraintBase {
  readonly kind: "native";
  readonly grammar: EvaluatorGrammar;
}

/** A grammar applied here, over the full distribution (the fallback evaluator). */
export interface MaskGrammarConstraint extends ConstraintBase {
  readonly kind: "mask";
  /** The grammar (held so that the native state's grammar outlives it). */
  readonly grammar: LlamaGrammar;
  /** 1 for each token id the grammar allows next, else 0. O(V) grammar checks. */
  allowed(): Uint8Array;
  /** Whether the grammar allows token `id` next. One grammar check. */
  allows(id: number): boolean;
  /** Advances the grammar past `id` (which must be allowed). */
  accept(id: number): void;
}

/** The grammar state of one generation. */
export type GrammarConstraint = NativeGrammarConstraint | MaskGrammarConstraint;

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

type SchemaConverter = (schema: ConverterSchema) => string;
let converter: Promise<SchemaConverter> | undefined;

/**
 * node-llama-cpp's JSON Schema -> GBNF converter (`getGbnfGrammarForGbnfJsonSchema`, which its
 * LlamaJsonSchemaGrammar uses; not exported, so loaded from its file in the pinned 3.21.1).
 */
function schemaConverter(): Promise<SchemaConverter> {
  converter ??= (async () => {
    const entry = createRequire(import.meta.url).resolve("node-llama-cpp");
    const file = join(dirname(entry), "utils", "gbnfJson", "getGbnfGrammarForGbnfJsonSchema.js");
    const module = (await import(pathToFileURL(file).href)) as {
      getGbnfGrammarForGbnfJsonSchema?: SchemaConverter;
    };
    const convert = module.getGbnfGrammarForGbnfJsonSchema;
    if (typeof convert !== "function") {
      throw new Error(
        `internal: ${file} has no getGbnfGrammarForGbnfJsonSchema; logprobe pins node-llama-cpp 3.21.1`,
      );
    }
    return convert;
  })();
  return converter;
}

/** The GBNF text for a `json_schema` format, within {@link GRAMMAR_LIMITS}. */
export async function grammarTextForSchema(schema: Record<string, unknown>, field: string): Promise<string> {
  const enforceable = toEnforceableSchema(schema, field);
  const convert = await schemaConverter();
  let text: string;
  try {
    text = convert(enforceable);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidInputError(
      field,
      `the JSON schema cannot be turned into a grammar: ${reason.slice(0, 200)}`,
      "a JSON schema the grammar converter accepts",
    );
  }
  const rules = text.split("\n").filter((line) => line.includes("::=")).length;
  if (rules > GRAMMAR_LIMITS.rules || text.length > GRAMMAR_LIMITS.bytes) {
    throw new InvalidInputError(
      field,
      `the schema's grammar has ${rules} rules and ${text.length} bytes, more than the caps on grammar rules (${GRAMMAR_LIMITS.rules}) and grammar size (${GRAMMAR_LIMITS.bytes} bytes)`,
      "a smaller schema (fewer properties, alternatives and enum values)",
    );
  }
  return text;
}

async function llamaGrammarFor(llama: Llama, format: ResponseFormat, field: string): Promise<LlamaGrammar> {
  if (format.type === "json_object") return llama.getGrammarFor("json");
  const text = await grammarTextForSchema(format.schema, field);
  return new LlamaGrammarClass(llama, {
    grammar: text,
    stopGenerationTriggers: schemaStopStrings,
    trimWhitespaceSuffix: true,
  });
}

function triggersOf(grammar: LlamaGrammar): string[] {
  return grammar.stopGenerationTriggers
    .flatMap((trigger) =>
      typeof trigger === "string" ? [trigger] : Array.isArray(trigger) ? [] : [trigger.toString()],
    )
    .filter((text) => text.length > 0);
}

/**
 * Creates the grammar state of one generation for `format`; `field` names the format in errors.
 * Throws {@link InvalidInputError} for a schema that cannot be enforced or passes a cap.
 */
export async function createGrammarConstraint(
  runtime: EngineRuntime,
  format: ResponseFormat,
  field = "responseFormat.schema",
): Promise<GrammarConstraint> {
  const llama = runtime.model.llama;
  const evaluator = runtime.evaluator;
  if (evaluator.createGrammar && evaluator.samplesNatively === true) {
    let text: string;
    let stopStrings: string[];
    if (format.type === "json_object") {
      const json = await llama.getGrammarFor("json");
      text = json.grammar;
      stopStrings = triggersOf(json);
    } else {
      text = await grammarTextForSchema(format.schema, field);
      stopStrings = schemaStopStrings;
    }
    let grammar: EvaluatorGrammar;
    try {
      grammar = await evaluator.createGrammar(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new InvalidInputError(
        field,
        `the schema's grammar does not parse: ${reason.slice(0, 200)}`,
        "a JSON schema the grammar converter accepts",
      );
    }
    return { kind: "native", format: format.type, grammar, stopStrings };
  }
  const bindings = grammarBindings(llama);
  const grammar = await llamaGrammarFor(llama, format, field);
  const state = (
    new LlamaGrammarEvaluationState({ model: runtime.model, grammar }) as unknown as { _state: unknown }
  )._state;
  const size = evaluator.vocabularySize;
  return {
    kind: "mask",
    format: format.type,
    grammar,
    stopStrings: triggersOf(grammar),
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
