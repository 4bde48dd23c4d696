/**
 * Remote APIs choose tokens on the server, so a custom `GenerateRequest.sampler` cannot run there.
 * Every provider's request converter starts its warnings with {@link samplerWarnings}, so the
 * request still runs (with the API's own sampling) and the caller sees what was dropped.
 */
import type { GenerateRequest, ModelWarning } from "../../core/model.js";

/** The "unsupported-option" warning for `sampler` when the request has one, else none. O(1). */
export function samplerWarnings(request: Pick<GenerateRequest, "sampler">): ModelWarning[] {
  if (request.sampler === undefined) return [];
  return [
    {
      code: "unsupported-option",
      field: "sampler",
      message:
        "a custom sampler runs only in the embedded engine; this remote API chose the tokens with its own sampling",
    },
  ];
}
