/** The CPU identity the kernel proof is recorded with (cpu-identity.cjs). */
import { afterEach, describe, expect, it, vi } from "vitest";
import { cpuIdentity } from "./cpu-identity.cjs";

const CPUINFO = [
  "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Processor\nmicrocode\t: 0x1\nflags\t\t: fpu sse avx2 amx_tile",
  "processor\t: 1\nmodel name\t: Other\nflags\t\t: fpu",
].join("\n\n");

describe("cpuIdentity", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("reads the first processor's model name, flags and microcode, and the kernel", () => {
    const identity = cpuIdentity({ cpuinfo: CPUINFO, kernel: "6.1.0" });
    expect(identity).toMatchObject({
      modelName: "Intel(R) Xeon(R) Processor",
      flags: "fpu sse avx2 amx_tile",
      microcode: "0x1",
      kernel: "6.1.0",
    });
    expect(identity.id).toMatch(/^[0-9a-f]{16}$/);
  });

  it("changes its id with the microcode, the kernel or the test-only switch", () => {
    const base = cpuIdentity({ cpuinfo: CPUINFO, kernel: "6.1.0" }).id;
    expect(cpuIdentity({ cpuinfo: CPUINFO.replace("0x1", "0x2"), kernel: "6.1.0" }).id).not.toBe(base);
    expect(cpuIdentity({ cpuinfo: CPUINFO, kernel: "6.2.0" }).id).not.toBe(base);
    vi.stubEnv("LOGPROBE_TEST_CPU_IDENTITY", "moved");
    expect(cpuIdentity({ cpuinfo: CPUINFO, kernel: "6.1.0" }).id).not.toBe(base);
  });
});
