/** Types of build-cpu-backend.mjs (for tests and the benchmark's peer build). */
export interface CpuFeatureDecision {
  option: string;
  enabled: boolean;
  reason?: string;
}
export declare function provenCpuFeatures(options: {
  probeDir: string;
  logFile: string;
  verbose?: boolean;
}): CpuFeatureDecision[];
export declare function buildCpuBackend(options: {
  bins: string;
  llamaSource: string;
  cacheRoot: string;
  outDir: string;
  logFile: string;
  verbose: boolean;
  log: (message: string) => void;
  features?: CpuFeatureDecision[];
}): { path: string; features: CpuFeatureDecision[]; buildDir: string };
