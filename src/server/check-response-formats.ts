/**
 * Refuses, before a streamed answer starts, a structured-output format the model cannot enforce:
 * once an SSE stream has sent its 200, a refusal could only be an error event, so the routes that
 * stream generations with a `response_format` / `text.format` ask the model first
 * (`LogprobModel.checkResponseFormat`). The error names the client's field through the route's
 * `fieldRenames`, as a non-streamed refusal does.
 */
import type { GenerateRequest, LogprobModel } from "../core/model.js";

/** Throws the model's refusal of the first format in `requests` it cannot enforce. */
export async function checkResponseFormats(
  model: LogprobModel,
  requests: readonly Pick<GenerateRequest, "responseFormat">[],
): Promise<void> {
  if (!model.checkResponseFormat) return;
  for (const request of requests) {
    if (request.responseFormat) await model.checkResponseFormat(request.responseFormat);
  }
}
