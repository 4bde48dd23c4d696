/**
 * Tokenizing long texts off the main thread. llama.cpp's tokenizer is synchronous and linear in
 * the text (about 0.8 s per MB on a 2-core EPYC), so an 8 MB prompt on the main thread stalls
 * every other request, `/health` included, for seconds. Texts up to {@link INLINE_TOKENIZE_CHARS}
 * characters are tokenized in place (a few milliseconds at most); longer ones go to one worker
 * thread that loads the same GGUF file vocabulary-only (node-llama-cpp's `vocabOnly`: the
 * tokenizer, no weights) and answers in order. Same file, same llama.cpp tokenizer: the ids are
 * the ones the main thread would produce. Should the thread fail, long texts are tokenized in place.
 */
import { Worker } from "node:worker_threads";
import type { LlamaModel } from "node-llama-cpp";

/** Texts this long (UTF-16 code units) or shorter are tokenized on the calling thread. */
export const INLINE_TOKENIZE_CHARS = 16 * 1024;

/** Tokenizes text, off the main thread when it is long. */
export interface TextTokenizer {
  /**
   * Token ids of `text` (no BOS added), as `LlamaModel.tokenize(text, special)`: special-token
   * text parsed as special tokens when `special`, else read as plain text.
   */
  tokenize(text: string, special: boolean): Promise<number[]>;
  /** Stops the worker thread, if one was started. Pending calls reject. */
  close(): Promise<void>;
}

// The worker's source (CommonJS, evaluated): loads node-llama-cpp from the URL the main thread
// resolved, opens the vocabulary, then answers {id, text, special} with {id, tokens} (a
// transferred Uint32Array) or {id, error}.
const workerSource = `
const { parentPort, workerData } = require("node:worker_threads");
const ready = (async () => {
  const { getLlama, LlamaLogLevel } = await import(workerData.llamaUrl);
  const llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.error, progressLogs: false });
  return llama.loadModel({ modelPath: workerData.modelPath, vocabOnly: true });
})();
parentPort.on("message", async (message) => {
  try {
    const model = await ready;
    const tokens = Uint32Array.from(model.tokenize(message.text, message.special));
    parentPort.postMessage({ id: message.id, tokens }, [tokens.buffer]);
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: String(error && error.message ? error.message : error) });
  }
});
`;

interface Pending {
  resolve: (tokens: number[]) => void;
  reject: (error: Error) => void;
}

/**
 * A {@link TextTokenizer} over `model` (short texts) and a lazily started worker thread on
 * `modelPath` (long texts). Cost of the first long text: starting the thread and reading the
 * vocabulary (under a second for common vocabularies); afterwards one message each way.
 */
export function createTextTokenizer(model: LlamaModel, modelPath: string): TextTokenizer {
  let worker: Worker | undefined;
  // Set when the thread could not start or died: long texts are then tokenized in place.
  let threadFailed = false;
  let nextId = 0;
  const pending = new Map<number, Pending>();
  const failAll = (error: Error) => {
    threadFailed = true;
    for (const entry of pending.values()) entry.reject(error);
    pending.clear();
    worker = undefined;
  };
  const start = (): Worker => {
    const started = new Worker(workerSource, {
      eval: true,
      workerData: { llamaUrl: import.meta.resolve("node-llama-cpp"), modelPath },
    });
    started.on("message", (message: { id: number; tokens?: Uint32Array; error?: string }) => {
      const entry = pending.get(message.id);
      if (!entry) return;
      pending.delete(message.id);
      if (pending.size === 0) started.unref();
      if (message.tokens) entry.resolve(Array.from(message.tokens));
      else entry.reject(new Error(`tokenizer thread: ${message.error ?? "no answer"}`));
    });
    started.on("error", (error) => failAll(error));
    started.on("exit", (code) => failAll(new Error(`tokenizer thread exited with code ${code}`)));
    return started;
  };
  const inline = (text: string, special: boolean) => model.tokenize(text, special) as number[];
  return {
    async tokenize(text, special) {
      if (text.length <= INLINE_TOKENIZE_CHARS || threadFailed) return inline(text, special);
      worker ??= start();
      const id = nextId++;
      const answer = new Promise<number[]>((resolve, reject) => pending.set(id, { resolve, reject }));
      // A thread with work keeps the process alive (a CLI awaiting it has nothing else pending);
      // an idle one does not.
      worker.ref();
      worker.postMessage({ id, text, special });
      try {
        return await answer;
      } catch {
        // The thread failed (it could not load the vocabulary, or died): same tokens, in place.
        return inline(text, special);
      }
    },
    async close() {
      const running = worker;
      worker = undefined;
      if (running) await running.terminate();
    },
  };
}
