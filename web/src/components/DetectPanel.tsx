/**
 * Detect: was a text written by a model, was it in the training data? `POST /v1/detect` with an
 * observer and a performer among the served models: the Binoculars score, Min-K% and Min-K%++,
 * and the GLTR rank buckets as numbers (counts and shares) with the tokens coloured by bucket.
 */
import { useId, useState } from "react";
import type { DetectResult } from "../../../src/core/index.js";
import { TOKEN_TEXT_COLOR } from "../lib/probability-colors.js";
import { RANK_BUCKETS, UNKNOWN_RANK_COLOR } from "../lib/rank-buckets.js";
import { useRequest } from "../lib/use-request.js";
import { visibleTokenText } from "../lib/visible-whitespace.js";
import { ModelPairForm, type ModelPairInput } from "./ModelPairForm.js";
import { Warnings } from "./Warnings.js";

const BUCKET_KEYS = ["top10", "top100", "top1000", "rest"] as const;

/** Colour of a detect token's GLTR bucket (the Score view's rank colours). */
export function bucketColor(bucket: DetectResult["tokens"][number]["bucket"]): string {
  const index = bucket === null ? -1 : BUCKET_KEYS.indexOf(bucket);
  return index < 0 ? UNKNOWN_RANK_COLOR : (RANK_BUCKETS[index]?.color ?? UNKNOWN_RANK_COLOR);
}

const score = (value: number | null) => (value === null ? "–" : value.toFixed(4));

/** The Detect panel (see module comment). */
export function DetectPanel() {
  const id = useId();
  const [k, setK] = useState("20");
  const request = useRequest<DetectResult>();
  const { result } = request;

  const submit = async ({ text, models }: ModelPairInput) => {
    const percent = Number(k);
    if (!(percent > 0 && percent <= 100)) {
      request.setError(new Error(`k is ${k || "empty"}; it must be a percentage above 0 and at most 100`));
      return;
    }
    await request.post("/v1/detect", { input: text, k: percent, ...models });
  };

  const gltr = result?.scores.gltr;
  return (
    <div className="panel-body">
      <ModelPairForm
        text={{
          label: "Text to check",
          placeholder: "Paste a text: was it written by a model, or seen in training?",
        }}
        roles={[
          { field: "observer", label: "Observer" },
          { field: "performer", label: "Performer" },
        ]}
        button={{ label: "Detect", running: "scoring…" }}
        request={request}
        onSubmit={submit}
      >
        <div className="field inline-field">
          <label htmlFor={`${id}-k`}>k (%)</label>
          <input
            id={`${id}-k`}
            type="number"
            min={1}
            max={100}
            value={k}
            onChange={(event) => setK(event.target.value)}
          />
        </div>
      </ModelPairForm>
      {result && gltr ? (
        <section className="result" aria-label="Detection scores">
          <h2>
            Observer {result.observer}, performer {result.performer}
          </h2>
          <Warnings warnings={result.warnings} />
          <dl className="stats headline">
            <dt>Binoculars</dt>
            <dd data-field="binoculars">{score(result.scores.binoculars)}</dd>
            <dt>Min-K% ({result.scores.k}%)</dt>
            <dd data-field="min-k">{score(result.scores.minKPercent)}</dd>
            <dt>Min-K%++</dt>
            <dd data-field="min-k-plus-plus">{score(result.scores.minKPercentPlusPlus)}</dd>
            <dt>Log-perplexity</dt>
            <dd data-field="log-perplexity">{score(result.scores.observerLogPerplexity)}</dd>
          </dl>
          <p className="muted small">
            Binoculars: low suggests machine-written text (calibrate a threshold with `logprobe detect
            --calibrate`). Min-K% and Min-K%++: high suggests the text was in the training data.
          </p>
          <table className="gltr-table" aria-label="GLTR rank buckets">
            <thead>
              <tr>
                <th scope="col">GLTR bucket</th>
                {RANK_BUCKETS.map((bucket) => (
                  <th
                    key={bucket.name}
                    scope="col"
                    style={{ backgroundColor: bucket.color, color: TOKEN_TEXT_COLOR }}
                  >
                    {bucket.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">tokens</th>
                {BUCKET_KEYS.map((key) => (
                  <td key={key} data-field={`gltr-count-${key}`}>
                    {gltr.counts[key]}
                  </td>
                ))}
              </tr>
              <tr>
                <th scope="row">share</th>
                {BUCKET_KEYS.map((key) => (
                  <td key={key} data-field={`gltr-share-${key}`}>
                    {(100 * gltr.fractions[key]).toFixed(1)}%
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
          <p className="token-strip" data-field="gltr-tokens">
            {result.tokens.map((token) => (
              <span
                key={token.index}
                data-token-index={token.index}
                className="token"
                style={{ backgroundColor: bucketColor(token.bucket), color: TOKEN_TEXT_COLOR }}
                title={`rank ${token.rank ?? "unknown"}, logprob ${token.logprob.toFixed(4)}`}
              >
                {visibleTokenText(token.token)}
              </span>
            ))}
          </p>
        </section>
      ) : null}
    </div>
  );
}
