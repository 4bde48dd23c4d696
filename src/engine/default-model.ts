/**
 * The model used when none is given: Qwen2.5-0.5B-Instruct, Q4_K_M quantisation (about 491 MB,
 * Apache-2.0, 151,936-token vocabulary, 32,768-token context), from Qwen's official GGUF
 * repository on Hugging Face. Downloaded once into node-llama-cpp's model cache.
 */
export const DEFAULT_MODEL = "hf:Qwen/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q4_k_m.gguf";

/** Environment variable naming the model to use when none is passed. */
export const MODEL_ENVIRONMENT_VARIABLE = "LOGPROBE_MODEL";
