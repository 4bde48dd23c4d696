/**
 * Spreads requests over several models (one per server): round-robin, or least-busy (the model
 * with the fewest requests in flight; ties go round-robin).
 */
import { InvalidInputError } from "../../core/errors.js";
import type { LogprobModel } from "../../core/model.js";

/** How the next model is chosen. */
export type PoolStrategy = "round-robin" | "least-busy";

/** One model of a pool and its label (the server's URL). */
export interface PoolMember {
  model: LogprobModel;
  label: string;
}

/** See the module comment. Cost: O(models) per pick. */
export class ModelPool {
  readonly members: readonly PoolMember[];
  readonly strategy: PoolStrategy;
  private readonly inFlight: number[];
  /** Requests each member has run (started). */
  readonly started: number[];
  private next = 0;

  /** @throws {InvalidInputError} on an empty pool */
  constructor(members: readonly PoolMember[], strategy: PoolStrategy = "round-robin") {
    if (members.length === 0)
      throw new InvalidInputError("--base-url", "no server to send requests to", "at least one");
    this.members = members;
    this.strategy = strategy;
    this.inFlight = members.map(() => 0);
    this.started = members.map(() => 0);
  }

  private pick(): number {
    const count = this.members.length;
    if (this.strategy === "round-robin") {
      const index = this.next;
      this.next = (this.next + 1) % count;
      return index;
    }
    let best = this.next;
    for (let step = 1; step < count; step++) {
      const index = (this.next + step) % count;
      if ((this.inFlight[index] ?? 0) < (this.inFlight[best] ?? 0)) best = index;
    }
    this.next = (best + 1) % count;
    return best;
  }

  /** Runs `work` on the chosen member, counting it as busy until `work` settles. */
  async use<T>(work: (member: PoolMember) => Promise<T>): Promise<T> {
    const index = this.pick();
    const member = this.members[index] as PoolMember;
    this.inFlight[index] = (this.inFlight[index] ?? 0) + 1;
    this.started[index] = (this.started[index] ?? 0) + 1;
    try {
      return await work(member);
    } finally {
      this.inFlight[index] = (this.inFlight[index] ?? 1) - 1;
    }
  }

  /** Requests in flight per member. */
  busy(): readonly number[] {
    return [...this.inFlight];
  }
}
