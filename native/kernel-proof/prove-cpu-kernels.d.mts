/** Types of prove-cpu-kernels.mjs. */
export interface ProofDecode {
  logprobs?: number[];
  failure?: string;
}
export interface ProofTypeVerdict {
  type: string;
  passed: boolean;
  gapNats?: number | null;
  failure?: string;
}
export interface ProofVerdict {
  passed: boolean;
  tolerance: number;
  types: ProofTypeVerdict[];
  failure?: string;
}
export declare const PROOF_TYPES: string[];
export declare const PROOF_TOLERANCE_NATS: number;
export declare const PROOF_VERSION: number;
export declare function proofModels(options: {
  addon: string;
  bins: string;
  workDir: string;
}): Map<string, string>;
export declare function decodeProofModels(options: {
  addon: string;
  bins: string;
  cpuBackend?: string;
  options?: string[];
  models: Map<string, string>;
  emulator?: string[];
}): Map<string, ProofDecode>;
export declare function largestGap(a: readonly number[], b: readonly number[]): number;
export declare function judgeProof(
  candidate: Map<string, ProofDecode>,
  reference: Map<string, ProofDecode>,
  tolerance?: number,
): ProofVerdict;
export declare function proveCpuKernels(options: {
  addon: string;
  bins: string;
  cpuBackend: string;
  options: string[];
  workDir: string;
  reference?: Map<string, ProofDecode>;
  emulator?: string[];
  models?: Map<string, string>;
}): ProofVerdict & { reference: Map<string, ProofDecode> };
