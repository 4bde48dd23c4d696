/** Types of cpu-identity.cjs. */
export interface CpuIdentity {
  modelName: string;
  flags: string;
  microcode: string;
  kernel: string;
  /** Short hash of the fields above (and of LOGPROBE_TEST_CPU_IDENTITY, test-only). */
  id: string;
}
export declare function cpuIdentity(input?: { cpuinfo?: string; kernel?: string }): CpuIdentity;
