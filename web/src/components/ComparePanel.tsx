/**
 * Compare: two served models on the same text (`POST /v1/compare`). The two sequences are shown
 * aligned, one column per token: the text's token, and under it what each model found most likely
 * there, each column coloured by the divergence of the two distributions (KL in decades, see
 * `divergence-colors.ts`; the lower bound when only top-k is known), with llama.cpp's KLD
 * statistics above.
 */
import type { CompareResult } from "../../../src/core/index.js";
import { DIVERGENCE_BANDS, divergenceColor } from "../lib/divergence-colors.js";
import { TOKEN_TEXT_COLOR } from "../lib/probability-colors.js";
import { useRequest } from "../lib/use-request.js";
import { visibleTokenText } from "../lib/visible-whitespace.js";
import { ModelPairForm } from "./ModelPairForm.js";
import { Warnings } from "./Warnings.js";

/** A KL divergence as llama-perplexity prints it (six decimals; "∞" unbounded, "–" unknown). */
export function formatDivergence(value: number | null | undefined): string {
  if (value === null || value === undefined) return "–";
  return Number.isFinite(value) ? value.toFixed(6) : "∞";
}

/** The divergence that colours a token: the exact KL, else its lower bound. */
export function tokenDivergence(token: CompareResult["tokens"][number]): number | null {
  return token.klDivergence ?? token.klDivergenceBounds?.lower ?? null;
}

/** The Compare panel (see module comment). */
export function ComparePanel() {
  const request = useRequest<CompareResult>();
  const { result } = request;

  const kld = result?.klDivergence;
  const bounds = result?.klDivergenceBounds;
  return (
    <div className="panel-body">
      <ModelPairForm
        text={{
          label: "Text to compare on",
          placeholder: "Paste a text: both models score it token by token.",
        }}
        roles={[
          { field: "base", label: "Base model" },
          { field: "model", label: "Compared model" },
        ]}
        button={{ label: "Compare", running: "comparing…" }}
        request={request}
        onSubmit={({ text, models }) => request.post("/v1/compare", { input: text, ...models })}
      />
      {result ? (
        <section className="result" aria-label="Comparison">
          <h2>
            {result.base} vs {result.model}
          </h2>
          <Warnings warnings={result.warnings} />
          <dl className="stats headline">
            {kld ? (
              <>
                <dt>Mean KLD</dt>
                <dd data-field="mean-kld">{formatDivergence(kld.mean)}</dd>
                <dt>Median KLD</dt>
                <dd data-field="median-kld">{formatDivergence(kld.median)}</dd>
                <dt>99% KLD</dt>
                <dd data-field="p99-kld">{formatDivergence(kld.percentiles["99"])}</dd>
                <dt>Same top p</dt>
                <dd data-field="same-top">{(100 * kld.sameTop).toFixed(2)}%</dd>
              </>
            ) : null}
            {bounds ? (
              <>
                <dt>Mean KLD at least</dt>
                <dd data-field="mean-kld-lower">{formatDivergence(bounds.meanLower)}</dd>
                <dt>Mean KLD at most</dt>
                <dd data-field="mean-kld-upper">
                  {formatDivergence(bounds.meanUpper ?? Number.POSITIVE_INFINITY)}
                </dd>
                <dt>Same top p</dt>
                <dd data-field="same-top">
                  {result.sameTop === null ? "–" : `${(100 * result.sameTop).toFixed(2)}%`}
                </dd>
              </>
            ) : null}
            <dt>Tokens compared</dt>
            <dd>{result.tokens.length}</dd>
          </dl>
          <p className="muted small">
            {result.method === "exact"
              ? "Exact: both models' full distributions, KL(base ‖ model) in nats."
              : "Bounds: only top-k logprobs are known, so each KL divergence is a lower bound (colour) and the upper bound is shown where finite."}{" "}
            Colour: KL in nats,{" "}
            {DIVERGENCE_BANDS.map((band) => (
              <span
                key={band.label}
                className="legend-swatch"
                style={{ backgroundColor: band.color, color: TOKEN_TEXT_COLOR }}
              >
                {band.label}
              </span>
            ))}
          </p>
          <h3 className="small">Aligned tokens</h3>
          <div className="aligned-sequences" data-field="aligned-tokens">
            <div className="aligned-labels">
              <span>text</span>
              <span>{result.base}</span>
              <span>{result.model}</span>
              <span>KL</span>
            </div>
            {result.tokens.map((token) => {
              const divergence = tokenDivergence(token);
              return (
                <div
                  key={token.index}
                  className="aligned-column"
                  data-token-index={token.index}
                  style={{ backgroundColor: divergenceColor(divergence), color: TOKEN_TEXT_COLOR }}
                  title={`logprob base ${token.baseLogprob?.toFixed(4) ?? "–"}, model ${token.modelLogprob?.toFixed(4) ?? "–"}`}
                >
                  <span className="aligned-token">{visibleTokenText(token.token)}</span>
                  <span>{token.baseTop === null ? "–" : visibleTokenText(token.baseTop)}</span>
                  <span className={token.sameTop === false ? "disagrees" : undefined}>
                    {token.modelTop === null ? "–" : visibleTokenText(token.modelTop)}
                  </span>
                  <span className="small">{formatDivergence(divergence)}</span>
                </div>
              );
            })}
          </div>
        </section>
      ) : null}
    </div>
  );
}
