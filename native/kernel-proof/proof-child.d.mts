/** Types of proof-child.mjs. */
export declare const PROOF_BATCHES: number[];
export declare function proofTokens(count: number, vocab: number): Int32Array;
export declare function injectedFailure(options: string[], setting?: string): "signal" | "gap" | undefined;
