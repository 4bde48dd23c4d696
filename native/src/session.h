// A llama.cpp model + context owned by logprobe's addon: decodes token batches and reduces the
// logits of each requested position to O(k) numbers (see position-stats.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "llama.h"
#include "sampling.h"

namespace logprobe {

struct SessionOptions {
  int32_t context_size = 0;   // 0 = the model's training context
  int32_t batch_size = 512;   // logical batch (tokens per llama_decode call)
  int32_t ubatch_size = 512;  // physical batch
  int32_t threads = 0;        // 0 = hardware concurrency
  int32_t threads_batch = 0;  // 0 = same as threads
  int32_t sequences = 1;      // independent sequences sharing the context (each gets context_size)
  int32_t gpu_layers = 0;     // layers offloaded to the registered GPU devices (-1 = all)
};

// One llama_decode call's worth of work (split into n_batch chunks when larger). Tokens of several
// sequences may be mixed; each token says its sequence and position.
struct DecodeRequest {
  std::vector<int32_t> tokens;
  std::vector<int32_t> seq_ids;    // sequence of each token, in [0, sequences)
  std::vector<int32_t> positions;  // position of each token in its sequence
  std::vector<uint8_t> outputs;    // 1: reduce the next-token distribution after this token
  std::vector<int32_t> targets;    // token whose logprob and rank are wanted, -1 for none
  std::vector<uint8_t> full;       // 1 (with outputs = 1): also copy the raw logits row out
  int32_t top_k = 1;               // alternatives per reduced position (>= 1: top[0] is the argmax)
  std::vector<SampleSpec> samples;  // empty, or one per token: active (with outputs = 1) = sample there
};

// Results in the order of the positions with outputs = 1.
struct DecodeResult {
  int32_t count = 0;
  std::vector<double> log_sum_exp, target_logprob, entropy;
  std::vector<int32_t> rank, top_ids;
  std::vector<float> top_logprobs;
  std::vector<float> full_logits;  // vocab_size floats per position with full = 1, in order
  // Sampled positions (sized by count when any position samples, else empty): see SampleOut.
  std::vector<int32_t> sample_id, sample_raw_rank, sample_rank, sample_top_ids;
  std::vector<double> sample_raw_logprob, sample_logprob, sample_entropy, sample_top_logprobs;
  double decode_ms = 0.0;          // time spent in llama_decode
  double reduce_ms = 0.0;          // time spent reducing logits
};

struct ModelInfo {
  int32_t vocab_size, context_size, train_context_size, batch_size, bos, eos;
  bool add_bos;
};

class Session {
 public:
  Session() = default;
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Loads the model (mmapped, CPU) and creates the context. Throws std::runtime_error.
  ModelInfo load(const std::string& path, const SessionOptions& options);
  // Runs one request. Throws std::runtime_error; when llama_decode fails, the tokens this request
  // wrote are removed from its sequences and everything else in the cache is kept.
  DecodeResult decode(const DecodeRequest& request);
  // Removes the tokens of `seq` from position `from` on. Returns false when llama.cpp cannot.
  bool rewind(int32_t seq, int32_t from);
  void close();
  bool loaded() const { return ctx_ != nullptr; }
  // The model's vocabulary (for grammars), null before load.
  const llama_vocab* vocab() const { return vocab_; }

 private:
  void reduce_chunk(const DecodeRequest& request, int32_t begin, int32_t end, const std::vector<int32_t>& out_index,
                    const std::vector<int32_t>& full_index, DecodeResult& out);

  void attach_threadpools(int32_t threads, int32_t threads_batch);

  llama_model* model_ = nullptr;
  ggml_threadpool_t pool_ = nullptr;
  ggml_threadpool_t pool_batch_ = nullptr;
  void (*pool_free_)(ggml_threadpool_t) = nullptr;
  llama_context* ctx_ = nullptr;
  const llama_vocab* vocab_ = nullptr;
  llama_batch batch_{};
  bool batch_allocated_ = false;
  std::vector<RandomState> randoms_;  // one random stream per sequence (seeded sampling)
  int32_t n_vocab_ = 0, n_ctx_ = 0, n_batch_ = 0, threads_ = 1, sequences_ = 1;
};

}  // namespace logprobe
