/**
 * Spreads requests over several models (one per server) and fails over between them: round-robin,
 * or least-busy (the model with the fewest requests in flight; ties go round-robin), both skipping
 * servers that are down (see {@link ServerHealth}). A request that fails with a retryable error
 * (network error, timeout, 5xx, 429) is tried again on another server before the same one is tried
 * again; `Retry-After` is honoured; an item fails only when its attempts are spent (at least one on
 * every server that is up, and `maxRetries + 1` in all) or the error is not retryable.
 */
import { ApiCallError, CancelledError, InvalidInputError } from "../../core/errors.js";
import type { LogprobModel } from "../../core/model.js";
import { defaultSleep } from "../http/post-json-with-retry.js";
import { type BackoffOptions, backoffDelay } from "../http/retry-delay.js";
import { type HealthSettings, ServerHealth, type ServerReport } from "./server-health.js";

/** How the next model is chosen. */
export type PoolStrategy = "round-robin" | "least-busy";

/** One model of a pool and its label (the server's URL). */
export interface PoolMember {
  model: LogprobModel;
  label: string;
}

/** Settings of {@link ModelPool}. */
export interface PoolOptions extends HealthSettings {
  /** Attempts after the first for one item, whatever the servers (default 2); see the module comment. */
  maxRetries?: number;
  /**
   * Asks a down server whether it answers again (e.g. GET /health). Default: none, and a down
   * server comes back for one trial request once its probe delay has passed.
   */
  probe?: (member: PoolMember, signal: AbortSignal) => Promise<boolean>;
  /** Backoff before trying again a server that already failed this item. */
  backoff?: BackoffOptions;
  /** Longest `Retry-After` honoured (ms); a longer one fails the item. Default 60 000. */
  maxRetryAfterMs?: number;
  /** How long an item waits for a server to come back when every server is down (ms). Default 60 000. */
  allDownWaitMs?: number;
  /** Told when a server goes down or comes back up. */
  onStateChange?: (label: string, state: "up" | "down") => void;
  /** Clock in ms (injectable for tests). Default performance.now. */
  now?: () => number;
  /** Waits; injectable so tests need not sleep. */
  sleep?: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
}

/** Whether an error may succeed on another attempt, and whether it says the server is unwell. */
function classify(error: unknown): { retryable: boolean; againstHealth: boolean } {
  if (!(error instanceof ApiCallError)) return { retryable: false, againstHealth: false };
  const againstHealth = error.status === undefined || error.status >= 500;
  return { retryable: error.isRetryable, againstHealth };
}

/** See the module comment. Cost: O(models) per pick. */
export class ModelPool {
  readonly members: readonly PoolMember[];
  readonly strategy: PoolStrategy;
  /** One health record per member, in member order. */
  readonly health: readonly ServerHealth[];
  private readonly options: PoolOptions;
  private readonly now: () => number;
  private readonly sleep: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
  private readonly closing = new AbortController();
  private readonly probing = new Set<number>();
  private upWaiters: (() => void)[] = [];
  private next = 0;

  /** @throws {InvalidInputError} on an empty pool */
  constructor(
    members: readonly PoolMember[],
    strategy: PoolStrategy = "round-robin",
    options: PoolOptions = {},
  ) {
    if (members.length === 0)
      throw new InvalidInputError("--base-url", "no server to send requests to", "at least one");
    this.members = members;
    this.strategy = strategy;
    this.options = options;
    this.health = members.map(({ label }) => new ServerHealth(label, options));
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** Requests each member has been sent (attempts). */
  get started(): number[] {
    return this.health.map((server) => server.requests);
  }

  /** Requests in flight per member. */
  busy(): readonly number[] {
    return this.health.map((server) => server.inFlight);
  }

  /** The end-of-run numbers of every member. */
  reports(): ServerReport[] {
    const now = this.now();
    return this.health.map((server) => server.report(now));
  }

  /** Stops the probes of down servers (call once the run ends). */
  close(): void {
    this.closing.abort();
    for (const wake of this.upWaiters) wake();
    this.upWaiters = [];
  }

  /**
   * Runs `work` on a chosen member, failing over as the module comment says.
   *
   * @returns what `work` returned on the attempt that succeeded
   * @throws the last attempt's error when the item fails; {@link CancelledError} when `signal` aborts
   */
  async use<T>(work: (member: PoolMember) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const count = this.members.length;
    const maxAttempts = Math.max(count, (this.options.maxRetries ?? 2) + 1);
    const failedHere = new Array<number>(count).fill(0);
    let lastError: unknown;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const index = await this.choose(failedHere, signal, lastError);
      const server = this.health[index] as ServerHealth;
      const cooling = server.coolUntil - this.now();
      const maxRetryAfterMs = this.options.maxRetryAfterMs ?? 60_000;
      if (cooling > maxRetryAfterMs) {
        throw new ApiCallError({
          message: `${lastError instanceof Error ? `${lastError.message}; ` : ""}${server.label} asks to wait ${Math.ceil(cooling / 1000)} s, more than the ${maxRetryAfterMs / 1000} s allowed`,
          url: server.label,
          isRetryable: true,
        });
      }
      const backoff =
        (failedHere[index] ?? 0) > 0 ? backoffDelay((failedHere[index] ?? 1) - 1, this.options.backoff) : 0;
      const wait = Math.max(cooling, backoff);
      if (wait > 0) await this.sleep(wait, signal);
      if (signal?.aborted) throw new CancelledError();
      server.requests++;
      server.inFlight++;
      const started = this.now();
      try {
        const value = await work(this.members[index] as PoolMember);
        server.recordSuccess(this.now() - started);
        return value;
      } catch (error) {
        if (error instanceof CancelledError || signal?.aborted) throw error;
        const { retryable, againstHealth } = classify(error);
        const now = this.now();
        if (error instanceof ApiCallError && error.retryAfterMs !== undefined) {
          server.coolUntil = Math.max(server.coolUntil, now + error.retryAfterMs);
        }
        if (server.recordFailure(now, againstHealth)) this.wentDown(index);
        if (!retryable) throw error;
        failedHere[index] = (failedHere[index] ?? 0) + 1;
        lastError = error;
      } finally {
        server.inFlight--;
      }
    }
    throw lastError;
  }

