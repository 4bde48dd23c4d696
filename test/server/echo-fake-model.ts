/**
 * The fake bigram model (test/helpers/fake-model.ts) with `echo` support added: when a request
 * asks for it, the prompt's tokens (of `prompt`, or of the messages as the fake joins them) are scored with the fake's own `score` (BOS-conditioned, exact)
 * and returned as `result.prompt`. Optionally counts what each request did, for cancellation tests.
 */
import type { GenerateEvent, GenerateRequest, GenerateResult, LogprobModel } from "../../src/core/model.js";
import { createFakeModel } from "../helpers/fake-model.js";

/** What the wrapped model saw. */
export interface ModelProbe {
  /** Signals of the requests it received, in order. */
  signals: (AbortSignal | undefined)[];
  /** Token events it produced, over all requests. */
  tokensProduced: number;
}

/** Creates the echo-capable fake; `probe` (when given) records signals and token counts. */
export function createEchoFakeModel(options: { delayMs?: number; probe?: ModelProbe } = {}): LogprobModel {
  const base = createFakeModel(options.delayMs === undefined ? {} : { delayMs: options.delayMs });
  const addEcho = async (request: GenerateRequest, result: GenerateResult): Promise<GenerateResult> => {
    if (!request.echo) return result;
    // The fake's chat "template" joins the contents with newlines (test/helpers/fake-model.ts).
    const text = request.prompt ?? (request.messages ?? []).map((message) => message.content).join("\n");
    const scored = await base.score({ text, topLogprobs: request.topLogprobs ?? 0 });
    return {
      ...result,
      prompt: {
        ...scored.sequence,
        tokens: scored.sequence.tokens.map((token) => ({ ...token, prompt: true })),
      },
    };
  };
  async function* stream(request: GenerateRequest): AsyncGenerator<GenerateEvent> {
    options.probe?.signals.push(request.signal);
    for await (const event of base.stream(request)) {
      if (event.type === "done") yield { type: "done", result: await addEcho(request, event.result) };
      else {
        if (options.probe) options.probe.tokensProduced++;
        yield event;
      }
    }
  }
  return {
    id: base.id,
    source: base.source,
    capabilities: base.capabilities,
    ...(base.contextSize !== undefined ? { contextSize: base.contextSize } : {}),
    stream,
    async generate(request) {
      for await (const event of stream(request)) if (event.type === "done") return event.result;
      throw new Error("stream ended without a result");
    },
    score: (request) => base.score(request),
    tokenize: (text) => base.tokenize!(text),
    detokenize: (ids) => base.detokenize!(ids),
  };
}
