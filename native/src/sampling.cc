#include "sampling.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace logprobe {

namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();

struct Candidate {
  int32_t id;
  double score;
};
using Candidates = std::vector<Candidate>;

// core's logSumExp: max, then the sum of exp(x - max) in order.
double log_sum_exp(const Candidates& c) {
  double maximum = kNegInf;
  for (const Candidate& x : c) {
    if (std::isnan(x.score)) return std::numeric_limits<double>::quiet_NaN();
    if (x.score > maximum) maximum = x.score;
  }
  if (maximum == kNegInf || maximum == std::numeric_limits<double>::infinity()) return maximum;
  double sum = 0.0;
  for (const Candidate& x : c) sum += std::exp(x.score - maximum);
  return maximum + std::log(sum);
}

// core's descendingOrder: positions of the `limit` highest scores, highest first, ties in
// position order (a stable sort; -0 equals 0).
std::vector<int32_t> descending_order(const std::vector<double>& scores, size_t limit) {
  const size_t count = scores.size();
  const size_t kept = std::min(limit, count);
  std::vector<int32_t> order(count);
  for (size_t i = 0; i < count; ++i) order[i] = static_cast<int32_t>(i);
  // Every transform returns its candidates sorted, so a later one usually gets sorted scores: the
  // stable order is then the identity (O(n) instead of a sort).
  bool sorted = true;
  for (size_t i = 1; i < count && sorted; ++i) sorted = scores[i - 1] >= scores[i];
  if (sorted) {
    order.resize(kept);
    return order;
  }
  if (count >= 256 && kept * 8 >= count) {
    // Most of the list: a stable LSD radix sort on the scores' bits, as core does (O(n), eight
    // 8-bit passes, so that small lists pay no large bucket table).
    std::vector<uint64_t> keys(count);
    for (size_t i = 0; i < count; ++i) {
      const double value = scores[i] + 0.0;  // -0 sorts as 0
      uint64_t bits;
      std::memcpy(&bits, &value, sizeof bits);
      bits = (bits >> 63) != 0 ? ~bits : bits ^ (uint64_t{1} << 63);  // ascending unsigned order
      keys[i] = ~bits;                                                  // descending
    }
    std::vector<int32_t> scratch(count);
    std::vector<uint32_t> buckets(256);
    for (int pass = 0; pass < 8; ++pass) {
      const int shift = 8 * pass;
      std::fill(buckets.begin(), buckets.end(), 0u);
      for (size_t i = 0; i < count; ++i) ++buckets[(keys[i] >> shift) & 0xff];
      if (buckets[(keys[0] >> shift) & 0xff] == count) continue;  // all digits equal
      uint32_t total = 0;
      for (uint32_t& bucket : buckets) {
        const uint32_t size = bucket;
        bucket = total;
        total += size;
      }
      for (size_t i = 0; i < count; ++i) {
        const int32_t position = order[i];
        scratch[buckets[(keys[static_cast<size_t>(position)] >> shift) & 0xff]++] = position;
      }
      order.swap(scratch);
    }
    order.resize(kept);
    return order;
  }
  // Sort (score, position) pairs in place: contiguous keys sort several times faster than
  // positions compared through the scores array.
  struct Keyed {
    double score;
    int32_t position;
  };
  std::vector<Keyed> keyed(count);
  for (size_t i = 0; i < count; ++i) keyed[i] = Keyed{scores[i], static_cast<int32_t>(i)};
  auto before = [](const Keyed& a, const Keyed& b) {
    return a.score > b.score || (a.score == b.score && a.position < b.position);
  };
  if (kept < count) {
    std::partial_sort(keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(kept), keyed.end(), before);
  } else {
    std::sort(keyed.begin(), keyed.end(), before);
  }
  order.resize(kept);
  for (size_t i = 0; i < kept; ++i) order[i] = keyed[i].position;
  return order;
}

