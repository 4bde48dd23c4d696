/** Types of downgrade-ladder.mjs. */
import type { CpuFeatureDecision } from "../build-cpu-backend.mjs";
export interface DowngradeStep {
  name: string;
  options: string[];
}
export interface DroppedStep {
  name: string;
  options: string[];
  reason: string | undefined;
}
export declare const DOWNGRADE_STEPS: DowngradeStep[];
export declare function enabledOptions(features: CpuFeatureDecision[]): string[];
export declare function dropStep(
  features: CpuFeatureDecision[],
  step: DowngradeStep,
  why: string,
): CpuFeatureDecision[] | undefined;
export declare function climbDownLadder<Proof extends { passed: boolean; failure?: string }>(options: {
  features: CpuFeatureDecision[];
  build: (features: CpuFeatureDecision[]) => string;
  prove: (path: string, features: CpuFeatureDecision[]) => Proof;
  log?: (message: string) => void;
}): {
  path: string | undefined;
  features: CpuFeatureDecision[];
  proof: Proof;
  dropped: DroppedStep[];
  reason?: string;
};
