/**
 * The batch command's fleet: one {@link ModelPool} over the opened servers, with `--max-retries`
 * and `--down-after` applied, each down server probed over HTTP (`/health`, else `/models`), state
 * changes told on stderr, and the per-server table printed at the end. Loads provider code only.
 */
import type { LogprobModel } from "../core/model.js";
import type { ModelPool, PoolStrategy } from "../providers/batch/model-pool.js";
import type { CommandIo } from "./command-io.js";
import { fleetProgressSegment, renderFleetTable } from "./render/fleet-report.js";

/** An opened server (or the local engine) and its label. */
export interface FleetMember {
  model: LogprobModel;
  label: string;
}

/** What the fleet needs from the flags. */
export interface FleetSettings {
  strategy: PoolStrategy;
  /** Attempts after the first, per item (`--max-retries`; default 2). */
  maxRetries?: number;
  /** Consecutive failures that mark a server down (`--down-after`). */
  downAfter: number;
  /** Whether the members are remote servers (then probed over HTTP). */
  remote: boolean;
}

/** The pool, and what to show of it. */
export interface Fleet {
  pool: ModelPool;
  /** The progress line's segment ("" for one member). */
  progressSegment(): string;
  /** Prints the per-server table on stderr (only for several members). */
  printTable(): void;
}

/**
 * Builds the pool. Server state changes are printed on stderr as they happen, one line each
 * (`logprobe: batch: server #2 http://... is down; probing it`), so logs show them too.
 */
export async function openFleet(
  members: readonly FleetMember[],
  settings: FleetSettings,
  io: CommandIo,
  beforeMessage: () => void = () => undefined,
): Promise<Fleet> {
  const { ModelPool } = await import("../providers/batch/model-pool.js");
  const { probeServer } = await import("../providers/http/probe-server.js");
  const numberOf = (label: string) => members.findIndex((member) => member.label === label) + 1;
  const pool = new ModelPool(members, settings.strategy, {
    ...(settings.maxRetries !== undefined ? { maxRetries: settings.maxRetries } : {}),
    downAfter: settings.downAfter,
    ...(settings.remote ? { probe: (member, signal) => probeServer(member.label, { signal }) } : {}),
    onStateChange: (label, state) => {
      beforeMessage();
      io.stderr.write(
        state === "down"
          ? `logprobe: batch: server #${numberOf(label)} ${label} is down (${settings.downAfter} failures in a row); probing it\n`
          : `logprobe: batch: server #${numberOf(label)} ${label} answers again; back in the rotation\n`,
      );
    },
  });
  return {
    pool,
    progressSegment: () => (members.length > 1 ? fleetProgressSegment(pool.reports()) : ""),
    printTable: () => {
      if (members.length > 1) io.stderr.write(`${renderFleetTable(pool.reports())}\n`);
    },
  };
}
