/**
 * The header's server line: which model `logprobe serve` has loaded (from `GET /v1/models`), or
 * why it cannot be reached. Import works without a model, so a failure here blocks nothing. A
 * server started with `--api-key` answers 401: the line then asks for the key, keeps it for the
 * page session (api-key.ts) and asks the server again.
 */
import { type FormEvent, useCallback, useEffect, useState } from "react";
import type { ModelCapabilities } from "../../../src/core/index.js";
import { readApiKey, storeApiKey } from "../api/api-key.js";
import { getJson, ServerError } from "../api/client.js";
import { errorText } from "./ErrorNotice.js";

/** What the server said. */
export type ServerInfo =
  | { state: "loading" }
  | { state: "ready"; model: string; capabilities: ModelCapabilities | undefined }
  | { state: "needs-key"; message: string; retry: () => void }
  | { state: "error"; message: string };

/** Reads the first model id of a `/v1/models` answer. */
export function firstModelId(body: unknown): string | undefined {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return undefined;
  const first = data[0] as { id?: unknown } | undefined;
  return typeof first?.id === "string" ? first.id : undefined;
}

/** Reads the first model's `capabilities` extension of a `/v1/models` answer, when well formed. */
export function firstModelCapabilities(body: unknown): ModelCapabilities | undefined {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return undefined;
  const capabilities = (data[0] as { capabilities?: unknown } | undefined)?.capabilities;
  if (!capabilities || typeof capabilities !== "object") return undefined;
  const fields = capabilities as Record<string, unknown>;
  const flags = ["promptLogprobs", "branching", "chat", "textPrompt"] as const;
  if (typeof fields.maxTopLogprobs !== "number" || flags.some((flag) => typeof fields[flag] !== "boolean")) {
    return undefined;
  }
  return capabilities as ModelCapabilities;
}

/** Loads the server info once, and again after the user gives an API key. */
export function useServerInfo(): ServerInfo {
  const [info, setInfo] = useState<ServerInfo>({ state: "loading" });
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((value) => value + 1), []);
  useEffect(() => {
    void attempt;
    const abort = new AbortController();
    setInfo({ state: "loading" });
    getJson<unknown>("/v1/models", abort.signal)
      .then((body) => {
        const model = firstModelId(body);
        setInfo(
          model
            ? { state: "ready", model, capabilities: firstModelCapabilities(body) }
            : { state: "error", message: "the server lists no model" },
        );
      })
      .catch((error: unknown) => {
        if (abort.signal.aborted) return;
        if (error instanceof ServerError && error.status === 401) {
          setInfo({ state: "needs-key", message: errorText(error), retry });
        } else {
          setInfo({ state: "error", message: errorText(error) });
        }
      });
    return () => abort.abort();
  }, [attempt, retry]);
  return info;
}

/** Asks for the server's API key; stores it for the page session and asks the server again. */
function ApiKeyForm({ message, retry }: { message: string; retry: () => void }) {
  const [key, setKey] = useState("");
  const hadKey = readApiKey() !== undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    storeApiKey(key);
    retry();
  };
  return (
    <form className="server-status server-error" onSubmit={submit}>
      <span role="status">
        {hadKey ? `The server refused the key: ${message}. ` : "This server needs an API key. "}
      </span>
      <label>
        API key{" "}
        <input
          type="password"
          autoComplete="off"
          value={key}
          onChange={(event) => setKey(event.target.value)}
        />
      </label>{" "}
      <button type="submit" className="small-button" disabled={key.trim() === ""}>
        Use key
      </button>
    </form>
  );
}

/** The status line. */
export function ServerStatus({ info }: { info: ServerInfo }) {
  if (info.state === "loading") return <p className="server-status muted">Connecting to the server…</p>;
  if (info.state === "needs-key") return <ApiKeyForm message={info.message} retry={info.retry} />;
  if (info.state === "error") {
    return (
      <p className="server-status server-error" role="status">
        Server: {info.message}. Import still works.
      </p>
    );
  }
  return (
    <p className="server-status" role="status">
      Model: <code>{info.model}</code>
    </p>
  );
}
