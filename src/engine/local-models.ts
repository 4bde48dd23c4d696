/**
 * The GGUF files in logprobe's model cache (where `hf:` URIs and URLs are downloaded once), for
 * `logprobe models`. Reads only the file system.
 */
import { readdir, stat } from "node:fs/promises";
import { join, relative } from "node:path";

/** One cached model file. */
export interface LocalModel {
  /** Path relative to the cache directory (pass the full `path` as --model). */
  name: string;
  path: string;
  bytes: number;
}

/**
 * Every `*.gguf` file under `directory` (recursively), sorted by name; an absent directory gives
 * an empty list. Cost: one `stat` per entry.
 */
export async function listLocalModels(directory: string): Promise<LocalModel[]> {
  let entries: string[];
  try {
    entries = await readdir(directory, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const models: LocalModel[] = [];
  for (const entry of entries) {
    if (!entry.toLowerCase().endsWith(".gguf")) continue;
    const path = join(directory, entry);
    const info = await stat(path);
    if (info.isFile()) models.push({ name: relative(directory, path), path, bytes: info.size });
  }
  return models.sort((a, b) => a.name.localeCompare(b.name));
}
