// A llama.cpp model + context owned by logprobe's addon: decodes token batches and reduces the
// logits of each requested position to O(k) numbers (see position-stats.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "llama.h"

namespace logprobe {

struct SessionOptions {
  int32_t context_size = 0;   // 0 = the model's training context
  int32_t batch_size = 512;   // logical batch (tokens per llama_decode call)
  int32_t ubatch_size = 512;  // physical batch
  int32_t threads = 0;        // 0 = hardware concurrency
  int32_t threads_batch = 0;  // 0 = same as threads
};

struct DecodeRequest {
  std::vector<int32_t> tokens;  // appended at position `keep`
  int32_t keep = 0;             // tokens of the current state kept before appending
  int32_t stats_from = 0;       // first index (into tokens) whose next-token distribution is reduced
  int32_t top_k = 0;            // alternatives per reduced position
  int32_t last_top_k = 0;       // extra candidates (with raw logits) for the final position
  double temperature = 0.0;     // > 0: also compute the tempered log-sum-exp of the final position
  double u = -1.0;              // in [0, 1) with temperature > 0: sample the final position natively
};

struct DecodeResult {
  int32_t count = 0;  // reduced positions
  std::vector<double> log_sum_exp, target_logprob, entropy;
  std::vector<int32_t> rank, top_ids;
  std::vector<float> top_logprobs;
  std::vector<int32_t> last_ids;
  std::vector<float> last_logprobs, last_logits;
  double tempered_log_sum_exp = 0.0;
  int32_t sampled = -1;
  double sampled_logprob = 0.0;  // under the tempered distribution
  double decode_ms = 0.0;        // time spent in llama_decode
  double reduce_ms = 0.0;        // time spent reducing logits
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
  // Runs one request. Throws std::runtime_error (the state is then cleared).
  DecodeResult decode(const DecodeRequest& request);
  void close();
  bool loaded() const { return ctx_ != nullptr; }
  int32_t position() const { return n_past_; }

 private:
  void reduce_chunk(const DecodeRequest& request, int32_t chunk_begin, int32_t chunk_end, DecodeResult& out);

  llama_model* model_ = nullptr;
  llama_context* ctx_ = nullptr;
  const llama_vocab* vocab_ = nullptr;
  llama_batch batch_{};
  bool batch_allocated_ = false;
  int32_t n_vocab_ = 0, n_ctx_ = 0, n_batch_ = 0, threads_ = 1;
  int32_t n_past_ = 0;
};

}  // namespace logprobe
