// N-API surface of logprobe's native addon: `init(binsDir, cpuBackend?)`, `loadBackend(path)`
// (registers a GPU backend library, e.g. node-llama-cpp's Vulkan or CUDA one), the `Session` class,
// `Grammar` (made by `Session.createGrammar`, used by sampling specs) and `quantize` (quantize.cc).
// Heavy work (model loading, decoding, reducing logits) runs off the JS thread through AsyncWorker,
// on one compute thread per session (compute-thread.h); results reach JavaScript as typed arrays
// holding O(k) numbers per position.
#include <napi.h>

#include <algorithm>
#include <cstring>
#include <vector>
#include <memory>
#include <mutex>
#include <string>

#include "compute-thread.h"
#include "ggml-backend.h"
#include "grammar-binding.h"
#include "llama.h"
#include "quantize.h"
#include "session.h"

namespace {

using logprobe_binding::GrammarWorker;
using logprobe_binding::GrammarWrap;

ggml_log_callback previous_log = nullptr;
void* previous_log_data = nullptr;
bool verbose_log = false;

// Forwards errors to whoever logged before us (node-llama-cpp or stderr) and drops
// llama.cpp's informational chatter unless LOGPROBE_NATIVE_LOG is set.
void quiet_log(ggml_log_level level, const char* text, void* /*user_data*/) {
  if (!verbose_log && level != GGML_LOG_LEVEL_ERROR) return;
  if (previous_log != nullptr) previous_log(level, text, previous_log_data);
}

Napi::Value Init(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) {
    throw Napi::TypeError::New(env, "init(binsDir, cpuBackend?): binsDir must be a string");
  }
  if (info.Length() > 1 && !info[1].IsString() && !info[1].IsUndefined()) {
    throw Napi::TypeError::New(env, "init(binsDir, cpuBackend?): cpuBackend must be a string");
  }
  static std::once_flag once;
  static std::string cpu_backend_loaded;
  const std::string dir = info[0].As<Napi::String>().Utf8Value();
  const std::string cpu_backend = info.Length() > 1 && info[1].IsString() ? info[1].As<Napi::String>().Utf8Value() : "";
  std::call_once(once, [&]() {
    const char* v = std::getenv("LOGPROBE_NATIVE_LOG");
    verbose_log = v != nullptr && v[0] != '\0' && std::strcmp(v, "0") != 0;
    llama_log_get(&previous_log, &previous_log_data);
    llama_log_set(quiet_log, nullptr);
    // A CPU backend built on this machine (native/build-cpu-backend.mjs) goes first: llama.cpp
    // uses the first registered CPU device, so it must be registered before node-llama-cpp
    // registers its prebuilt variant. When the CPU backend is registered already, ours would
    // only come second, so it is not loaded at all.
    if (!cpu_backend.empty() && ggml_backend_reg_by_name("CPU") == nullptr &&
        ggml_backend_load(cpu_backend.c_str()) != nullptr) {
      cpu_backend_loaded = cpu_backend;
    }
    // node-llama-cpp may have registered its backends already in this process.
    if (ggml_backend_reg_by_name("CPU") == nullptr) ggml_backend_load_all_from_path(dir.c_str());
    llama_backend_init();
  });
  Napi::Object out = Napi::Object::New(env);
  out.Set("devices", Napi::Number::New(env, static_cast<double>(ggml_backend_dev_count())));
  out.Set("cpu", Napi::Boolean::New(env, ggml_backend_reg_by_name("CPU") != nullptr));
  out.Set("cpuBackend", cpu_backend_loaded.empty() ? env.Null() : Napi::String::New(env, cpu_backend_loaded));
  return out;
}

// Registers a GPU backend library (e.g. node-llama-cpp's bins/linux-x64-vulkan/libggml-vulkan.so)
// in the addon's ggml registry, after init(). Returns the GPU devices then registered.
Napi::Value LoadBackend(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) {
    throw Napi::TypeError::New(env, "loadBackend(path): path must be a string");
  }
  const std::string path = info[0].As<Napi::String>().Utf8Value();
  static std::mutex mutex;
  static std::vector<std::string> loaded;
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (std::find(loaded.begin(), loaded.end(), path) == loaded.end()) {
      if (ggml_backend_load(path.c_str()) == nullptr) {
        throw Napi::Error::New(env, "ggml could not load the backend " + path);
      }
      loaded.push_back(path);
    }
  }
  Napi::Array devices = Napi::Array::New(env);
  uint32_t count = 0;
  for (size_t i = 0; i < ggml_backend_dev_count(); i++) {
    ggml_backend_dev_t device = ggml_backend_dev_get(i);
    const auto type = ggml_backend_dev_type(device);
    if (type != GGML_BACKEND_DEVICE_TYPE_GPU && type != GGML_BACKEND_DEVICE_TYPE_IGPU) continue;
    Napi::Object entry = Napi::Object::New(env);
    entry.Set("name", Napi::String::New(env, ggml_backend_dev_name(device)));
    entry.Set("description", Napi::String::New(env, ggml_backend_dev_description(device)));
    devices.Set(count++, entry);
  }
  return devices;
}