std::vector<double> scores_of(const Candidates& c) {
  std::vector<double> s(c.size());
  for (size_t i = 0; i < c.size(); ++i) s[i] = c[i].score;
  return s;
}

// core's pickCandidates: the entries at `order`, scores divided by `temperature`, -inf dropped,
// renormalised with log-sum-exp.
Candidates pick(const Candidates& c, const std::vector<int32_t>& order, double temperature = 1.0) {
  Candidates out;
  out.reserve(order.size());
  for (int32_t position : order) {
    const Candidate& x = c[static_cast<size_t>(position)];
    if (x.score == kNegInf) continue;
    out.push_back(Candidate{x.id, x.score / temperature});
  }
  const double normaliser = log_sum_exp(out);
  for (Candidate& x : out) x.score = x.score - normaliser;
  return out;
}

Candidates all_sorted(const Candidates& c) { return pick(c, descending_order(scores_of(c), c.size())); }

Candidates apply_top_k(const Candidates& c, int32_t k) {
  const size_t limit = k <= 0 ? c.size() : static_cast<size_t>(k);
  return pick(c, descending_order(scores_of(c), limit));
}

Candidates apply_typical_p(const Candidates& c, double p) {
  if (p >= 1) return all_sorted(c);
  const double normaliser = log_sum_exp(c);
  const size_t count = c.size();
  std::vector<double> logprobs(count);
  double entropy = 0.0;
  for (size_t i = 0; i < count; ++i) {
    const double logprob = c[i].score - normaliser;
    logprobs[i] = logprob;
    if (logprob > kNegInf) entropy -= std::exp(logprob) * logprob;
  }
  std::vector<double> distance(count);
  for (size_t i = 0; i < count; ++i) distance[i] = -std::fabs(-logprobs[i] - entropy);
  const std::vector<int32_t> by_typicality = descending_order(distance, count);
  size_t kept = count;
  double cumulative = 0.0;
  for (size_t position = 0; position < count; ++position) {
    cumulative += std::exp(logprobs[static_cast<size_t>(by_typicality[position])]);
    if (cumulative > p) {
      kept = position + 1;
      break;
    }
  }
  std::vector<double> chosen_scores(kept);
  for (size_t j = 0; j < kept; ++j) chosen_scores[j] = c[static_cast<size_t>(by_typicality[j])].score;
  std::vector<int32_t> order = descending_order(chosen_scores, kept);
  for (int32_t& position : order) position = by_typicality[static_cast<size_t>(position)];
  return pick(c, order);
}

Candidates apply_top_p(const Candidates& c, double p) {
  if (p >= 1) return all_sorted(c);
  const double normaliser = log_sum_exp(c);
  const std::vector<double> scores = scores_of(c);
  // As core: the 256 most probable first, the full order only when their mass is short of p
  // (the prefix order is the same, so the cut is the same).
  const size_t first = 256;
  std::vector<size_t> limits;
  if (scores.size() > first) limits = {first, scores.size()};
  else limits = {scores.size()};
  for (size_t limit : limits) {
    std::vector<int32_t> order = descending_order(scores, limit);
    double cumulative = 0.0;
    for (size_t index = 0; index < order.size(); ++index) {
      cumulative += std::exp(scores[static_cast<size_t>(order[index])] - normaliser);
      if (cumulative >= p) {
        order.resize(index + 1);
        return pick(c, order);
      }
    }
    if (limit == scores.size()) return pick(c, order);
  }
  return all_sorted(c);
}

Candidates apply_min_p(const Candidates& c, double p) {
  if (p <= 0) return all_sorted(c);
  double maximum = kNegInf;
  for (const Candidate& x : c) maximum = std::max(maximum, x.score);
  const double cut = maximum + std::log(p);
  std::vector<int32_t> passing;
  for (size_t i = 0; i < c.size(); ++i)
    if (c[i].score >= cut) passing.push_back(static_cast<int32_t>(i));
  std::vector<double> passing_scores(passing.size());
  for (size_t j = 0; j < passing.size(); ++j) passing_scores[j] = c[static_cast<size_t>(passing[j])].score;
  std::vector<int32_t> order = descending_order(passing_scores, passing.size());
  for (int32_t& position : order) position = passing[static_cast<size_t>(position)];
  return pick(c, order);
}

