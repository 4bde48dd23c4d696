// N-API binding of grammar.h: the `Grammar` class JavaScript passes in sampling specs, and the
// worker that parses one off the JavaScript thread (`Session.createGrammar`). Included once, by
// addon.cc.
#pragma once
#include <napi.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "grammar.h"
#include "session.h"

namespace logprobe_binding {

// A parsed grammar's state for one generation (grammar.h). JavaScript passes it in a sampling
// spec; `allows` and `accept` (one token each) serve forced tokens.
class GrammarWrap : public Napi::ObjectWrap<GrammarWrap> {
 public:
  static inline Napi::FunctionReference constructor;
  static Napi::Function Define(Napi::Env env) {
    Napi::Function f = DefineClass(env, "Grammar",
                                   {InstanceMethod("allows", &GrammarWrap::Allows), InstanceMethod("accept", &GrammarWrap::Accept)});
    constructor = Napi::Persistent(f);
    constructor.SuppressDestruct();
    return f;
  }
  explicit GrammarWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<GrammarWrap>(info) {}
  std::shared_ptr<logprobe::Grammar> grammar;

 private:
  int32_t TokenArgument(const Napi::CallbackInfo& info) {
    if (grammar == nullptr) throw Napi::Error::New(info.Env(), "Grammar: made only by Session.createGrammar");
    if (info.Length() < 1 || !info[0].IsNumber()) throw Napi::TypeError::New(info.Env(), "a token id is expected");
    return info[0].As<Napi::Number>().Int32Value();
  }
  Napi::Value Allows(const Napi::CallbackInfo& info) {
    const int32_t id = TokenArgument(info);
    return Napi::Boolean::New(info.Env(), grammar->allows(id));
  }
  Napi::Value Accept(const Napi::CallbackInfo& info) {
    const int32_t id = TokenArgument(info);
    try {
      grammar->accept(id);
    } catch (const std::exception& error) {
      throw Napi::Error::New(info.Env(), error.what());
    }
    return info.Env().Undefined();
  }
};

// Parses a grammar on a libuv worker thread (not the session's compute thread, so decodes go on).
class GrammarWorker : public Napi::AsyncWorker {
 public:
  GrammarWorker(Napi::Env env, std::shared_ptr<logprobe::Session> session, std::string gbnf)
      : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)), session_(std::move(session)),
        gbnf_(std::move(gbnf)) {}
  Napi::Promise Promise() { return deferred_.Promise(); }
  void Execute() override {
    try {
      if (session_->vocab() == nullptr) throw std::runtime_error("the session has no model loaded");
      grammar_ = std::make_shared<logprobe::Grammar>(session_->vocab(), gbnf_);
    } catch (const std::exception& e) {
      SetError(e.what());
    }
  }
  void OnOK() override {
    Napi::Object object = GrammarWrap::constructor.New({});
    GrammarWrap::Unwrap(object)->grammar = grammar_;
    deferred_.Resolve(object);
  }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  std::shared_ptr<logprobe::Session> session_;
  std::string gbnf_;
  std::shared_ptr<logprobe::Grammar> grammar_;
};

}  // namespace logprobe_binding