int32_t int_option(const Napi::Object& o, const char* key, int32_t fallback) {
  Napi::Value v = o.Get(key);
  return v.IsNumber() ? v.As<Napi::Number>().Int32Value() : fallback;
}

double number_option(const Napi::Object& o, const char* key, double fallback) {
  Napi::Value v = o.Get(key);
  return v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : fallback;
}

template <typename T, typename Array>
Array to_typed(Napi::Env env, const std::vector<T>& values) {
  Array a = Array::New(env, values.size());
  if (!values.empty()) std::memcpy(a.Data(), values.data(), values.size() * sizeof(T));
  return a;
}

class SessionWrap : public Napi::ObjectWrap<SessionWrap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Session",
                       {InstanceMethod("load", &SessionWrap::Load), InstanceMethod("decode", &SessionWrap::Decode),
                        InstanceMethod("rewind", &SessionWrap::Rewind), InstanceMethod("close", &SessionWrap::Close),
                        InstanceMethod("createGrammar", &SessionWrap::CreateGrammar)});
  }
  explicit SessionWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<SessionWrap>(info) {}

  std::shared_ptr<logprobe::Session> session = std::make_shared<logprobe::Session>();
  // Every load and decode of this session runs on this one thread (see compute-thread.h).
  std::shared_ptr<logprobe::ComputeThread> compute = std::make_shared<logprobe::ComputeThread>();
  bool busy = false;

 private:
  // Marks the session busy and queues the call; the promise settles when it is done.
  Napi::Promise Start(class SessionWorker* worker);
  Napi::Value Load(const Napi::CallbackInfo& info);
  Napi::Value Decode(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info) {
    if (busy) throw Napi::Error::New(info.Env(), "session is busy: await the running call before close()");
    session->close();
    return info.Env().Undefined();
  }
  // createGrammar(gbnf): Promise<Grammar>, parsed off the JavaScript thread for this model's
  // vocabulary. Rejects with llama.cpp's reason (one short line) when the text does not parse.
  Napi::Value CreateGrammar(const Napi::CallbackInfo& info) {
    if (info.Length() < 1 || !info[0].IsString()) throw Napi::TypeError::New(info.Env(), "createGrammar(gbnf): a string is expected");
    auto* worker = new GrammarWorker(info.Env(), session, info[0].As<Napi::String>().Utf8Value());
    Napi::Promise promise = worker->Promise();
    worker->Queue();
    return promise;
  }
  Napi::Value Rewind(const Napi::CallbackInfo& info) {
    if (busy) throw Napi::Error::New(info.Env(), "session is busy: await the running call before rewind()");
    if (info.Length() < 2 || !info[0].IsNumber() || !info[1].IsNumber()) {
      throw Napi::TypeError::New(info.Env(), "rewind(sequence, from): numbers expected");
    }
    const bool ok = session->rewind(info[0].As<Napi::Number>().Int32Value(), info[1].As<Napi::Number>().Int32Value());
    return Napi::Boolean::New(info.Env(), ok);
  }
};

// The plumbing every session call shares: a promise, a reference that keeps the JS session alive,
// the session's busy flag (cleared when the call settles), and std::exception -> rejection.
// Subclasses implement Run() (on the session's compute thread, while a libuv thread waits for it)
// and Result() on the JS thread.
class SessionWorker : public Napi::AsyncWorker {
 public:
  SessionWorker(Napi::Env env, SessionWrap* owner)
      : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)), owner_(owner),
        session_(owner->session), compute_(owner->compute) {
    owner_ref_ = Napi::Persistent(owner->Value());
  }
  Napi::Promise Promise() { return deferred_.Promise(); }
  void Execute() override {
    try {
      compute_->run([this] { Run(); });
    } catch (const std::exception& e) {
      SetError(e.what());
    }
  }
  void OnOK() override {
    owner_->busy = false;
    deferred_.Resolve(Result(Env()));
  }
  void OnError(const Napi::Error& e) override {
    owner_->busy = false;
    deferred_.Reject(e.Value());
  }

 protected:
  virtual void Run() = 0;
  virtual Napi::Value Result(Napi::Env env) = 0;
  std::shared_ptr<logprobe::Session> session_;

 private:
  std::shared_ptr<logprobe::ComputeThread> compute_;
  Napi::Promise::Deferred deferred_;
  SessionWrap* owner_;
  Napi::ObjectReference owner_ref_;
};

