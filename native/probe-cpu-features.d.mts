/** Types of probe-cpu-features.mjs (for tests). */
import type { CpuFeatureDecision } from "./build-cpu-backend.mjs";
export declare const X86_FEATURES: { option: string; flags: string[]; test: string }[];
export declare function cpuinfoFlags(cpuinfo: string): Set<string>;
export declare function compileProbe(options: { outDir: string; logFile: string; verbose?: boolean }): string;
export declare function probeCpuFeatures(options: { cpuinfo: string; probe: string }): CpuFeatureDecision[];
export declare function featureSwitches(features: CpuFeatureDecision[]): string[];
