#!/usr/bin/env bash
# Runs on the GPU machine (device tool), from the repository root, after pack-for-device.sh:
# builds llama.cpp's CUDA backend and llama-perplexity from the bundled source, writes the
# synthetic Qwen2.5-0.5B-shaped model (F16, then Q4_K_M with llama.cpp's quantizer), and measures
# in one run: llama-perplexity CUDA (-ngl 99 -c 512, -b 512 and -b 8192), logprobe's native path
# on that CUDA backend (bench/gpu/score-throughput.ts: 1 x 512 and 16 x 512) and HF transformers
# (bench/gpu/hf-peer.py). Writes $OUT/gpu-results.json and logs; each step goes on after a
# failure of another.
set -uo pipefail
out="${OUT:-/tmp/out}"; mkdir -p "$out"
log() { echo "[$(date +%T)] $*" | tee -a "$out/steps.log"; }
xz -dc .gpu/node.xz >/tmp/node && chmod +x /tmp/node && export PATH=/tmp:$PATH
tar -xJf .gpu/project.tar.xz
here="$(pwd)"
old_root="$(node -p "require('./native/build/addon.json').binsDir.split('/node_modules/')[0]")"
sed -i "s#$old_root#$here#g" native/build/addon.json
# The addon's run path names the packing machine's folders: point the loader at this copy.
export LD_LIBRARY_PATH="$here/node_modules/@node-llama-cpp/linux-x64/bins/linux-x64:/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}"
log "node $(node --version); addon.json rebased from $old_root"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee -a "$out/steps.log"
lscpu | grep "Model name" | tee -a "$out/steps.log"

mkdir -p /tmp/llama && tar -xJf .gpu/llama-src.tar.xz -C /tmp/llama
log "cmake CUDA"
(cd /tmp/llama && cmake -S . -B build -G Ninja -DGGML_CUDA=ON -DCMAKE_CUDA_ARCHITECTURES=90 -DGGML_CUDA_FA=OFF \
  -DGGML_CUDA_NCCL=OFF -DBUILD_SHARED_LIBS=ON -DGGML_BACKEND_DL=ON -DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON \
  -DGGML_F16C=ON -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF \
  -DLLAMA_BUILD_SERVER=OFF >"$out/cmake.log" 2>&1 &&
  cmake --build build --target llama-perplexity ggml-cuda ggml-cpu -j 16 >>"$out/cmake.log" 2>&1) &
build_pid=$!

log "synthetic model (F16) and text"
node --import tsx bench/make-synthetic-gguf.ts --shape qwen2.5-0.5b --type f16 --out /tmp/model-f16.gguf >>"$out/steps.log" 2>&1
node --import tsx -e "import('./bench/corpus.ts').then(m => require('fs').writeFileSync('/tmp/text.txt', m.benchText(100000)))"
node -e "const a=require('./native/build/Release/logprobe_native.node'); const m=require('./native/build/addon.json'); a.init(m.binsDir, m.cpuBackend); a.quantize('/tmp/model-f16.gguf','/tmp/model-q4_k_m.gguf','Q4_K_M',16).then(()=>console.log('quantized'))" >>"$out/steps.log" 2>&1
log "hf peer"
(PYTHONUNBUFFERED=1 timeout 120 python3 bench/gpu/hf-peer.py >"$out/hf.json" 2>"$out/hf.log") &
hf_pid=$!
wait $build_pid; log "cuda build exit $? ($(ls /tmp/llama/build/bin/ 2>/dev/null | tr '\n' ' '))"
wait $hf_pid; log "hf exit $?"
cuda_lib=/tmp/llama/build/bin/libggml-cuda.so
for model in f16 q4_k_m; do
  for batch in 512 8192; do
    log "llama-perplexity $model -b $batch"
    timeout 120 /tmp/llama/build/bin/llama-perplexity -m /tmp/model-$model.gguf -f /tmp/text.txt -c 512 -b $batch -ngl 99 \
      --chunks 32 >"$out/ppl-$model-$batch.log" 2>&1
    grep -E "Final estimate|prompt eval time|tokens per second" "$out/ppl-$model-$batch.log" | tail -3 | tee -a "$out/steps.log"
  done
  log "logprobe $model"
  LOGPROBE_GPU_BACKEND=$cuda_lib timeout 180 node --import tsx bench/gpu/score-throughput.ts /tmp/model-$model.gguf /tmp/text.txt \
    >"$out/ours-$model.json" 2>"$out/ours-$model.log"
  log "ours exit $?: $(head -c 600 "$out/ours-$model.json")"
done
log "done"