Napi::Promise SessionWrap::Start(SessionWorker* worker) {
  busy = true;
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

class LoadWorker : public SessionWorker {
 public:
  LoadWorker(Napi::Env env, SessionWrap* owner, std::string path, logprobe::SessionOptions options)
      : SessionWorker(env, owner), path_(std::move(path)), options_(options) {}

 protected:
  void Run() override { info_ = session_->load(path_, options_); }
  Napi::Value Result(Napi::Env env) override {
    Napi::Object o = Napi::Object::New(env);
    o.Set("vocabSize", info_.vocab_size);
    o.Set("contextSize", info_.context_size);
    o.Set("trainContextSize", info_.train_context_size);
    o.Set("batchSize", info_.batch_size);
    o.Set("bos", info_.bos);
    o.Set("eos", info_.eos);
    o.Set("addBos", info_.add_bos);
    return o;
  }

 private:
  std::string path_;
  logprobe::SessionOptions options_;
  logprobe::ModelInfo info_{};
};

class DecodeWorker : public SessionWorker {
 public:
  DecodeWorker(Napi::Env env, SessionWrap* owner, logprobe::DecodeRequest request)
      : SessionWorker(env, owner), request_(std::move(request)) {}

 protected:
  void Run() override { result_ = session_->decode(request_); }
  Napi::Value Result(Napi::Env env) override {
    Napi::Object o = Napi::Object::New(env);
    o.Set("count", result_.count);
    o.Set("logSumExp", to_typed<double, Napi::Float64Array>(env, result_.log_sum_exp));
    o.Set("targetLogprob", to_typed<double, Napi::Float64Array>(env, result_.target_logprob));
    o.Set("entropy", to_typed<double, Napi::Float64Array>(env, result_.entropy));
    o.Set("rank", to_typed<int32_t, Napi::Int32Array>(env, result_.rank));
    o.Set("topIds", to_typed<int32_t, Napi::Int32Array>(env, result_.top_ids));
    o.Set("topLogprobs", to_typed<float, Napi::Float32Array>(env, result_.top_logprobs));
    o.Set("fullLogits", to_typed<float, Napi::Float32Array>(env, result_.full_logits));
    if (!result_.sample_id.empty()) {
      Napi::Object s = Napi::Object::New(env);
      s.Set("id", to_typed<int32_t, Napi::Int32Array>(env, result_.sample_id));
      s.Set("rawLogprob", to_typed<double, Napi::Float64Array>(env, result_.sample_raw_logprob));
      s.Set("rawRank", to_typed<int32_t, Napi::Int32Array>(env, result_.sample_raw_rank));
      s.Set("logprob", to_typed<double, Napi::Float64Array>(env, result_.sample_logprob));
      s.Set("entropy", to_typed<double, Napi::Float64Array>(env, result_.sample_entropy));
      s.Set("rank", to_typed<int32_t, Napi::Int32Array>(env, result_.sample_rank));
      s.Set("topIds", to_typed<int32_t, Napi::Int32Array>(env, result_.sample_top_ids));
      s.Set("topLogprobs", to_typed<double, Napi::Float64Array>(env, result_.sample_top_logprobs));
      o.Set("sampled", s);
    }
    o.Set("decodeMs", result_.decode_ms);
    o.Set("reduceMs", result_.reduce_ms);
    return o;
  }

 private:
  logprobe::DecodeRequest request_;
  logprobe::DecodeResult result_;
};

Napi::Value SessionWrap::Load(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsString() || !info[1].IsObject()) {
    throw Napi::TypeError::New(env, "load(path, options): path must be a string and options an object");
  }
  if (busy) throw Napi::Error::New(env, "session is busy");
  const Napi::Object o = info[1].As<Napi::Object>();
  logprobe::SessionOptions options;
  options.context_size = int_option(o, "contextSize", 0);
  options.batch_size = int_option(o, "batchSize", 512);
  options.ubatch_size = int_option(o, "ubatchSize", options.batch_size);
  options.threads = int_option(o, "threads", 0);
  options.threads_batch = int_option(o, "threadsBatch", options.threads);
  options.sequences = int_option(o, "sequences", 1);
  options.gpu_layers = int_option(o, "gpuLayers", 0);
  return Start(new LoadWorker(env, this, info[0].As<Napi::String>().Utf8Value(), options));
}

