/**
 * Ollama's model names carry a tag (`name:tag`, `:latest` when none is written). A served model is
 * found by its id, its id without `.gguf`, or either with `:latest`; unknown names are a 404 as in
 * Ollama (`model '...' not found`, here with the served names).
 */
import type { LogprobModel } from "../../core/model.js";
import type { ModelRegistry } from "../model-registry.js";

/** The model for an Ollama `model` field. Throws UnknownModelError for an unknown name. */
export function resolveOllamaModel(registry: ModelRegistry, name: string): LogprobModel {
  return registry.resolve(name.endsWith(":latest") ? name.slice(0, -":latest".length) : name);
}

/** The Ollama name of a served model: its id with the `:latest` tag. */
export function ollamaModelName(model: LogprobModel): string {
  return `${model.id}:latest`;
}
