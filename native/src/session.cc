#include "session.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <thread>

#include "ggml-backend.h"
#include "ggml-cpu.h"
#include "position-stats.h"

namespace logprobe {

namespace {
double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

Session::~Session() { close(); }

void Session::close() {
  if (batch_allocated_) {
    llama_batch_free(batch_);
    batch_allocated_ = false;
  }
  if (ctx_ != nullptr) {
    llama_free(ctx_);
    ctx_ = nullptr;
  }
  if (pool_free_ != nullptr) {
    if (pool_ != nullptr) pool_free_(pool_);
    if (pool_batch_ != nullptr) pool_free_(pool_batch_);
  }
  pool_ = nullptr;
  pool_batch_ = nullptr;
  if (model_ != nullptr) {
    llama_model_free(model_);
    model_ = nullptr;
  }
}

// Persistent CPU threadpools, as llama.cpp's own tools attach (common_threadpools::init). Without
// them ggml creates and joins threads for every graph; on busy cores each new thread waits for a
// time slice while its partner spins at the first barrier, which made single-token decodes two
// orders of magnitude slower on a shared 2-core machine.
void Session::attach_threadpools(int32_t threads, int32_t threads_batch) {
  ggml_backend_dev_t cpu = ggml_backend_dev_by_type(GGML_BACKEND_DEVICE_TYPE_CPU);
  if (cpu == nullptr) return;
  ggml_backend_reg_t reg = ggml_backend_dev_backend_reg(cpu);
  using NewFn = ggml_threadpool_t (*)(ggml_threadpool_params*);
  using FreeFn = void (*)(ggml_threadpool_t);
  auto new_fn = reinterpret_cast<NewFn>(ggml_backend_reg_get_proc_address(reg, "ggml_threadpool_new"));
  auto free_fn = reinterpret_cast<FreeFn>(ggml_backend_reg_get_proc_address(reg, "ggml_threadpool_free"));
  if (new_fn == nullptr || free_fn == nullptr) return;
  pool_free_ = free_fn;
  ggml_threadpool_params pool_params = ggml_threadpool_params_default(threads);
  if (threads_batch != threads) {
    ggml_threadpool_params batch_pool_params = ggml_threadpool_params_default(threads_batch);
    pool_batch_ = new_fn(&batch_pool_params);
    pool_params.paused = true;
  }
  pool_ = new_fn(&pool_params);
  if (pool_ != nullptr) llama_attach_threadpool(ctx_, pool_, pool_batch_);
}

ModelInfo Session::load(const std::string& path, const SessionOptions& options) {
  if (ctx_ != nullptr) throw std::runtime_error("session already holds a model");
  llama_model_params model_params = llama_model_default_params();
  // With a GPU backend registered (addon `loadBackend`), llama.cpp offloads this many layers to
  // it; -1 offloads every layer. Logits come back to the host once per decode, where
  // position-stats.cc reduces them on the compute thread's pool.
  model_params.n_gpu_layers = options.gpu_layers < 0 ? std::numeric_limits<int32_t>::max() : options.gpu_layers;
  model_ = llama_model_load_from_file(path.c_str(), model_params);
  if (model_ == nullptr) throw std::runtime_error("llama.cpp could not load the model file " + path);

  const int32_t hw = static_cast<int32_t>(std::max(1u, std::thread::hardware_concurrency()));
  threads_ = options.threads > 0 ? options.threads : hw;
  sequences_ = std::max(1, options.sequences);
  const int32_t per_sequence = options.context_size > 0 ? options.context_size : llama_model_n_ctx_train(model_);
  llama_context_params context_params = llama_context_default_params();
  context_params.n_ctx = static_cast<uint32_t>(per_sequence) * static_cast<uint32_t>(sequences_);
  context_params.n_batch = static_cast<uint32_t>(options.batch_size);
  context_params.n_ubatch = static_cast<uint32_t>(std::min(options.ubatch_size, options.batch_size));
  context_params.n_seq_max = static_cast<uint32_t>(sequences_);
  context_params.n_threads = threads_;
  context_params.n_threads_batch = options.threads_batch > 0 ? options.threads_batch : threads_;
  context_params.no_perf = true;
  ctx_ = llama_init_from_model(model_, context_params);
  if (ctx_ == nullptr) {
    close();
    throw std::runtime_error("llama.cpp could not create a context for " + path);
  }
  attach_threadpools(threads_, static_cast<int32_t>(context_params.n_threads_batch));
  vocab_ = llama_model_get_vocab(model_);
  n_vocab_ = llama_vocab_n_tokens(vocab_);
  n_ctx_ = static_cast<int32_t>(llama_n_ctx_seq(ctx_));
  n_batch_ = static_cast<int32_t>(llama_n_batch(ctx_));
  randoms_.assign(static_cast<size_t>(sequences_), RandomState{});
  batch_ = llama_batch_init(n_batch_, 0, 1);
  batch_allocated_ = true;
  return ModelInfo{n_vocab_,
                   n_ctx_,
                   llama_model_n_ctx_train(model_),
                   n_batch_,
                   llama_vocab_bos(vocab_),
                   llama_vocab_eos(vocab_),
                   llama_vocab_get_add_bos(vocab_)};
}

bool Session::rewind(int32_t seq, int32_t from) {
  if (ctx_ == nullptr || seq < 0 || seq >= sequences_ || from < 0) return false;
  return llama_memory_seq_rm(llama_get_memory(ctx_), seq, from, -1);
}

void Session::reduce_chunk(const DecodeRequest& request, int32_t begin, int32_t end,
                           const std::vector<int32_t>& out_index, const std::vector<int32_t>& full_index,
                           DecodeResult& out) {
  // Rows of this chunk's outputs, in order; batch index = offset of the token in the chunk.
  struct Row {
    const float* logits;
    int32_t token;  // index into request.tokens
  };
  std::vector<Row> rows;
  for (int32_t i = begin; i < end; ++i) {
    if (request.outputs[static_cast<size_t>(i)] == 0) continue;
    const float* row = llama_get_logits_ith(ctx_, i - begin);
    if (row == nullptr) throw std::runtime_error("llama.cpp returned no logits for a requested position");
    rows.push_back(Row{row, i});
  }
  if (rows.empty()) return;
  const size_t k = static_cast<size_t>(request.top_k);
  const size_t v = static_cast<size_t>(n_vocab_);
  auto work = [&](size_t worker, size_t workers) {
    for (size_t j = worker; j < rows.size(); j += workers) {
      const int32_t i = rows[j].token;
      const size_t r = static_cast<size_t>(out_index[static_cast<size_t>(i)]);
      PositionOut position_out{&out.log_sum_exp[r], &out.target_logprob[r], &out.entropy[r], &out.rank[r],
                     out.top_ids.data() + r * k, out.top_logprobs.data() + r * k, nullptr};
      position_stats(rows[j].logits, n_vocab_, request.targets[static_cast<size_t>(i)], request.top_k, position_out);
      if (!request.samples.empty() && request.samples[static_cast<size_t>(i)].active) {
        // At most one sampled position per sequence per request (checked in decode), so each
        // worker touches its own sequence's random stream.
        SampleOut sample_out{&out.sample_id[r],         &out.sample_raw_logprob[r], &out.sample_raw_rank[r],
                     &out.sample_logprob[r],    &out.sample_entropy[r],     &out.sample_rank[r],
                     out.sample_top_ids.data() + r * k, out.sample_top_logprobs.data() + r * k,
                     request.top_k};
        sample_position(rows[j].logits, n_vocab_, out.log_sum_exp[r], request.samples[static_cast<size_t>(i)],
                        randoms_[static_cast<size_t>(request.seq_ids[static_cast<size_t>(i)])], sample_out);
      }
      const int32_t f = full_index[static_cast<size_t>(i)];
      if (f >= 0) std::copy(rows[j].logits, rows[j].logits + v, out.full_logits.data() + static_cast<size_t>(f) * v);
    }
  };
  // Reducing a row reads a whole vocabulary of logits (0.6 MB for 151,936 tokens, about a
  // millisecond), so threads pay off here even when started per chunk: a batch of scored
  // positions has hundreds of rows per thread, and a generation step (one row) starts none. The
  // slow case the threadpool comment above describes is ggml's own per-graph threads, which meet
  // at a barrier for every operation.
  const size_t workers = std::min(static_cast<size_t>(threads_), rows.size());
  if (workers <= 1) {
    work(0, 1);
  } else {
    std::vector<std::thread> pool;
    pool.reserve(workers - 1);
    for (size_t w = 1; w < workers; ++w) pool.emplace_back(work, w, workers);
    work(0, workers);
    for (auto& t : pool) t.join();
  }
}

DecodeResult Session::decode(const DecodeRequest& request) {
  if (ctx_ == nullptr) throw std::runtime_error("session is closed");
  const size_t n = request.tokens.size();
  if (n == 0) throw std::runtime_error("tokens is empty");
  if (request.seq_ids.size() != n || request.positions.size() != n || request.outputs.size() != n ||
      request.targets.size() != n || request.full.size() != n) {
    throw std::runtime_error("seqIds, positions, outputs, targets and full must have one entry per token");
  }
  if (request.top_k < 1 || request.top_k > n_vocab_) throw std::runtime_error("topK is outside [1, vocabulary size]");
  if (!request.samples.empty() && request.samples.size() != n) throw std::runtime_error("samples must have one entry per token");
  bool sampling = false;
  std::vector<uint8_t> sampled_sequence(static_cast<size_t>(sequences_), 0);
  std::vector<int32_t> out_index(n, -1), full_index(n, -1);
  int32_t count = 0, full_count = 0;
  for (size_t i = 0; i < n; ++i) {
    const int32_t t = request.tokens[i];
    if (t < 0 || t >= n_vocab_) throw std::runtime_error("token id outside the vocabulary");
    if (request.seq_ids[i] < 0 || request.seq_ids[i] >= sequences_) throw std::runtime_error("sequence id out of range");
    if (request.positions[i] < 0 || request.positions[i] >= n_ctx_) {
      throw std::runtime_error("position outside the context of " + std::to_string(n_ctx_) + " tokens");
    }
    if (request.targets[i] >= n_vocab_) throw std::runtime_error("target id outside the vocabulary");
    if (request.outputs[i] != 0) out_index[i] = count++;
    if (request.outputs[i] != 0 && request.full[i] != 0) full_index[i] = full_count++;
    if (!request.samples.empty() && request.samples[i].active) {
      if (request.outputs[i] == 0) throw std::runtime_error("a sampled position must be an output");
      uint8_t& seen = sampled_sequence[static_cast<size_t>(request.seq_ids[i])];
      if (seen != 0) throw std::runtime_error("at most one sampled position per sequence per decode");
      seen = 1;
      sampling = true;
    }
  }

  DecodeResult out;
  const size_t k = static_cast<size_t>(request.top_k);
  const size_t c = static_cast<size_t>(count);
  out.count = count;
  out.log_sum_exp.resize(c);
  out.target_logprob.resize(c);
  out.entropy.resize(c);
  out.rank.resize(c);
  out.top_ids.resize(c * k);
  out.top_logprobs.resize(c * k);
  out.full_logits.resize(static_cast<size_t>(full_count) * static_cast<size_t>(n_vocab_));
  if (sampling) {
    out.sample_id.assign(c, -1);
    out.sample_raw_rank.assign(c, 0);
    out.sample_rank.assign(c, 0);
    out.sample_raw_logprob.assign(c, 0.0);
    out.sample_logprob.assign(c, 0.0);
    out.sample_entropy.assign(c, 0.0);
    out.sample_top_ids.assign(c * k, -1);
    out.sample_top_logprobs.assign(c * k, 0.0);
  }

  llama_memory_t mem = llama_get_memory(ctx_);
  // Where this request starts writing in each of its sequences, to undo only its own tokens when
  // a decode fails (other sequences, and the earlier tokens of these, stay in the cache).
  std::vector<int32_t> first_position(static_cast<size_t>(sequences_), -1);
  for (size_t i = 0; i < n; ++i) {
    int32_t& first = first_position[static_cast<size_t>(request.seq_ids[i])];
    if (first < 0 || request.positions[i] < first) first = request.positions[i];
  }
  for (size_t begin = 0; begin < n; begin += static_cast<size_t>(n_batch_)) {
    const size_t end = std::min(n, begin + static_cast<size_t>(n_batch_));
    batch_.n_tokens = static_cast<int32_t>(end - begin);
    for (size_t i = begin; i < end; ++i) {
      const size_t j = i - begin;
      batch_.token[j] = request.tokens[i];
      batch_.pos[j] = request.positions[i];
      batch_.n_seq_id[j] = 1;
      batch_.seq_id[j][0] = request.seq_ids[i];
      batch_.logits[j] = request.outputs[i] != 0 ? 1 : 0;
    }
    auto t0 = std::chrono::steady_clock::now();
    const int32_t rc = llama_decode(ctx_, batch_);
    if (rc != 0) {
      for (int32_t seq = 0; seq < sequences_; ++seq) {
        const int32_t first = first_position[static_cast<size_t>(seq)];
        if (first >= 0) llama_memory_seq_rm(mem, seq, first, -1);
      }
      throw std::runtime_error("llama_decode failed with code " + std::to_string(rc) +
                               " (this decode's tokens were removed; other tokens are kept)");
    }
    llama_synchronize(ctx_);
    out.decode_ms += ms_since(t0);
    t0 = std::chrono::steady_clock::now();
    reduce_chunk(request, static_cast<int32_t>(begin), static_cast<int32_t>(end), out_index, full_index, out);
    out.reduce_ms += ms_since(t0);
  }
  return out;
}

}  // namespace logprobe
