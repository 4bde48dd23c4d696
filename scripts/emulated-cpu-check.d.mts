/** Types of emulated-cpu-check.mjs (for its test). */
import type { CpuFeatureDecision } from "../native/build-cpu-backend.mjs";
import type { ProofTypeVerdict } from "../native/kernel-proof/prove-cpu-kernels.mjs";
export declare const SCORE_TOLERANCE_NATS: number;
export declare function emulatedFeatures(cpu: string, workDir: string, logFile: string): CpuFeatureDecision[];
export interface EmulatedCpuResult {
  cpu: string;
  instructionSets: string[];
  proof: { passed: boolean; failure?: string; types: ProofTypeVerdict[] };
  score: {
    evaluator: { name: string; cpuKernels?: string; instructionSets?: string[] };
    perplexity: number;
    nativePerplexity: number;
    largestGapNats: number;
  };
  passed: boolean;
  seconds: number;
}
export declare function checkEmulatedCpu(
  cpu: string,
  options: { types?: string[]; model: string; workRoot: string },
): EmulatedCpuResult;
