/**
 * Score: paste text, get every token's logprob from `POST /v1/score`, shown as a surprisal heatmap
 * (probability colours or GLTR rank buckets) with the server's perplexity and bits per byte.
 */
import { type FormEvent, useId, useState } from "react";
import type { LogprobSequence, ModelCapabilities } from "../../../src/core/index.js";
import type { ScoreResponse } from "../api/client.js";
import { formatQuantity } from "../lib/format.js";
import { useRequest } from "../lib/use-request.js";
import { ErrorNotice } from "./ErrorNotice.js";
import { ExportButton } from "./ExportButton.js";
import { SequenceView } from "./SequenceView.js";

/** The score result as a core sequence (what the views and the export take). */
export function scoredSequence(response: ScoreResponse): LogprobSequence {
  return {
    tokens: response.tokens,
    provenance: { source: "logprobe-score", model: response.model, distribution: "raw" },
    text: response.tokens.map((token) => token.token).join(""),
  };
}

/** The Score panel (see module comment). */
export function ScorePanel({
  model,
  capabilities,
}: {
  model: string;
  /** What the served model can do; `promptLogprobs: false` means it cannot score text. */
  capabilities?: ModelCapabilities | undefined;
}) {
  const canScore = capabilities?.promptLogprobs !== false;
  const maxAlternatives = Math.min(20, capabilities?.maxTopLogprobs ?? 20);
  const id = useId();
  const [text, setText] = useState("");
  const [alternatives, setAlternatives] = useState("5");
  const { result, error, running, runs, setError, post } = useRequest<ScoreResponse>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const topLogprobs = Number(alternatives);
    if (!Number.isInteger(topLogprobs) || topLogprobs < 0 || topLogprobs > maxAlternatives) {
      setError(
        new Error(
          `Alternatives is ${alternatives || "empty"}; it must be an integer from 0 to ${maxAlternatives}`,
        ),
      );
      return;
    }
    if (text === "") {
      setError(new Error("Text to score is empty; paste at least one character"));
      return;
    }
    await post("/v1/score", { input: text, top_logprobs: topLogprobs });
  };

  const sequence = result ? scoredSequence(result) : undefined;
  return (
    <div className="panel-body">
      <form className="score-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-text`}>Text to score</label>
          <textarea
            id={`${id}-text`}
            rows={6}
            value={text}
            placeholder="Paste any text to see how surprising each token is to the model."
            onChange={(event) => setText(event.target.value)}
          />
        </div>
        <div className="actions">
          <div className="field inline-field">
            <label htmlFor={`${id}-alternatives`}>Alternatives</label>
            <input
              id={`${id}-alternatives`}
              type="number"
              min={0}
              max={maxAlternatives}
              step={1}
              value={alternatives}
              onChange={(event) => setAlternatives(event.target.value)}
            />
          </div>
          <button type="submit" className="primary-button" disabled={running || !canScore}>
            Score
          </button>
          {running ? <span className="muted">scoring…</span> : null}
          {canScore ? null : (
            <span className="muted">
              The served model cannot score given text (it returns no prompt logprobs).
            </span>
          )}
        </div>
      </form>
      <ErrorNotice error={error} onDismiss={() => setError(null)} />
      {result && sequence ? (
        <section className="result" aria-label="Scored text">
          <div className="result-head">
            <h2>Scored text</h2>
            <ExportButton sequence={sequence} model={result.model ?? model} fileStem="logprobe-score" />
          </div>
          <dl className="stats headline">
            <dt>Perplexity</dt>
            <dd data-field="server-perplexity">{formatQuantity(result.perplexity)}</dd>
            <dt>Bits per byte</dt>
            <dd data-field="server-bits-per-byte">{formatQuantity(result.bits_per_byte)}</dd>
            <dt>Tokens</dt>
            <dd>{result.tokens.length}</dd>
          </dl>
          <p className="muted small">
            {result.bos_conditioned
              ? "The first token is conditioned on the model's start-of-text token."
              : "The first token has no context, so its probability is unknown (grey)."}
          </p>
          <SequenceView key={runs} tokens={result.tokens} label="Scored tokens" />
        </section>
      ) : null}
    </div>
  );
}
