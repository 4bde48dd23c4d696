/**
 * Import: open a file (or paste text) from any provider `logprobe analyze` understands (a JSON
 * response, NDJSON or an SSE capture); the server's `POST /v1/analyze` detects the format and
 * normalises it, and the page shows it without running a model. The text is sent as it is, so
 * the server's located syntax errors reach the user.
 */
import { useId, useState } from "react";
import type { LogprobSequence } from "../../../src/core/index.js";
import { type AnalyzeResponse, postText } from "../api/client.js";
import { useRequest } from "../lib/use-request.js";
import { ErrorNotice } from "./ErrorNotice.js";
import { ExportButton } from "./ExportButton.js";
import { SequenceView } from "./SequenceView.js";

/** The Import panel (see module comment). */
export function ImportPanel() {
  const id = useId();
  const [pasted, setPasted] = useState("");
  const { result, error, running, runs, setError, run } = useRequest<{
    format: string;
    sequence: LogprobSequence;
    origin: string;
  }>();

  const analyze = async (text: string, origin: string) => {
    if (text.trim() === "") {
      setError(new Error(`${origin} is empty`));
      return;
    }
    await run(async (signal) => {
      const response = await postText<AnalyzeResponse>("/v1/analyze", text, signal);
      return { format: response.format, sequence: response.sequence, origin };
    });
  };

  const sequence = result?.sequence;
  return (
    <div className="panel-body">
      <div className="field">
        <label htmlFor={`${id}-file`}>File to import</label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".json,.jsonl,.ndjson,.txt,.sse,application/json,text/plain"
          disabled={running}
          onChange={async (event) => {
            const file = event.target.files?.[0];
            if (!file) return;
            await analyze(await file.text(), file.name);
            event.target.value = "";
          }}
        />
        <small className="muted">
          A response with logprobs from OpenAI (chat, completions, responses), vLLM, llama.cpp server, Ollama
          or Gemini, as JSON, NDJSON or a captured event stream, or a file exported here.
        </small>
      </div>
      <form
        className="field"
        onSubmit={(event) => {
          event.preventDefault();
          void analyze(pasted, "the pasted text");
        }}
      >
        <label htmlFor={`${id}-paste`}>Or paste a response</label>
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
