{
  "targets": [
    {
      "target_name": "logprobe_native",
      "sources": ["src/addon.cc", "src/session.cc", "src/position-stats.cc", "src/sampling.cc", "src/grammar.cc", "src/quantize.cc"],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "<!(node -p \"process.env.LOGPROBE_LLAMA_SRC + '/include'\")",
        "<!(node -p \"process.env.LOGPROBE_LLAMA_SRC + '/ggml/include'\")"
      ],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti"],
      "cflags_cc": ["-std=c++17", "-O3", "-fexceptions"],
      "libraries": [
        "<!(node -p \"process.env.LOGPROBE_LLAMA_BINS + '/' + process.env.LOGPROBE_LIBLLAMA\")",
        "<!(node -p \"process.env.LOGPROBE_LLAMA_BINS + '/' + process.env.LOGPROBE_LIBGGML\")",
        "<!(node -p \"process.env.LOGPROBE_LLAMA_BINS + '/libggml-base.so'\")",
        "-Wl,-rpath,<!(node -p \"process.env.LOGPROBE_LLAMA_BINS\")"
      ]
    }
  ]
}
