#include "session.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <thread>

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
  if (model_ != nullptr) {
    llama_model_free(model_);
    model_ = nullptr;
  }
  n_past_ = 0;
}

ModelInfo Session::load(const std::string& path, const SessionOptions& options) {
  if (ctx_ != nullptr) throw std::runtime_error("session already holds a model");
  llama_model_params mp = llama_model_default_params();
  mp.n_gpu_layers = 0;
  model_ = llama_model_load_from_file(path.c_str(), mp);
  if (model_ == nullptr) throw std::runtime_error("llama.cpp could not load the model file " + path);

  const int32_t hw = static_cast<int32_t>(std::max(1u, std::thread::hardware_concurrency()));
  threads_ = options.threads > 0 ? options.threads : hw;
  llama_context_params cp = llama_context_default_params();
  cp.n_ctx = static_cast<uint32_t>(std::max(0, options.context_size));
  cp.n_batch = static_cast<uint32_t>(options.batch_size);
  cp.n_ubatch = static_cast<uint32_t>(std::min(options.ubatch_size, options.batch_size));
  cp.n_seq_max = 1;
  cp.n_threads = threads_;
  cp.n_threads_batch = options.threads_batch > 0 ? options.threads_batch : threads_;
  cp.no_perf = true;
  ctx_ = llama_init_from_model(model_, cp);
  if (ctx_ == nullptr) {
    close();
    throw std::runtime_error("llama.cpp could not create a context for " + path);
  }
  vocab_ = llama_model_get_vocab(model_);
  n_vocab_ = llama_vocab_n_tokens(vocab_);
  n_ctx_ = static_cast<int32_t>(llama_n_ctx(ctx_));
  n_batch_ = static_cast<int32_t>(llama_n_batch(ctx_));
  batch_ = llama_batch_init(n_batch_, 0, 1);
  batch_allocated_ = true;
  n_past_ = 0;
  return ModelInfo{n_vocab_,
                   n_ctx_,
                   llama_model_n_ctx_train(model_),
                   n_batch_,
                   llama_vocab_bos(vocab_),
                   llama_vocab_eos(vocab_),
                   llama_vocab_get_add_bos(vocab_)};
}

void Session::reduce_chunk(const DecodeRequest& request, int32_t chunk_begin, int32_t chunk_end,
                           DecodeResult& out) {
  // Positions [max(chunk_begin, stats_from), chunk_end) of request.tokens have logits in this chunk.
  const int32_t first = std::max(chunk_begin, request.stats_from);
  if (first >= chunk_end) return;
  const int32_t n = static_cast<int32_t>(request.tokens.size());
  const int32_t k = request.top_k;
  std::vector<const float*> rows(static_cast<size_t>(chunk_end - first));
  for (int32_t p = first; p < chunk_end; ++p) {
    const float* row = llama_get_logits_ith(ctx_, p - chunk_begin);
    if (row == nullptr) throw std::runtime_error("llama.cpp returned no logits for a requested position");
    rows[static_cast<size_t>(p - first)] = row;
  }
  auto work = [&](int32_t worker, int32_t workers) {
    for (int32_t p = first + worker; p < chunk_end; p += workers) {
      const size_t r = static_cast<size_t>(p - request.stats_from);
      const int32_t target = p + 1 < n ? request.tokens[static_cast<size_t>(p + 1)] : -1;
      PositionOut po{&out.log_sum_exp[r], &out.target_logprob[r], &out.entropy[r], &out.rank[r],
                     out.top_ids.data() + r * static_cast<size_t>(k),
                     out.top_logprobs.data() + r * static_cast<size_t>(k), nullptr};
      position_stats(rows[static_cast<size_t>(p - first)], n_vocab_, target, k, po);
    }
  };
  const int32_t workers = std::min(threads_, chunk_end - first);
  if (workers <= 1) {
    work(0, 1);
  } else {
    std::vector<std::thread> pool;
    pool.reserve(static_cast<size_t>(workers - 1));
    for (int32_t w = 1; w < workers; ++w) pool.emplace_back(work, w, workers);
    work(0, workers);
    for (auto& t : pool) t.join();
  }
  if (chunk_end == n && (request.last_top_k > 0 || request.temperature > 0.0)) {
    const float* row = rows.back();
    if (request.last_top_k > 0) {
      const int32_t lk = request.last_top_k;
      out.last_ids.resize(static_cast<size_t>(lk));
      out.last_logprobs.resize(static_cast<size_t>(lk));
      out.last_logits.resize(static_cast<size_t>(lk));
      double lse = 0, lp = 0, h = 0;
      int32_t rank = 0;
      position_stats(row, n_vocab_, -1, lk,
                     PositionOut{&lse, &lp, &h, &rank, out.last_ids.data(), out.last_logprobs.data(),
                                 out.last_logits.data()});
    }
    if (request.temperature > 0.0) {
      out.tempered_log_sum_exp = tempered_log_sum_exp(row, n_vocab_, request.temperature);
      if (request.u >= 0.0 && request.u < 1.0) {
        out.sampled = sample_tempered(row, n_vocab_, request.temperature, out.tempered_log_sum_exp, request.u);
        out.sampled_logprob =
            static_cast<double>(row[out.sampled]) / request.temperature - out.tempered_log_sum_exp;
      }
    }
  }
}