Candidates apply_temperature(const Candidates& c, double temperature) {
  if (temperature == 0) {
    int64_t best = -1;
    for (size_t i = 0; i < c.size(); ++i) {
      if (c[i].score > kNegInf && (best < 0 || c[i].score > c[static_cast<size_t>(best)].score))
        best = static_cast<int64_t>(i);
    }
    if (best < 0) return {};
    return {Candidate{c[static_cast<size_t>(best)].id, 0.0}};
  }
  return pick(c, descending_order(scores_of(c), c.size()), temperature);
}

// createRandom's uniform double from two 32-bit outputs (the first is the low word).
double uniform(std::mt19937& engine) {
  const double low = static_cast<double>(engine());
  const double high = static_cast<double>(engine());
  const double value = (low + high * 4294967296.0) / 18446744073709551616.0;
  return value >= 1 ? 1 - std::numeric_limits<double>::epsilon() / 2 : value;
}

// core's sampleIndex: the first index whose running sum of exp(l - max) reaches u * total.
int64_t sample_index(const Candidates& c, std::mt19937& engine) {
  double maximum = kNegInf;
  for (const Candidate& x : c) maximum = std::max(maximum, x.score);
  if (maximum == kNegInf) return -1;
  double total = 0.0;
  for (const Candidate& x : c) total += std::exp(x.score - maximum);
  const double target = total * uniform(engine);
  double running = 0.0;
  int64_t last = 0;
  for (size_t i = 0; i < c.size(); ++i) {
    const double weight = std::exp(c[i].score - maximum);
    if (weight == 0) continue;
    running += weight;
    last = static_cast<int64_t>(i);
    if (running >= target) return last;
  }
  return last;
}

// The candidates with a finite score, through the transforms in core's order (top-k ->
// typical-p -> top-p -> min-p -> temperature).
Candidates transformed(const std::vector<double>& scores, const SampleSpec& spec) {
  Candidates current;
  current.reserve(scores.size());
  for (size_t i = 0; i < scores.size(); ++i) {
    if (scores[i] > kNegInf) current.push_back(Candidate{static_cast<int32_t>(i), scores[i]});
  }
  if (spec.top_k != 0) current = apply_top_k(current, spec.top_k);
  if (spec.typical_p != 1) current = apply_typical_p(current, spec.typical_p);
  if (spec.top_p != 1) current = apply_top_p(current, spec.top_p);
  if (spec.min_p != 0) current = apply_min_p(current, spec.min_p);
  return apply_temperature(current, spec.temperature);
}

}  // namespace