template <typename T, typename Array>
std::vector<T> typed_field(const Napi::Object& o, const char* key, napi_typedarray_type type, size_t length) {
  Napi::Value v = o.Get(key);
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != type) {
    throw Napi::TypeError::New(o.Env(), std::string("decode(request): ") + key + " must be a typed array of the right type");
  }
  Array a = v.As<Array>();
  if (a.ElementLength() != length) {
    throw Napi::RangeError::New(o.Env(), std::string("decode(request): ") + key + " must have one entry per token");
  }
  return std::vector<T>(a.Data(), a.Data() + a.ElementLength());
}

Napi::Value SessionWrap::Decode(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsObject()) throw Napi::TypeError::New(env, "decode(request): object expected");
  if (busy) throw Napi::Error::New(env, "session is busy: one call at a time");
  const Napi::Object o = info[0].As<Napi::Object>();
  Napi::Value tokens = o.Get("tokens");
  if (!tokens.IsTypedArray() || tokens.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array) {
    throw Napi::TypeError::New(env, "decode(request): tokens must be an Int32Array");
  }
  const size_t n = tokens.As<Napi::Int32Array>().ElementLength();
  logprobe::DecodeRequest request;
  request.tokens = typed_field<int32_t, Napi::Int32Array>(o, "tokens", napi_int32_array, n);
  request.seq_ids = typed_field<int32_t, Napi::Int32Array>(o, "seqIds", napi_int32_array, n);
  request.positions = typed_field<int32_t, Napi::Int32Array>(o, "positions", napi_int32_array, n);
  request.outputs = typed_field<uint8_t, Napi::Uint8Array>(o, "outputs", napi_uint8_array, n);
  request.targets = typed_field<int32_t, Napi::Int32Array>(o, "targets", napi_int32_array, n);
  request.full = typed_field<uint8_t, Napi::Uint8Array>(o, "full", napi_uint8_array, n);
  request.top_k = int_option(o, "topK", 1);
  // Optional `samples`: an array with one entry per token, undefined or a sampling spec.
  Napi::Value samples = o.Get("samples");
  if (samples.IsArray()) {
    const Napi::Array list = samples.As<Napi::Array>();
    if (list.Length() != n) throw Napi::RangeError::New(env, "decode(request): samples must have one entry per token");
    request.samples.resize(n);
    for (uint32_t i = 0; i < list.Length(); ++i) {
      const Napi::Value entry = list.Get(i);
      if (!entry.IsObject()) continue;
      const Napi::Object spec = entry.As<Napi::Object>();
      logprobe::SampleSpec& s = request.samples[i];
      s.active = true;
      s.seed = static_cast<uint32_t>(number_option(spec, "seed", 0));
      s.draws = static_cast<uint64_t>(number_option(spec, "draws", 0));
      s.temperature = number_option(spec, "temperature", 0);
      s.top_k = int_option(spec, "topK", 0);
      s.top_p = number_option(spec, "topP", 1);
      s.min_p = number_option(spec, "minP", 0);
      s.typical_p = number_option(spec, "typicalP", 1);
      s.repeat_penalty = number_option(spec, "repeatPenalty", 1);
      const Napi::Value grammar = spec.Get("grammar");
      if (grammar.IsObject() && grammar.As<Napi::Object>().InstanceOf(GrammarWrap::constructor.Value())) {
        s.grammar = GrammarWrap::Unwrap(grammar.As<Napi::Object>())->grammar;
        s.report_after_grammar = spec.Get("reportAfterGrammar").ToBoolean().Value();
      } else if (!grammar.IsUndefined()) {
        throw Napi::TypeError::New(env, "decode(request): samples[].grammar must be a Grammar from createGrammar");
      }
      const Napi::Value penalized = spec.Get("penalized");
      if (penalized.IsTypedArray() && penalized.As<Napi::TypedArray>().TypedArrayType() == napi_int32_array) {
        const Napi::Int32Array a = penalized.As<Napi::Int32Array>();
        s.penalized.assign(a.Data(), a.Data() + a.ElementLength());
      }
    }
  }
  return Start(new DecodeWorker(env, this, std::move(request)));
}

Napi::Object Module(Napi::Env env, Napi::Object exports) {
  exports.Set("init", Napi::Function::New(env, Init));
  exports.Set("Session", SessionWrap::Define(env));
  exports.Set("Grammar", GrammarWrap::Define(env));
  exports.Set("quantize", Napi::Function::New(env, logprobe::Quantize));
  exports.Set("loadBackend", Napi::Function::New(env, LoadBackend));
  return exports;
}

}  // namespace

NODE_API_MODULE(logprobe_native, Module)
