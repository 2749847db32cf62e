// A fixed set of recognisers shared by every call: each decoder costs ~100 MB, so calls borrow
// one per utterance instead of owning one. Jobs wait in a FIFO queue while all are busy; the pool
// never drops a job and never grows.
//
//   auto pool = DecoderPool::create(2, [] { return make_pocketsphinx_recognizer({}); });
//   std::future<Result<Utterance>> words = (*pool)->submit(Speaker::Caller, t_ms, std::move(pcm));
//
// Or streamed while the caller speaks, so little is left to do when they stop:
//   auto [stream, words] = (*pool)->open_stream(Speaker::Caller, t_ms);
//   stream->feed(frame_pcm); ...; stream->close();   // never blocks on decoding
// A stream holds its decoder from the moment one is free until it is closed; until then its audio
// waits in the stream. Every stream must be closed.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <span>
#include <thread>
#include <utility>
#include <vector>

#include "core/result.h"
#include "core/speaker.h"
#include "core/word.h"
#include "speech/recognizer.h"

namespace composure {

class DecoderPool {
 public:
  using RecognizerFactory = std::function<Result<std::unique_ptr<Recognizer>>()>;
  // Receives a job's words, or an error when the job was cancelled or its decoder threw. Runs on
  // a worker thread (or, for cancelled jobs, on the thread that shuts the pool down); it should
  // hand the result on rather than do long work there.
  using Callback = std::function<void(Result<Utterance>)>;

  enum class Shutdown {
    FinishQueued,  // decode everything submitted before returning
    CancelQueued,  // let running jobs finish; queued jobs get an error
  };

  // Creates `decoders` recognisers one after another on the calling thread (pocketsphinx: ~0.3 s
  // each), then one worker thread per recogniser. Fails with the factory's first error.
  [[nodiscard]] static Result<std::unique_ptr<DecoderPool>> create(
      std::size_t decoders, const RecognizerFactory& factory);

  DecoderPool(const DecoderPool&) = delete;
  DecoderPool& operator=(const DecoderPool&) = delete;
  // Shuts down with FinishQueued.
  ~DecoderPool();

  // Queues one utterance of 8 kHz audio starting at `t_ms` on the call timeline. Thread-safe.
  // After shutdown the job fails at once ("decoder pool is shut down").
  std::future<Result<Utterance>> submit(Speaker speaker, std::int64_t t_ms,
                                        std::vector<std::int16_t> pcm_8k);
  void submit(Speaker speaker, std::int64_t t_ms, std::vector<std::int16_t> pcm_8k, Callback done);

  // One utterance's audio, fed as it arrives. Thread-safe; feed() and close() never wait for a
  // decoder.
  class Stream {
   public:
    void feed(std::span<const std::int16_t> pcm_8k);
    void close();

   private:
    friend class DecoderPool;
    std::mutex mutex_;
    std::condition_variable more_;
    std::vector<std::int16_t> pending_;  // guarded by mutex_
    bool closed_ = false;                // guarded by mutex_
  };
  // Opens a stream for an utterance starting at `t_ms`; `done` gets its words after close().
  std::shared_ptr<Stream> open_stream(Speaker speaker, std::int64_t t_ms, Callback done);
  std::pair<std::shared_ptr<Stream>, std::future<Result<Utterance>>> open_stream(Speaker speaker,
                                                                                 std::int64_t t_ms);

  std::size_t size() const { return workers_.size(); }  // decoders; fixed for the pool's life
  std::size_t queued() const;                           // jobs waiting for a decoder
  std::size_t busy() const;                             // decoders decoding now

  // Stops taking jobs and joins the workers. Idempotent; must not be called from a Callback.
  void shutdown(Shutdown mode = Shutdown::FinishQueued);

 private:
  struct Job {
    Speaker speaker = Speaker::Caller;
    std::int64_t t_ms = 0;
    std::vector<std::int16_t> pcm_8k;
    Callback done;
    std::shared_ptr<Stream> stream;  // a streamed utterance instead of pcm_8k
  };
  Utterance decode_stream(Recognizer& recognizer, const Job& job);

  explicit DecoderPool(std::vector<std::unique_ptr<Recognizer>> recognizers);
  void work(Recognizer& recognizer);

  std::vector<std::unique_ptr<Recognizer>> recognizers_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;                    // guarded by mutex_
  std::size_t busy_ = 0;                     // guarded by mutex_
  bool stopping_ = false;                    // guarded by mutex_
  std::atomic<bool> cancel_streams_{false};  // shutdown(CancelQueued): running streams give up
  std::mutex shutdown_mutex_;                // serialises shutdown() callers
  std::vector<std::thread> workers_;
};

}  // namespace composure