DecodeResult Session::decode(const DecodeRequest& request) {
  if (ctx_ == nullptr) throw std::runtime_error("session is closed");
  const int32_t n = static_cast<int32_t>(request.tokens.size());
  if (request.keep < 0 || request.keep > n_past_) throw std::runtime_error("keep is outside [0, position]");
  if (n == 0) throw std::runtime_error("tokens is empty");
  if (request.keep + n > n_ctx_) throw std::runtime_error("the request does not fit in the context");
  if (request.stats_from < 0 || request.stats_from > n) throw std::runtime_error("statsFrom is outside [0, tokens]");
  for (int32_t t : request.tokens) {
    if (t < 0 || t >= n_vocab_) throw std::runtime_error("token id outside the vocabulary");
  }

  llama_memory_t mem = llama_get_memory(ctx_);
  if (request.keep == 0) {
    llama_memory_clear(mem, true);
  } else if (request.keep < n_past_) {
    if (!llama_memory_seq_rm(mem, 0, request.keep, -1)) {
      llama_memory_clear(mem, true);
      n_past_ = 0;
      throw std::runtime_error("llama.cpp could not rewind the context");
    }
  }
  n_past_ = request.keep;

  DecodeResult out;
  const int32_t count = n - request.stats_from;
  const size_t k = static_cast<size_t>(request.top_k);
  out.count = count;
  out.log_sum_exp.resize(static_cast<size_t>(count));
  out.target_logprob.resize(static_cast<size_t>(count));
  out.entropy.resize(static_cast<size_t>(count));
  out.rank.resize(static_cast<size_t>(count));
  out.top_ids.resize(static_cast<size_t>(count) * k);
  out.top_logprobs.resize(static_cast<size_t>(count) * k);

  for (int32_t begin = 0; begin < n; begin += n_batch_) {
    const int32_t end = std::min(n, begin + n_batch_);
    batch_.n_tokens = end - begin;
    for (int32_t i = begin; i < end; ++i) {
      const int32_t j = i - begin;
      batch_.token[j] = request.tokens[static_cast<size_t>(i)];
      batch_.pos[j] = n_past_ + j;
      batch_.n_seq_id[j] = 1;
      batch_.seq_id[j][0] = 0;
      batch_.logits[j] = i >= request.stats_from ? 1 : 0;
    }
    auto t0 = std::chrono::steady_clock::now();
    const int32_t rc = llama_decode(ctx_, batch_);
    if (rc != 0) {
      llama_memory_clear(mem, true);
      n_past_ = 0;
      throw std::runtime_error("llama_decode failed with code " + std::to_string(rc));
    }
    llama_synchronize(ctx_);
    out.decode_ms += ms_since(t0);
    n_past_ += end - begin;
    t0 = std::chrono::steady_clock::now();
    reduce_chunk(request, begin, end, out);
    out.reduce_ms += ms_since(t0);
  }
  return out;
}

}  // namespace logprobe
