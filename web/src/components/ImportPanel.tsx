/**
 * Import: open a JSON file (or paste JSON) from any provider `logprobe analyze` understands; the
 * server's `POST /v1/analyze` normalises it and the page shows it without running a model.
 */
import { useId, useState } from "react";
import type { LogprobSequence } from "../../../src/core/index.js";
import { type AnalyzeResponse, postJson } from "../api/client.js";
import { ErrorNotice } from "./ErrorNotice.js";
import { ExportButton } from "./ExportButton.js";
import { SequenceView } from "./SequenceView.js";

/** Parses JSON text, naming where it came from in the error. */
export function parseJsonText(text: string, origin: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new Error(`${origin} is not valid JSON: ${(cause as Error).message}`);
  }
}

/** The Import panel (see module comment). */
export function ImportPanel() {
  const id = useId();
  const [pasted, setPasted] = useState("");
  const [result, setResult] = useState<{ format: string; sequence: LogprobSequence; origin: string } | null>(
    null,
  );
  const [error, setError] = useState<unknown>(null);
  const [running, setRunning] = useState(false);
  const [runs, setRuns] = useState(0);

  const analyze = async (text: string, origin: string) => {
    setError(null);
    setRunning(true);
    try {
      const body = parseJsonText(text, origin);
      const response = await postJson<AnalyzeResponse>("/v1/analyze", body);
      setResult({ format: response.format, sequence: response.sequence, origin });
      setRuns((count) => count + 1);
    } catch (caught) {
      setError(caught);
    } finally {
      setRunning(false);
    }
  };

  const sequence = result?.sequence;
  return (
    <div className="panel-body">
      <div className="field">
        <label htmlFor={`${id}-file`}>JSON file to import</label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".json,application/json"
          disabled={running}
          onChange={async (event) => {
            const file = event.target.files?.[0];
            if (!file) return;
            await analyze(await file.text(), file.name);
            event.target.value = "";
          }}
        />
        <small className="muted">
          OpenAI (chat, completions, responses), vLLM, llama.cpp server, Ollama or Gemini responses with
          logprobs, or a file exported here.
        </small>
      </div>
      <form
        className="field"
        onSubmit={(event) => {
          event.preventDefault();
          void analyze(pasted, "the pasted text");
        }}
      >
        <label htmlFor={`${id}-paste`}>Or paste JSON</label>
        <textarea
          id={`${id}-paste`}
          rows={4}
          value={pasted}
          onChange={(event) => setPasted(event.target.value)}
        />
        <div className="actions">
          <button type="submit" className="secondary-button" disabled={running || pasted.trim() === ""}>
            View
          </button>
        </div>
      </form>
      <ErrorNotice error={error} onDismiss={() => setError(null)} />
      {result && sequence ? (
        <section className="result" aria-label="Imported sequence">
          <div className="result-head">
            <h2>Imported</h2>
            <span className="muted">
              {result.origin}: {result.format}
              {sequence.provenance.model ? `, model ${sequence.provenance.model}` : ""},{" "}
              {sequence.provenance.distribution} logprobs
            </span>
            <ExportButton
              sequence={sequence}
              model={sequence.provenance.model ?? "unknown"}
              fileStem="logprobe-import"
            />
          </div>
          <SequenceView key={runs} tokens={sequence.tokens} label="Imported tokens" />
        </section>
      ) : null}
    </div>
  );
}
