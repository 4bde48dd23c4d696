// Seeded sampling of one next-token distribution, natively: an exact port of core's
// `applySamplingSettings` (src/core/sampling: top-k -> typical-p -> top-p -> min-p -> temperature,
// double precision, same stable tie-breaking and renormalisation) and of `sampleIndex` drawing
// with `createRandom`'s uniform doubles (std::mt19937, u = (a + b * 2^32) / 2^64 from two
// outputs). Only O(k) numbers leave: the chosen id, its raw and processed numbers, and the
// processed top-k. Cost: O(V log V) worst case per position (sorts), O(V) memory.
//
// Under a grammar (SampleSpec.grammar) the step follows llama.cpp's common_sampler_sample: the
// chosen token is checked first (one grammar check), and only when the grammar rejects it is the
// distribution masked (one grammar pass over the vocabulary) and the token chosen again from the
// masked one (by a second generator seeded from (seed, draws), so that the stream still advances
// by one draw per step). The chosen token is then accepted into the grammar. With
// `report_after_grammar` the processed numbers describe the transforms applied after the
// grammar's mask (one grammar pass per step); the choice is the same either way.
#pragma once
#include <cstdint>
#include <memory>
#include <random>
#include <vector>

#include "grammar.h"

namespace logprobe {

// The settings of one sampling step (a field at its "disabled" value skips that transform).
struct SampleSpec {
  bool active = false;
  uint32_t seed = 0;
  uint64_t draws = 0;          // 32-bit outputs the generation's generator has produced before this step
  double temperature = 0.0;    // 0 = greedy (no draw)
  int32_t top_k = 0;           // 0 = disabled
  double top_p = 1.0;          // 1 = disabled
  double min_p = 0.0;          // 0 = disabled
  double typical_p = 1.0;      // 1 = disabled
  double repeat_penalty = 1.0;  // on the logits of `penalized`, as llama.cpp: x * penalty if x <= 0, else x / penalty
  std::vector<int32_t> penalized;  // distinct token ids the penalty applies to
  std::shared_ptr<Grammar> grammar;  // null = unconstrained
  bool report_after_grammar = false;  // processed numbers after the grammar's mask (costs one mask per step)
};

// SampleOut.id when the grammar allows no token at all.
constexpr int32_t kGrammarAllowsNone = -2;

// A generation's random stream, kept per sequence: reseeded when a step's (seed, draws) does not
// continue the stored state.
struct RandomState {
  bool seeded = false;
  uint32_t seed = 0;
  uint64_t draws = 0;
  std::mt19937 engine;
};

// Where one sampled position's results go. Arrays are owned by the caller.
struct SampleOut {
  int32_t* id;                 // chosen token, -1 when no candidate had a finite score, kGrammarAllowsNone
  double* raw_logprob;         // its logprob under the raw distribution (nats)
  int32_t* raw_rank;           // 1 + count of raw logprobs strictly greater
  double* processed_logprob;   // its logprob under the processed distribution (nats)
  double* processed_entropy;   // entropy of the processed distribution (nats)
  int32_t* processed_rank;     // 1 + count of processed logprobs strictly greater
  int32_t* top_ids;            // k ids of the processed top-k (ties: lower id), -1 past the end
  double* top_logprobs;        // their processed logprobs, -inf past the end
  int32_t k;
};

// Samples from softmax(logits) (raw logprobs are min(0, logit - lse), as JavaScript computes them).
void sample_position(const float* logits, int32_t n_vocab, double lse, const SampleSpec& spec,
                     RandomState& random, SampleOut out);

}  // namespace logprobe
