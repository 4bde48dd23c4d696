/** The models a server serves, looked up by the `model` field of a request. */
import type { LogprobModel } from "../core/model.js";
import { UnknownModelError } from "./server-errors.js";

function withoutExtension(name: string): string {
  return name.replace(/\.gguf$/i, "");
}

/** Finds models by id; the first model is the default. */
export class ModelRegistry {
  readonly models: readonly LogprobModel[];

  constructor(models: readonly LogprobModel[]) {
    this.models = models;
  }

  /** Model ids, in order. */
  get ids(): string[] {
    return this.models.map((model) => model.id);
  }

  /**
   * The model named `name` (its id, or its id without a `.gguf` extension); the default model when
   * `name` is absent. Throws {@link UnknownModelError} naming `field` (the request field that
   * held `name`) for any other name. Cost: O(models).
   */
  resolve(name: string | undefined, field = "model"): LogprobModel {
    const first = this.models[0];
    if (name === undefined && first) return first;
    const wanted = withoutExtension(name ?? "");
    const found = this.models.find((model) => model.id === name || withoutExtension(model.id) === wanted);
    if (!found) throw new UnknownModelError(name ?? "", this.ids, field);
    return found;
  }
}
