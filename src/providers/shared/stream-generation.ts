/**
 * The one way a remote provider streams a generation. The transport POSTs the request, yields the
 * protocol's payloads and fails a stream that closed before its protocol said it finished; the
 * provider's {@link GenerationStreamReader} says which output tokens each payload adds and builds
 * the result at the end. This helper numbers the tokens, places each at its offset in the
 * generated text, yields them, and yields the result with offsets relative to each sequence's own
 * text. Malformed payloads become ApiCallErrors naming the URL and the JSON path.
 */
import type { GenerateEvent, GenerateResult } from "../../core/model.js";
import type { TokenLogprob } from "../../core/types.js";
import type { ProviderTransport } from "./provider-transport.js";
import type { FinalPayloadTest } from "./stream-finished.js";
import { withResultOffsets } from "./with-text-offsets.js";

/** What one provider's streaming protocol contributes; state lives in the reader, one per request. */
export interface GenerationStreamReader {
  /**
   * The output tokens one payload adds, in order (none for a payload without logprobs); their
   * `textOffset` is set by {@link streamGeneration}.
   *
   * @throws {InvalidInputError} naming the JSON path when the payload does not match the protocol
   */
  read(payload: unknown): readonly TokenLogprob[];
  /** The result once the stream finished; `tokens` are all streamed tokens, placed. */
  result(tokens: TokenLogprob[]): GenerateResult;
}

/** Where and how a stream is requested. */
export interface GenerationStreamRequest {
  path: string;
  body: unknown;
  format: "sse" | "ndjson";
  /** The protocol's final payload (see stream-finished.ts). */
  isFinal: FinalPayloadTest;
  signal?: AbortSignal | undefined;
}

/**
 * Streams one generation: a `token` event per output token (index from 0, `textOffset` from 0 in
 * the generated text), then one `done` event with the reader's result. Cost: O(tokens) beyond the
 * reader's own.
 */
export async function* streamGeneration(
  transport: ProviderTransport,
  request: GenerationStreamRequest,
  reader: GenerationStreamReader,
): AsyncGenerator<GenerateEvent> {
  const { path, body, format, signal, isFinal } = request;
  const tokens: TokenLogprob[] = [];
  let offset = 0;
  const added = transport.postStream(path, body, format, signal, isFinal, (payload) => reader.read(payload));
  for await (const chunkTokens of added) {
    for (const token of chunkTokens) {
      const placed = { ...token, textOffset: offset };
      offset += token.token.length;
      tokens.push(placed);
      yield { type: "token", index: tokens.length - 1, token: placed };
    }
  }
  const result = transport.mapResponse(path, () => reader.result(tokens));
  yield { type: "done", result: withResultOffsets(result) };
}
