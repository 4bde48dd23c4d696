#include "position-stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace logprobe {

namespace {

struct Candidate {
  float logit;
  int32_t id;
};

// "a is a better candidate than b": larger logit, then lower id.
inline bool better(const Candidate& a, const Candidate& b) {
  return a.logit > b.logit || (a.logit == b.logit && a.id < b.id);
}

// Comparator that makes std::push_heap keep the worst candidate at the front (a min-heap).
inline bool heap_less(const Candidate& a, const Candidate& b) { return better(a, b); }

}  // namespace

void position_stats(const float* logits, int32_t n_vocab, int32_t target, int32_t k, PositionOut out) {
  // Pass 1: maximum logit (vectorisable).
  float max_logit = -std::numeric_limits<float>::infinity();
  for (int32_t i = 0; i < n_vocab; ++i) max_logit = std::max(max_logit, logits[i]);

  // Pass 2: sum of exp(l - max), sum of exp(l - max) * (l - max), rank, top-k heap.
  const double m = static_cast<double>(max_logit);
  double sum_e = 0.0;
  double sum_ed = 0.0;
  const float target_logit = target >= 0 ? logits[target] : 0.0f;
  int32_t greater = 0;
  const int32_t kk = std::min(k, n_vocab);
  std::vector<Candidate> heap;
  heap.reserve(static_cast<size_t>(kk) + 1);
  for (int32_t i = 0; i < n_vocab; ++i) {
    const float l = logits[i];
    const double d = static_cast<double>(l) - m;
    const double e = std::exp(d);
    if (e > 0.0) {
      sum_e += e;
      sum_ed += e * d;
    }
    greater += l > target_logit ? 1 : 0;
    if (kk > 0) {
      const Candidate c{l, i};
      if (static_cast<int32_t>(heap.size()) < kk) {
        heap.push_back(c);
        std::push_heap(heap.begin(), heap.end(), heap_less);
      } else if (better(c, heap.front())) {
        std::pop_heap(heap.begin(), heap.end(), heap_less);
        heap.back() = c;
        std::push_heap(heap.begin(), heap.end(), heap_less);
      }
    }
  }
  const double log_s = std::log(sum_e);
  const double lse = m + log_s;
  *out.log_sum_exp = lse;
  // H = -sum p log p = log S - (sum e d) / S, with d = l - max <= 0.
  *out.entropy = std::max(0.0, log_s - sum_ed / sum_e);
  if (target >= 0) {
    *out.target_logprob = static_cast<double>(target_logit) - lse;
    *out.rank = greater + 1;
  } else {
    *out.target_logprob = std::numeric_limits<double>::quiet_NaN();
    *out.rank = 0;
  }
  std::sort(heap.begin(), heap.end(), better);
  for (int32_t j = 0; j < k; ++j) {
    if (j < static_cast<int32_t>(heap.size())) {
      const Candidate& c = heap[static_cast<size_t>(j)];
      out.top_ids[j] = c.id;
      out.top_logprobs[j] = static_cast<float>(static_cast<double>(c.logit) - lse);
      if (out.top_logits != nullptr) out.top_logits[j] = c.logit;
    } else {
      out.top_ids[j] = -1;
      out.top_logprobs[j] = -std::numeric_limits<float>::infinity();
      if (out.top_logits != nullptr) out.top_logits[j] = -std::numeric_limits<float>::infinity();
    }
  }
}

}  // namespace logprobe
