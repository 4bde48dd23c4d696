#!/usr/bin/env bash
# Records the KL-divergence oracle for test/engine/kl-divergence-oracle.test.ts (never run by tests).
#
# llama.cpp's tools are built once from the source node-llama-cpp 3.21.1 bundles (see
# bench/build-peers.ts and ../shared/notes/peers.md), only the two targets needed, outside the repo:
#   git clone node_modules/node-llama-cpp/llama/gitRelease.bundle ~/.cache/logprobe-peers/llama.cpp
#   cd ~/.cache/logprobe-peers/llama.cpp && cmake -B build -DCMAKE_BUILD_TYPE=Release -DLLAMA_CURL=OFF \
#     -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_BUILD_UI=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_BUILD_TESTS=OFF
#   cmake --build build -j2 --target llama-perplexity llama-quantize
# Then, from the repository root:
#   bash test/engine/__fixtures__/record-kl-divergence-oracle.sh > test/engine/__fixtures__/kl-divergence-oracle.json
#
# It quantizes stories260K.gguf to Q8_0 and Q4_0 with llama-quantize (written next to this script:
# the test loads those exact files), writes the base model's log-probabilities with
# `llama-perplexity --kl-divergence-base`, then runs `--kl-divergence` for each quantization and
# parses llama.cpp's printed statistics into JSON.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="${LOGPROBE_PEERS_DIR:-$HOME/.cache/logprobe-peers/llama.cpp}/build/bin"
model="$here/../../../../shared/models/stories260K.gguf"
text="$here/kl-divergence-story.txt"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
context=128
common=(-c "$context" -b "$context" -t 1)

"$bin/llama-perplexity" -m "$model" -f "$text" "${common[@]}" --kl-divergence-base "$work/base.kld" >"$work/base.log" 2>&1
for quant in Q8_0 Q4_0; do
  "$bin/llama-quantize" "$model" "$here/stories260K-$quant.gguf" "$quant" >"$work/quantize-$quant.log" 2>&1
  "$bin/llama-perplexity" -m "$here/stories260K-$quant.gguf" "${common[@]}" \
    --kl-divergence-base "$work/base.kld" --kl-divergence >"$work/kld-$quant.log" 2>&1
done

python3 - "$work" "$here" "$context" <<'PYTHON'
import hashlib, json, re, sys
work, here, context = sys.argv[1], sys.argv[2], int(sys.argv[3])

def number(pattern, log):
    match = re.search(pattern, log, re.M)
    if not match:
        raise SystemExit(f"not found: {pattern}")
    return float(match.group(1))

def sha256(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()

pairs = {}
for quant in ["Q8_0", "Q4_0"]:
    log = open(f"{work}/kld-{quant}.log").read()
    quantize_log = open(f"{work}/quantize-{quant}.log").read()
    kld = r"\s+([-0-9.]+)"
    pairs[quant] = {
        "file": f"stories260K-{quant}.gguf",
        "sha256": sha256(f"{here}/stories260K-{quant}.gguf"),
        "fallbacks": sorted(set(re.findall(r"warning: (\S+) .*falling back to\s+(\S+)", quantize_log))),
        "command": f"llama-perplexity -m stories260K-{quant}.gguf -c {context} -b {context} -t 1 --kl-divergence-base base.kld --kl-divergence",
        "meanKld": number(r"^Mean\s+KLD:" + kld, log),
        "meanKldUncertainty": number(r"^Mean\s+KLD:\s+[-0-9.]+ ±\s+([0-9.]+)", log),
        "maximumKld": number(r"^Maximum KLD:" + kld, log),
        "percentileKld": {p: number(r"^" + re.escape(p) + r"%\s+KLD:" + kld, log) for p in ["99.9", "99.0", "95.0", "90.0", "10.0"]},
        "medianKld": number(r"^Median\s+KLD:" + kld, log),
        "sameTopPercent": number(r"^Same top p:\s+([0-9.]+)", log),
        "meanPplQ": number(r"^Mean PPL\(Q\)\s+:\s+([0-9.]+)", log),
        "meanPplBase": number(r"^Mean PPL\(base\)\s+:\s+([0-9.]+)", log),
        "rmsDeltaPPercent": number(r"^RMS Δp\s+:\s+([0-9.]+)", log),
        "chunks": int(number(r"computing over (\d+) chunks", log)),
    }
print(json.dumps({
    "source": "llama-perplexity and llama-quantize (llama.cpp 0.4.0-dev, commit 80fb11a, bundled with node-llama-cpp 3.21.1, built with cmake defaults: GGML_NATIVE on), recorded by test/engine/__fixtures__/record-kl-divergence-oracle.sh",
    "baseModel": "stories260K.gguf (sha256 270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d)",
    "baseCommand": f"llama-perplexity -m stories260K.gguf -f kl-divergence-story.txt -c {context} -b {context} -t 1 --kl-divergence-base base.kld",
    "quantizeCommand": "llama-quantize stories260K.gguf stories260K-QUANT.gguf QUANT",
    "textFile": "kl-divergence-story.txt",
    "windowSize": context,
    "note": "llama-perplexity stores the base log-probabilities as 16-bit steps over the top 16 nats of each position (rounding <= 1.2e-4 nats) and skips base tokens below -16 nats, so its per-token KLD carries that rounding (its minimum can be slightly negative).",
    "pairs": pairs,
}, indent=1, ensure_ascii=False))
PYTHON
