// `quantize(input, output, type, threads)`: llama.cpp's own quantizer (llama_model_quantize, the
// function behind the llama-quantize tool) from the libllama the addon links. For tests and
// benchmarks that need Q8_0 / Q4_K_M / F16 versions of a synthetic GGUF.
#pragma once
#include <napi.h>

namespace logprobe {

Napi::Value Quantize(const Napi::CallbackInfo& info);

}  // namespace logprobe