  /**
   * The member for the next attempt: among the servers that are up, those that failed this item
   * the fewest times, then those not asking to wait, then by the strategy. When every server is
   * down, waits for one to come back (up to `allDownWaitMs`, then fails with the last error).
   */
  private async choose(failedHere: readonly number[], signal: AbortSignal | undefined, lastError: unknown) {
    let waited = 0;
    for (;;) {
      const up = this.health.flatMap((server, index) => (server.isUp ? [index] : []));
      if (up.length > 0) return this.pickAmong(up, failedHere);
      const limit = this.options.allDownWaitMs ?? 60_000;
      if (waited >= limit) {
        throw (
          lastError ??
          new ApiCallError({
            message: `every server has been down for ${Math.round(limit / 1000)} s`,
            url: this.members.map(({ label }) => label).join(", "),
            isRetryable: true,
          })
        );
      }
      const before = this.now();
      // The timer is stopped as soon as a server comes back, so that it holds no process open.
      const stop = new AbortController();
      const timer = this.sleep(limit - waited, signal ? AbortSignal.any([signal, stop.signal]) : stop.signal);
      try {
        await Promise.race([this.untilSomeoneUp(), timer.catch(() => undefined)]);
      } finally {
        stop.abort();
      }
      if (signal?.aborted) throw new CancelledError();
      waited += this.now() - before;
    }
  }

  private pickAmong(up: readonly number[], failedHere: readonly number[]): number {
    const now = this.now();
    const fewest = Math.min(...up.map((index) => failedHere[index] ?? 0));
    let candidates = up.filter((index) => (failedHere[index] ?? 0) === fewest);
    const ready = candidates.filter((index) => (this.health[index] as ServerHealth).coolUntil <= now);
    if (ready.length > 0) candidates = ready;
    const count = this.members.length;
    // Rotation order from `next`, so that ties go round-robin.
    const ordered = [...candidates].sort(
      (a, b) => ((a - this.next + count) % count) - ((b - this.next + count) % count),
    );
    let best = ordered[0] as number;
    if (this.strategy === "least-busy") {
      for (const index of ordered) {
        if ((this.health[index] as ServerHealth).inFlight < (this.health[best] as ServerHealth).inFlight)
          best = index;
      }
    }
    this.next = (best + 1) % count;
    return best;
  }

  private untilSomeoneUp(): Promise<void> {
    return new Promise((resolve) => this.upWaiters.push(resolve));
  }

  /** A member just went down: tell, and probe it with back-off until it answers. */
  private wentDown(index: number): void {
    const server = this.health[index] as ServerHealth;
    this.options.onStateChange?.(server.label, "down");
    if (this.probing.has(index)) return;
    this.probing.add(index);
    void this.probeUntilUp(index).finally(() => this.probing.delete(index));
  }

  private async probeUntilUp(index: number): Promise<void> {
    const server = this.health[index] as ServerHealth;
    const member = this.members[index] as PoolMember;
    const closing = this.closing.signal;
    while (!server.isUp && !closing.aborted) {
      try {
        await this.sleep(Math.max(0, server.nextProbeAt - this.now()), closing);
      } catch {
        return;
      }
      const answered = this.options.probe
        ? await this.options.probe(member, closing).catch(() => false)
        : true;
      if (closing.aborted) return;
      server.recordProbe(this.now(), answered);
    }
    if (server.isUp) {
      this.options.onStateChange?.(server.label, "up");
      const waiters = this.upWaiters;
      this.upWaiters = [];
      for (const wake of waiters) wake();
    }
  }
}
