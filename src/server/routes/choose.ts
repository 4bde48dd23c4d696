/**
 * `POST /v1/choose` (extension): multiple-choice evaluation, the numbers of `logprobe choose`:
 * each choice's loglikelihood as a continuation of its item's context (the context evaluated once
 * per item on the engine), and lm-eval's `acc`, `acc_norm` and `acc_bytes` with their standard
 * errors (see core's multiple-choice/).
 */
import { Hono } from "hono";
import { choiceItem } from "../../core/multiple-choice/choice-item.js";
import { summarizeChoices } from "../../core/multiple-choice/choice-summary.js";
import { type ScoredChoiceItem, scoreChoiceItem } from "../../core/multiple-choice/score-choice-item.js";
import { withModelWork } from "../model-work.js";
import { readJson } from "../read-json.js";
import { chooseRequestSchema } from "../schemas/choose-request.js";
import type { ServerEnv, ServerState } from "../server-state.js";

/** The choose route. */
export function chooseRoute(state: ServerState): Hono<ServerEnv> {
  return new Hono<ServerEnv>().post("/v1/choose", async (c) => {
    const body = await readJson(c, chooseRequestSchema);
    const model = state.registry.resolve(body.model);
    const items = body.items.map((item, index) =>
      choiceItem(item.context, item.choices, item.gold, {
        field: `items[${index}]`,
        ...(body.delimiter !== undefined ? { delimiter: body.delimiter } : {}),
      }),
    );
    const scored = await withModelWork(c, state, async (work) => {
      const results: ScoredChoiceItem[] = [];
      for (const [index, item] of items.entries())
        results.push(await scoreChoiceItem(model, item, work.signal, `items[${index}].`));
      return results;
    });
    const summary = summarizeChoices(scored);
    return c.json({
      object: "choice_evaluation",
      model: model.id,
      items: summary.items,
      acc: summary.acc,
      acc_stderr: summary.accStderr,
      acc_norm: summary.accNorm,
      acc_norm_stderr: summary.accNormStderr,
      acc_bytes: summary.accBytes,
      acc_bytes_stderr: summary.accBytesStderr,
      ...(body.per_item
        ? {
            results: scored.map((result, index) => ({
              index,
              ...(body.items[index]?.id !== undefined ? { id: body.items[index]?.id } : {}),
              gold: result.gold,
              pred: result.pred,
              pred_norm: result.predNorm,
              pred_bytes: result.predBytes,
              pred_llama_perplexity: result.predLlamaPerplexity,
              acc: result.acc,
              acc_norm: result.accNorm,
              acc_bytes: result.accBytes,
              loglikelihoods: result.loglikelihoods,
              token_counts: result.tokenCounts,
              exact: result.exact,
            })),
          }
        : {}),
      warnings: scored.flatMap((result, index) =>
        result.warnings.map((warning) => ({ ...warning, field: `items[${index}].${warning.field ?? ""}` })),
      ),
    });
  });
}
