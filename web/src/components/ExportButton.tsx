/**
 * Downloads the shown sequence as OpenAI-format JSON (Chat Completions for generated text, legacy
 * Completions with echo for scored text), built on the client from core types.
 */
import type { LogprobSequence } from "../../../src/core/index.js";
import { toOpenAiJson } from "../lib/openai-export.js";

/** Props of {@link ExportButton}. */
export interface ExportButtonProps {
  sequence: LogprobSequence | undefined;
  model: string;
  finishReason?: string;
  /** Start of the file name, e.g. "logprobe-generate". */
  fileStem: string;
}

/** Saves `text` as a file through a temporary object URL. */
export function downloadText(fileName: string, text: string, type = "application/json"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = fileName;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The export button (disabled while there is nothing to export). */
export function ExportButton({ sequence, model, finishReason, fileStem }: ExportButtonProps) {
  return (
    <button
      type="button"
      className="secondary-button"
      disabled={!sequence || sequence.tokens.length === 0}
      onClick={() => {
        if (!sequence) return;
        const created = Math.floor(Date.now() / 1000);
        const json = toOpenAiJson(sequence, { model, created, ...(finishReason ? { finishReason } : {}) });
        downloadText(`${fileStem}-${created}.json`, `${JSON.stringify(json, null, 2)}\n`);
      }}
    >
      Export OpenAI JSON
    </button>
  );
}
