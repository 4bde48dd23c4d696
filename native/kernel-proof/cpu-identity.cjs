// The identity of the CPU a proof ran on: the processor's model name, its flags and microcode
// (first processor of /proc/cpuinfo) and the kernel's release (the kernel decides which register
// state a thread may use). Built kernels proven on one identity are not used on another until the
// proof has run there too (a copied disk image, a VM moved to another host).
// CommonJS, so that the engine can check it synchronously while it loads the addon.
const { createHash } = require("node:crypto");
const { readFileSync } = require("node:fs");
const { release } = require("node:os");

/** The fields of the first processor in /proc/cpuinfo that `names` lists. */
function cpuinfoFields(cpuinfo, names) {
  const first = cpuinfo.split(/\n\s*\n/)[0] ?? "";
  const fields = {};
  for (const line of first.split("\n")) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim();
    if (names.includes(key)) fields[key] = line.slice(colon + 1).trim();
  }
  return fields;
}

/**
 * This machine's CPU identity: `{ modelName, flags, microcode, kernel, id }`, `id` a short hash of
 * the rest. LOGPROBE_TEST_CPU_IDENTITY (test-only) is mixed into the hash, so a test can play a
 * machine that differs from the one the install proved.
 *
 * @param {{ cpuinfo?: string, kernel?: string }} [input]
 */
function cpuIdentity(input = {}) {
  let cpuinfo = input.cpuinfo;
  if (cpuinfo === undefined) {
    try {
      cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
    } catch {
      cpuinfo = "";
    }
  }
  const fields = cpuinfoFields(cpuinfo, ["model name", "flags", "microcode"]);
  const identity = {
    modelName: fields["model name"] ?? "unknown",
    flags: fields.flags ?? "",
    microcode: fields.microcode ?? "unknown",
    kernel: input.kernel ?? release(),
  };
  const testing = process.env.LOGPROBE_TEST_CPU_IDENTITY ?? "";
  const id = createHash("sha256")
    .update(
      JSON.stringify([identity.modelName, identity.flags, identity.microcode, identity.kernel, testing]),
    )
    .digest("hex")
    .slice(0, 16);
  return { ...identity, id };
}

module.exports = { cpuIdentity };
