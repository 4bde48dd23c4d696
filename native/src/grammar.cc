#include "grammar.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "llama.h"

namespace logprobe {

namespace {

// At most `limit` characters of the first line of `text` that is not empty, with every byte
// outside printable ASCII written as \xNN (the server's log rule: no control bytes, bounded size).
std::string short_printable_line(const std::string& text, size_t limit) {
  size_t begin = 0;
  while (begin < text.size() && (text[begin] == '\n' || text[begin] == '\r')) ++begin;
  std::string out;
  for (size_t i = begin; i < text.size() && text[i] != '\n' && out.size() < limit; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f) {
      out.push_back(static_cast<char>(c));
    } else {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
      out += escaped;
    }
  }
  return out;
}

// Runs `parse` with file descriptor 2 pointed at a temporary file, and returns what was written
// there. One at a time in the process (the descriptor is shared); a parse takes milliseconds for
// the grammar sizes the engine allows, and anything else written to stderr meanwhile is written
// back afterwards.
template <typename Parse>
std::string with_stderr_captured(Parse parse) {
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  std::fflush(stderr);
  FILE* capture = std::tmpfile();
  const int saved = capture != nullptr ? dup(2) : -1;
  if (saved < 0 || dup2(fileno(capture), 2) < 0) {
    if (saved >= 0) close(saved);
    if (capture != nullptr) std::fclose(capture);
    parse();
    return "";
  }
  parse();
  std::fflush(stderr);
  dup2(saved, 2);
  close(saved);
  std::string text;
  std::rewind(capture);
  char buffer[4096];
  size_t read = 0;
  while ((read = std::fread(buffer, 1, sizeof buffer, capture)) > 0) text.append(buffer, read);
  std::fclose(capture);
  return text;
}

}  // namespace

Grammar::Grammar(const llama_vocab* vocab, const std::string& gbnf) {
  std::string printed = with_stderr_captured([&] { sampler_ = llama_sampler_init_grammar(vocab, gbnf.c_str(), "root"); });
  // llama.cpp's parser prints "<function>: error parsing grammar: <reason>\n\n<the grammar>\n":
  // the grammar (built from request text) is removed; what else was written is written back.
  std::string reason;
  const std::string marker = "error parsing grammar: ";
  const size_t at = printed.find(marker);
  if (at != std::string::npos) {
    reason = short_printable_line(printed.substr(at + marker.size()), 200);
    const size_t grammar_at = printed.find(gbnf, at);
    const size_t line_start = printed.rfind('\n', at);
    const size_t from = line_start == std::string::npos ? 0 : line_start + 1;
    const size_t to = grammar_at == std::string::npos ? printed.size() : grammar_at + gbnf.size();
    printed.erase(from, to - from);
  }
  if (sampler_ == nullptr) {
    std::fprintf(stderr, "llama.cpp could not parse a grammar: %s\n", reason.empty() ? "(no reason given)" : reason.c_str());
  }
  for (size_t start = 0; start < printed.size();) {
    // Anything else (other threads' output in the meantime), printable and bounded per line.
    size_t end = printed.find('\n', start);
    if (end == std::string::npos) end = printed.size();
    const std::string line = printed.substr(start, end - start);
    if (!line.empty() && line.find("failed to parse grammar") == std::string::npos) {
      std::fprintf(stderr, "%s\n", short_printable_line(line, 1000).c_str());
    }
    start = end + 1;
  }
  if (sampler_ == nullptr) {
    throw std::runtime_error("llama.cpp could not parse the grammar" + (reason.empty() ? std::string() : ": " + reason));
  }
}

Grammar::~Grammar() {
  if (sampler_ != nullptr) llama_sampler_free(sampler_);
}

bool Grammar::allows(int32_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  return allows_locked(id);
}

bool Grammar::allows_locked(int32_t id) {
  llama_token_data candidate{id, 0.0f, 0.0f};
  llama_token_data_array array{&candidate, 1, -1, false};
  llama_sampler_apply(sampler_, &array);
  return std::isfinite(candidate.logit);
}

void Grammar::mask(std::vector<double>& scores) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<llama_token_data> candidates;
  candidates.reserve(scores.size());
  for (size_t id = 0; id < scores.size(); ++id) {
    if (std::isfinite(scores[id])) candidates.push_back(llama_token_data{static_cast<llama_token>(id), 0.0f, 0.0f});
  }
  llama_token_data_array array{candidates.data(), candidates.size(), -1, false};
  llama_sampler_apply(sampler_, &array);
  for (size_t i = 0; i < array.size; ++i) {
    if (!std::isfinite(array.data[i].logit)) scores[static_cast<size_t>(array.data[i].id)] = -INFINITY;
  }
}

void Grammar::accept(int32_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  // llama.cpp aborts the process on an end-of-generation token the grammar does not allow.
  if (!allows_locked(id)) throw std::runtime_error("the grammar does not allow this token here");
  try {
    llama_sampler_accept(sampler_, id);
  } catch (const std::exception& error) {
    throw std::runtime_error(std::string("the grammar does not allow this token: ") + error.what());
  }
}

}  // namespace logprobe
