// A GBNF grammar's state over one generation: llama.cpp's grammar sampler
// (llama_sampler_init_grammar), used by sample_position (sampling.h) to check a chosen token, or
// to mask a whole distribution, on the compute thread. Parsing runs off the JavaScript thread too
// (addon `createGrammar`).
#pragma once
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

struct llama_vocab;
struct llama_sampler;

namespace logprobe {

class Grammar {
 public:
  // Parses `gbnf` (start rule "root") for `vocab`. Throws std::runtime_error with llama.cpp's
  // reason, cut to a line of at most 200 printable characters, when it does not parse. llama.cpp
  // prints a failed grammar whole to stderr: that output is captured and dropped, and only the
  // short reason is written there instead.
  Grammar(const llama_vocab* vocab, const std::string& gbnf);
  ~Grammar();
  Grammar(const Grammar&) = delete;
  Grammar& operator=(const Grammar&) = delete;

  // Whether the grammar allows `id` next (end-of-generation tokens only once it is complete).
  // One grammar check.
  bool allows(int32_t id);
  // Sets scores[id] to -inf for every token the grammar rejects next. Entries already -inf are
  // not checked. Cost: one grammar pass over the finite entries (O(V) token pieces, in C++).
  void mask(std::vector<double>& scores);
  // Advances past `id`, which the grammar must allow. Throws std::runtime_error otherwise.
  void accept(int32_t id);

 private:
  bool allows_locked(int32_t id);
  std::mutex mutex_;
  llama_sampler* sampler_ = nullptr;
};

}  // namespace logprobe
