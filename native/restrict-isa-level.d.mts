/** Types of restrict-isa-level.mjs (for tests and the benchmark). */
import type { CpuFeatureDecision } from "./build-cpu-backend.mjs";
export declare const ISA_LEVELS: Record<string, string[]>;
export declare function levelReason(level: string): string;
export declare function restrictToLevel(features: CpuFeatureDecision[], level: string): CpuFeatureDecision[];
