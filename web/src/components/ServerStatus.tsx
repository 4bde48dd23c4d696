/**
 * The header's server line: which model `logprobe serve` has loaded (from `GET /v1/models`), or
 * why it cannot be reached. Import works without a model, so a failure here blocks nothing.
 */
import { useEffect, useState } from "react";
import type { ModelCapabilities } from "../../../src/core/index.js";
import { getJson } from "../api/client.js";
import { errorText } from "./ErrorNotice.js";

/** What the server said. */
export type ServerInfo =
  | { state: "loading" }
  | { state: "ready"; model: string; capabilities: ModelCapabilities | undefined }
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

/** Loads the server info once. */
export function useServerInfo(): ServerInfo {
  const [info, setInfo] = useState<ServerInfo>({ state: "loading" });
  useEffect(() => {
    const abort = new AbortController();
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
        if (!abort.signal.aborted) setInfo({ state: "error", message: errorText(error) });
      });
    return () => abort.abort();
  }, []);
  return info;
}

/** The status line. */
export function ServerStatus({ info }: { info: ServerInfo }) {
  if (info.state === "loading") return <p className="server-status muted">Connecting to the server…</p>;
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
