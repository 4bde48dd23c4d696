/** Types of build-cpu-backend.mjs (for tests). */
export declare function cpuFeatureSwitches(cpuinfo: string): string[];
export declare function buildCpuBackend(options: {
  bins: string;
  llamaSource: string;
  cacheRoot: string;
  outDir: string;
  verbose: boolean;
  log: (message: string) => void;
}): string;
