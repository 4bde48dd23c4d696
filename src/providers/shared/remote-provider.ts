/**
 * What every remote provider class shares: its model id, its transport (HTTP, retries, cache), the
 * capabilities remote APIs have in common, closing, and the provenance stamped on its sequences.
 */
import type { GenerateRequest, ModelCapabilities } from "../../core/model.js";
import type { DistributionKind, Provenance } from "../../core/types.js";
import type { ProviderTransport } from "./provider-transport.js";

/**
 * Capabilities of a remote API: no exact entropy (only top-k is returned), no beam search or
 * branching, no full distributions, raw-distribution logprobs, chat and text prompts, no prompt
 * scoring or tokenizer unless `overrides` says so.
 */
export function remoteCapabilities(
  overrides: Partial<ModelCapabilities> & Pick<ModelCapabilities, "maxTopLogprobs">,
): ModelCapabilities {
  return {
    promptLogprobs: false,
    exactEntropy: false,
    logprobsModes: ["raw"],
    textPrompt: true,
    chat: true,
    beamSearch: false,
    branching: false,
    tokenize: false,
    fullDistributions: false,
    ...overrides,
  };
}

/** Base of the provider classes; subclasses implement the LogprobModel methods. */
export abstract class RemoteProvider {
  abstract readonly source: string;
  readonly id: string;
  protected readonly transport: ProviderTransport;

  constructor(settings: { model: string; transport: ProviderTransport }) {
    this.id = settings.model;
    this.transport = settings.transport;
  }

  /** Releases the response cache when this provider opened it. */
  async close(): Promise<void> {
    this.transport.close();
  }

  /**
   * Provenance stamped on every sequence of a request: top-k only unless the API reports another
   * distribution; absent sampling settings are recorded as greedy (temperature 0 is sent).
   */
  protected provenance(
    request: { sampling?: GenerateRequest["sampling"] },
    distribution: DistributionKind = "top-k",
  ): Provenance {
    return {
      source: this.source,
      model: this.id,
      distribution,
      sampling: { temperature: 0, ...request.sampling },
    };
  }
}
