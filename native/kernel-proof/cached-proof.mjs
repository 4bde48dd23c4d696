// Proof verdicts kept on disk, so that one build on one CPU is proven once: the install keeps
// them in the build's CMake tree, the run-time guard (prove-on-this-cpu.mjs) in the cache
// folder. A verdict file names the CPU identity and the test-only switch it was made under;
// any change of either makes another file.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The verdict file in `dir` for `identity` (cpu-identity.mjs) and the `subject` proven. */
export function verdictFile(dir, identity, subject) {
  const hash = createHash("sha256")
    .update(JSON.stringify([identity.id, subject, process.env.LOGPROBE_TEST_PROOF_FAIL ?? ""]))
    .digest("hex")
    .slice(0, 16);
  return join(dir, `kernel-proof-${hash}.json`);
}

/**
 * The verdict in `file`, or `run()`'s, written to `file` (without its `reference` decodes).
 * A file that cannot be read is proven again.
 */
export function cachedProof(file, run) {
  if (existsSync(file)) {
    try {
      return { ...JSON.parse(readFileSync(file, "utf8")), cached: true };
    } catch {
      // unreadable: prove again
    }
  }
  const proof = run();
  const { reference: _reference, ...kept } = proof;
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(kept, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  return proof;
}