void sample_position(const float* logits, int32_t n_vocab, double lse, const SampleSpec& spec,
                     RandomState& random, SampleOut out) {
  // The raw logprobs as JavaScript builds them from the logits row.
  // A NaN or +inf logit makes core's checkCandidates throw: report "no candidate" (id -1) instead.
  std::vector<double> raw(static_cast<size_t>(n_vocab));
  bool malformed = std::isnan(lse);
  for (int32_t i = 0; i < n_vocab; ++i) {
    const double value = static_cast<double>(logits[i]) - lse;
    malformed = malformed || std::isnan(value) || value == std::numeric_limits<double>::infinity();
    raw[static_cast<size_t>(i)] = std::min(0.0, value);
  }
  if (malformed) {
    *out.id = -1;
    return;
  }
  std::vector<double> scores = raw;
  if (spec.repeat_penalty != 1.0) {
    // llama.cpp's penalties sampler on the raw logit (raw + lse, as JavaScript recovers it):
    // multiplied when <= 0, divided when positive; kept in logprob units (minus lse).
    for (int32_t id : spec.penalized) {
      if (id < 0 || id >= n_vocab) continue;
      double& value = scores[static_cast<size_t>(id)];
      if (value > kNegInf) {
        const double logit = value + lse;
        value = (logit <= 0 ? logit * spec.repeat_penalty : logit / spec.repeat_penalty) - lse;
      }
    }
  }
  Candidates current = transformed(scores, spec);
  int64_t index = 0;
  if (spec.temperature != 0) {
    if (!random.seeded || random.seed != spec.seed || random.draws != spec.draws) {
      random.engine.seed(spec.seed);
      random.engine.discard(spec.draws);
      random.seed = spec.seed;
      random.draws = spec.draws;
      random.seeded = true;
    }
    index = sample_index(current, random.engine);
    random.draws += 2;
  }
  bool masked = false;
  if (spec.grammar && index >= 0 && !current.empty() && !spec.grammar->allows(current[static_cast<size_t>(index)].id)) {
    // Rejected: mask and choose again. The second draw comes from a generator of its own, seeded
    // by (seed, draws), so the generation's stream still advances by one draw per step.
    spec.grammar->mask(scores);
    masked = true;
    current = transformed(scores, spec);
    index = 0;
    if (spec.temperature != 0) {
      std::seed_seq sequence{spec.seed, static_cast<uint32_t>(spec.draws), static_cast<uint32_t>(spec.draws >> 32),
                             0x9e3779b9u};
      std::mt19937 resample(sequence);
      index = sample_index(current, resample);
    }
  }
  for (int32_t j = 0; j < out.k; ++j) {
    out.top_ids[j] = -1;
    out.top_logprobs[j] = kNegInf;
  }
  if (current.empty() || index < 0) {
    *out.id = spec.grammar ? kGrammarAllowsNone : -1;
    return;
  }
  const int32_t chosen_id = current[static_cast<size_t>(index)].id;
  if (spec.grammar) {
    // Allowed by the check or the mask above, so accepting cannot fail; if it did, generation
    // stops as when no token is allowed (this may run on a worker std::thread: nothing escapes).
    try {
      spec.grammar->accept(chosen_id);
    } catch (const std::exception&) {
      *out.id = kGrammarAllowsNone;
      return;
    }
  }
  // The processed numbers describe `current`, or with report_after_grammar the transforms applied
  // after the grammar's mask (the same choice, whose logprob there may be -inf only when a
  // truncation cuts it after renormalising).
  if (spec.grammar && spec.report_after_grammar && !masked) {
    spec.grammar->mask(scores);
    current = transformed(scores, spec);
  }
  *out.id = chosen_id;
  const double raw_value = raw[static_cast<size_t>(chosen_id)];
  *out.raw_logprob = raw_value;
  int32_t raw_rank = 1;
  for (double value : raw) raw_rank += value > raw_value ? 1 : 0;
  *out.raw_rank = raw_rank;
  double chosen_score = kNegInf;
  for (const Candidate& x : current) {
    if (x.id == chosen_id) chosen_score = x.score;
  }
  *out.processed_logprob = chosen_score;
  double entropy = 0.0;
  int32_t processed_rank = 1;
  for (const Candidate& x : current) {
    if (x.score == kNegInf) continue;
    entropy -= std::exp(x.score) * x.score;
    processed_rank += x.score > chosen_score ? 1 : 0;
  }
  *out.processed_entropy = std::max(entropy, 0.0);
  *out.processed_rank = processed_rank;
  // Processed top-k as topKOfLogprobs reports it: most probable first, ties by lower id.
  const size_t k = std::min(static_cast<size_t>(std::max(out.k, 0)), current.size());
  auto better = [](const Candidate& a, const Candidate& b) {
    return a.score > b.score || (a.score == b.score && a.id < b.id);
  };
  std::partial_sort(current.begin(), current.begin() + static_cast<std::ptrdiff_t>(k), current.end(), better);
  for (size_t j = 0; j < k; ++j) {
    out.top_ids[j] = current[j].id;
    out.top_logprobs[j] = current[j].score;
  }
}

}  // namespace logprobe
