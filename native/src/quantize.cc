#include "quantize.h"

#include <string>
#include <utility>

#include "llama.h"

namespace logprobe {

namespace {

// The file types llama-quantize accepts by these names (tools/quantize/quantize.cpp).
const std::pair<const char*, llama_ftype> kFileTypes[] = {
    {"F32", LLAMA_FTYPE_ALL_F32},        {"F16", LLAMA_FTYPE_MOSTLY_F16},
    {"BF16", LLAMA_FTYPE_MOSTLY_BF16},   {"Q8_0", LLAMA_FTYPE_MOSTLY_Q8_0},
    {"Q4_0", LLAMA_FTYPE_MOSTLY_Q4_0},   {"Q4_K_S", LLAMA_FTYPE_MOSTLY_Q4_K_S},
    {"Q4_K_M", LLAMA_FTYPE_MOSTLY_Q4_K_M}, {"Q5_K_M", LLAMA_FTYPE_MOSTLY_Q5_K_M},
    {"Q6_K", LLAMA_FTYPE_MOSTLY_Q6_K},   {"Q4_1", LLAMA_FTYPE_MOSTLY_Q4_1},
    {"Q5_0", LLAMA_FTYPE_MOSTLY_Q5_0},   {"IQ4_NL", LLAMA_FTYPE_MOSTLY_IQ4_NL},
    {"IQ4_XS", LLAMA_FTYPE_MOSTLY_IQ4_XS},
};

class QuantizeWorker : public Napi::AsyncWorker {
 public:
  QuantizeWorker(Napi::Env env, std::string input, std::string output, llama_ftype type, int threads)
      : Napi::AsyncWorker(env),
        deferred_(Napi::Promise::Deferred::New(env)),
        input_(std::move(input)),
        output_(std::move(output)),
        type_(type),
        threads_(threads) {}

  Napi::Promise Promise() { return deferred_.Promise(); }

  void Execute() override {
    llama_model_quantize_params params = llama_model_quantize_default_params();
    params.ftype = type_;
    params.nthread = threads_;
    if (llama_model_quantize(input_.c_str(), output_.c_str(), &params) != 0) {
      SetError("llama_model_quantize failed for " + input_);
    }
  }

  void OnOK() override { deferred_.Resolve(Env().Undefined()); }
  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  std::string input_;
  std::string output_;
  llama_ftype type_;
  int threads_;
};

}  // namespace

Napi::Value Quantize(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 3 || !info[0].IsString() || !info[1].IsString() || !info[2].IsString()) {
    throw Napi::TypeError::New(env, "quantize(input, output, type, threads?): input, output and type must be strings");
  }
  const std::string type_name = info[2].As<Napi::String>().Utf8Value();
  const llama_ftype* type = nullptr;
  std::string allowed;
  for (const auto& entry : kFileTypes) {
    if (type_name == entry.first) type = &entry.second;
    allowed += allowed.empty() ? entry.first : std::string(", ") + entry.first;
  }
  if (type == nullptr) {
    throw Napi::RangeError::New(env, "quantize: type must be one of " + allowed + " (got \"" + type_name + "\")");
  }
  const int threads = info.Length() > 3 && info[3].IsNumber() ? info[3].As<Napi::Number>().Int32Value() : 1;
  auto* worker = new QuantizeWorker(env, info[0].As<Napi::String>().Utf8Value(),
                                    info[1].As<Napi::String>().Utf8Value(), *type, threads < 1 ? 1 : threads);
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

}  // namespace logprobe
