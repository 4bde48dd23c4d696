/**
 * An opt-in cache of remote responses in SQLite (better-sqlite3), keyed by the full request, so
 * repeated analysis of the same prompt costs no API call. Only successful JSON responses are
 * stored; the API key never is. The file (and SQLite's -wal and -shm files beside it) is readable
 * by its owner only (mode 600), and folders it creates are 700: cached prompts and answers are
 * private to the user.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type Database from "better-sqlite3";
import { InvalidInputError } from "../../core/errors.js";

/**
 * better-sqlite3's constructor, loaded on first use: importing logprobe (or running any command
 * without `--cache`) never loads SQLite's native binding.
 */
function loadDatabase(): typeof Database {
  return createRequire(import.meta.url)("better-sqlite3") as typeof Database;
}

/** Where a cache lives when no path is given: `$XDG_CACHE_HOME/logprobe/responses.sqlite` (or ~/.cache). */
export function defaultCachePath(environment: Record<string, string | undefined> = process.env): string {
  const base = environment.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "logprobe", "responses.sqlite");
}

/**
 * Creates `path` (and missing folders, mode 700) readable by its owner only, and narrows an
 * existing cache file and its -wal/-shm files to 600. SQLite gives the -wal and -shm files it
 * creates later the main file's mode.
 */
function createPrivateFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, "a", 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    if (existsSync(file)) chmodSync(file, 0o600);
  }
}

/** Counters of one cache instance. */
export interface CacheStats {
  hits: number;
  misses: number;
}

/** A store of JSON responses by request key. */
export interface ResponseCache {
  /** The stored response, or undefined. Counts a hit or a miss. */
  get(key: string): unknown;
  /** Stores a response (replacing any previous one). */
  set(key: string, value: unknown, meta?: { provider?: string; model?: string }): void;
  readonly stats: CacheStats;
  close(): void;
}

/**
 * {@link ResponseCache} in one SQLite file (WAL mode, so several processes may share it).
 * Cost: one indexed lookup per `get`; one insert per `set`.
 */
export class SqliteResponseCache implements ResponseCache {
  readonly path: string;
  readonly stats: CacheStats = { hits: 0, misses: 0 };
  private readonly database: Database.Database;
  private readonly select: Database.Statement<[string], { response: string }>;
  private readonly insert: Database.Statement<[string, number, string | null, string | null, string]>;

  /**
   * Opens (creating if needed) the cache file.
   *
   * @param path file path; ":memory:" for a private in-memory cache
   * @throws {InvalidInputError} on field `cache` when the file cannot be opened
   */
  constructor(path: string = defaultCachePath()) {
    this.path = path;
    try {
      if (path !== ":memory:") createPrivateFile(path);
      this.database = new (loadDatabase())(path);
      this.database.pragma("journal_mode = WAL");
      this.database.pragma("busy_timeout = 5000");
      this.database.exec(
        `CREATE TABLE IF NOT EXISTS responses (
           key TEXT PRIMARY KEY,
           created_at INTEGER NOT NULL,
           provider TEXT,
           model TEXT,
           response TEXT NOT NULL
         )`,
      );
    } catch (cause) {
      throw new InvalidInputError(
        "cache",
        `cannot open the response cache at ${path}: ${cause instanceof Error ? cause.message : String(cause)}`,
        "a writable file path",
      );
    }
    this.select = this.database.prepare("SELECT response FROM responses WHERE key = ?");
    this.insert = this.database.prepare(
      "INSERT OR REPLACE INTO responses (key, created_at, provider, model, response) VALUES (?, ?, ?, ?, ?)",
    );
  }

  get(key: string): unknown {
    const row = this.select.get(key);
    if (row === undefined) {
      this.stats.misses++;
      return undefined;
    }
    this.stats.hits++;
    return JSON.parse(row.response) as unknown;
  }

  set(key: string, value: unknown, meta: { provider?: string; model?: string } = {}): void {
    this.insert.run(key, Date.now(), meta.provider ?? null, meta.model ?? null, JSON.stringify(value));
  }

  close(): void {
    if (this.database.open) this.database.close();
  }
}
