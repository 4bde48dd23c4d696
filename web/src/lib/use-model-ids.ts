/** The ids of the models the server serves (`GET /v1/models`), for the pickers of Compare and Detect. */
import { useEffect, useState } from "react";
import { getJson } from "../api/client.js";

/** Reads the ids from a `/v1/models` answer; empty when malformed. */
export function modelIdsOf(body: unknown): string[] {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return [];
  return data.flatMap((entry) =>
    typeof (entry as { id?: unknown }).id === "string" ? [(entry as { id: string }).id] : [],
  );
}

/** The served model ids, fetched once (empty while loading or on failure). */
export function useModelIds(): string[] {
  const [ids, setIds] = useState<string[]>([]);
  useEffect(() => {
    const abort = new AbortController();
    getJson<unknown>("/v1/models", abort.signal)
      .then((body) => setIds(modelIdsOf(body)))
      .catch(() => setIds([]));
    return () => abort.abort();
  }, []);
  return ids;
}
