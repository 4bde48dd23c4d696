// One long-lived thread that runs a session's llama.cpp calls. libuv's pool hands AsyncWorker jobs
// to any of its threads; with an OpenMP CPU backend every new calling thread becomes the master of
// its own OpenMP team, so successive decodes of one session ran on different teams and threads
// (measured: generation 9.6 tokens/s, against 12.5 with a single libuv thread). Running every call
// of a session on the same thread keeps one team, as llama.cpp's own tools do.
#pragma once

#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

namespace logprobe {

class ComputeThread {
 public:
  ComputeThread() : thread_([this] { loop(); }) {}
  ~ComputeThread() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  ComputeThread(const ComputeThread&) = delete;
  ComputeThread& operator=(const ComputeThread&) = delete;

  // Runs `job` on this thread and waits for it; rethrows what it threw. One caller at a time (a
  // session's busy flag guarantees it); a second caller waits for the first.
  void run(const std::function<void()>& job) {
    std::unique_lock<std::mutex> lock(mutex_);
    idle_.wait(lock, [this] { return job_ == nullptr && !done_; });
    job_ = &job;
    error_ = nullptr;
    wake_.notify_all();
    finished_.wait(lock, [this] { return done_; });
    done_ = false;
    std::exception_ptr error = error_;
    error_ = nullptr;
    idle_.notify_all();
    lock.unlock();
    if (error) std::rethrow_exception(error);
  }

 private:
  void loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      wake_.wait(lock, [this] { return job_ != nullptr || stopping_; });
      if (job_ == nullptr) return;
      const std::function<void()>* job = job_;
      lock.unlock();
      std::exception_ptr error;
      try {
        (*job)();
      } catch (...) {
        error = std::current_exception();
      }
      lock.lock();
      job_ = nullptr;
      error_ = error;
      done_ = true;
      finished_.notify_all();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_, finished_, idle_;
  const std::function<void()>* job_ = nullptr;
  std::exception_ptr error_;
  bool done_ = false;
  bool stopping_ = false;
  std::thread thread_;  // last: started after the fields above are ready
};

}  // namespace logprobe
