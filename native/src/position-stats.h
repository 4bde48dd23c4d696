// Per-position statistics of a next-token distribution, computed from raw logits in one read of
// the vocabulary: log-sum-exp, the target token's logprob and rank, exact entropy, and a partial
// top-k selection. Cost: O(V log k) time per position, O(k) extra memory.
#pragma once

#include <cstddef>
#include <cstdint>

namespace logprobe {

// Where one position's results go. Arrays are owned by the caller.
struct PositionOut {
  double* log_sum_exp;     // natural log of sum(exp(logit)), 1 value
  double* target_logprob;  // logprob (nats) of the target token, NaN when target < 0
  double* entropy;         // exact entropy (nats) of the full softmax distribution
  int32_t* rank;           // 1-based rank of the target (1 + count of strictly larger logits), 0 when none
  int32_t* top_ids;        // k token ids, most probable first (ties: lower id first)
  float* top_logprobs;     // k logprobs (nats), matching top_ids
  float* top_logits;       // k raw logits, matching top_ids (may be null)
};

// Computes the statistics of softmax(logits) over n_vocab entries. `k` may be 0. When k > n_vocab,
// only n_vocab entries are written and the rest are set to id -1 / -inf.
void position_stats(const float* logits, int32_t n_vocab, int32_t target, int32_t k, PositionOut out);

}  // namespace logprobe
