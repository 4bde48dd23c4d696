/**
 * `POST /v1/classify` (extension): the probability of each label as the continuation of `input`,
 * normalised over the labels, with the chosen label or an abstention; the same numbers as
 * `logprobe classify` (core's `classify`: exact label-sequence logprobs through `score`, or the
 * first token's top-k, marked `approximate`, when the model cannot score given text).
 */
import { Hono } from "hono";
import { type ClassifyOptions, classify } from "../../core/decisions/classify.js";
import { withModelWork } from "../model-work.js";
import { readJson } from "../read-json.js";
import { classifyRequestSchema } from "../schemas/classify-request.js";
import type { ServerEnv, ServerState } from "../server-state.js";

/** The classify route. */
export function classifyRoute(state: ServerState): Hono<ServerEnv> {
  return new Hono<ServerEnv>().post("/v1/classify", async (c) => {
    const record = c.get("record");
    record.promptParam = "input";
    const body = await readJson(c, classifyRequestSchema);
    const model = state.registry.resolve(body.model);
    const result = await withModelWork(c, state, (work) => {
      const options: ClassifyOptions = { text: body.input, labels: body.labels, signal: work.signal };
      if (body.instruction != null) options.instruction = body.instruction;
      if (body.threshold != null) options.threshold = body.threshold;
      if (body.label_prefix != null) options.labelPrefix = body.label_prefix;
      return classify(model, options);
    });
    return c.json({
      object: "classification",
      model: result.model,
      label: result.label,
      abstained: result.abstained,
      threshold: result.threshold,
      labels: result.labels.map((entry) => ({
        label: entry.label,
        probability: entry.probability,
        logprob: entry.logprob,
        sequence_logprob: entry.sequenceLogprob,
        token_count: entry.tokenCount,
        exact: entry.exact,
      })),
      covered_mass: result.coveredMass,
      approximate: result.approximate,
      prompt: result.prompt,
      warnings: result.warnings,
    });
  });
}
