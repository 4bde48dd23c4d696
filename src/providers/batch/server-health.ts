/**
 * The health of one server of a batch fleet, as a circuit breaker: a server that fails
 * `downAfter` requests in a row (network errors, timeouts, 5xx) is marked down; while down it gets
 * no requests, only probes, spaced by exponential back-off; the first probe it answers brings it
 * back up. Also counts what the end-of-run table shows: requests, failures, latencies, time down.
 */
import { medianOfSorted } from "../../core/compare/kl-divergence-summary.js";
import { backoffDelay } from "../http/retry-delay.js";

/** Settings of {@link ServerHealth}. */
export interface HealthSettings {
  /** Consecutive failed requests that mark a server down. Default 3. */
  downAfter?: number;
  /** First wait before probing a down server (ms); doubles per failed probe. Default 500. */
  probeInitialDelayMs?: number;
  /** Longest wait between probes (ms). Default 10 000. */
  probeMaxDelayMs?: number;
  /** Random source in [0, 1) for the probes' jitter. Default Math.random. */
  random?: () => number;
}

/** What the end-of-run table shows for one server. */
export interface ServerReport {
  label: string;
  state: "up" | "down";
  /** Requests sent (attempts, each failover counted on the server that got it). */
  requests: number;
  /** Requests that answered with a result. */
  succeeded: number;
  /** Requests that failed (any error but a cancellation). */
  failures: number;
  /** Median latency of the succeeded requests (ms); undefined before the first. */
  medianLatencyMs: number | undefined;
  /** Total time marked down (ms), the current spell included. */
  downMs: number;
  /** Times it was marked down. */
  downSpells: number;
}

/** See the module comment. Times are in ms from the injected clock. */
export class ServerHealth {
  readonly label: string;
  private readonly downAfter: number;
  private readonly settings: HealthSettings;
  private consecutiveFailures = 0;
  private downSince: number | undefined;
  private probesFailed = 0;
  /** When the next probe is due (while down). */
  nextProbeAt = 0;
  /** No request before this time: the server asked to wait (`Retry-After`). */
  coolUntil = 0;
  private downTotalMs = 0;
  private spells = 0;
  requests = 0;
  succeeded = 0;
  failures = 0;
  /** Requests in flight. */
  inFlight = 0;
  private readonly latencies: number[] = [];

  constructor(label: string, settings: HealthSettings = {}) {
    this.label = label;
    this.settings = settings;
    this.downAfter = settings.downAfter ?? 3;
  }

  /** Whether requests may go to it. */
  get isUp(): boolean {
    return this.downSince === undefined;
  }

  /** Records a request that answered, after `latencyMs`. */
  recordSuccess(latencyMs: number): void {
    this.succeeded++;
    this.latencies.push(latencyMs);
    this.consecutiveFailures = 0;
  }

  /**
   * Records a failed request. `countsAgainstHealth` is false for answers that show the server alive
   * (a 4xx, a 429): they count as failures but do not move it towards down.
   *
   * @returns true when this failure marked the server down
   */
  recordFailure(now: number, countsAgainstHealth: boolean): boolean {
    this.failures++;
    if (!countsAgainstHealth) {
      this.consecutiveFailures = 0;
      return false;
    }
    this.consecutiveFailures++;
    if (this.isUp && this.consecutiveFailures >= this.downAfter) {
      this.markDown(now);
      return true;
    }
    return false;
  }

  /** Marks it down now; the first probe is due after the initial probe delay. */
  markDown(now: number): void {
    if (!this.isUp) return;
    this.downSince = now;
    this.spells++;
    this.probesFailed = 0;
    this.nextProbeAt = now + this.probeDelay();
  }

  /** Records a probe's outcome: up again, or the next probe is due after a longer wait. */
  recordProbe(now: number, answered: boolean): void {
    if (this.downSince === undefined) return;
    if (answered) {
      this.downTotalMs += now - this.downSince;
      this.downSince = undefined;
      this.consecutiveFailures = 0;
      return;
    }
    this.probesFailed++;
    this.nextProbeAt = now + this.probeDelay();
  }

  private probeDelay(): number {
    return backoffDelay(this.probesFailed, {
      initialDelayMs: this.settings.probeInitialDelayMs ?? 500,
      maxDelayMs: this.settings.probeMaxDelayMs ?? 10_000,
      ...(this.settings.random ? { random: this.settings.random } : {}),
    });
  }

  /** The numbers of the end-of-run table, at `now`. */
  report(now: number): ServerReport {
    return {
      label: this.label,
      state: this.isUp ? "up" : "down",
      requests: this.requests,
      succeeded: this.succeeded,
      failures: this.failures,
      medianLatencyMs:
        this.latencies.length > 0 ? medianOfSorted([...this.latencies].sort((a, b) => a - b)) : undefined,
      downMs: this.downTotalMs + (this.downSince === undefined ? 0 : now - this.downSince),
      downSpells: this.spells,
    };
  }
}
