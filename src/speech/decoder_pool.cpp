#include "speech/decoder_pool.h"

#include <cassert>
#include <chrono>
#include <exception>
#include <string>
#include <utility>

namespace composure {

Result<std::unique_ptr<DecoderPool>> DecoderPool::create(std::size_t decoders,
                                                         const RecognizerFactory& factory) {
  if (decoders == 0) return fail("decoder pool: needs at least one decoder");
  std::vector<std::unique_ptr<Recognizer>> recognizers;
  recognizers.reserve(decoders);
  for (std::size_t i = 0; i < decoders; ++i) {
    auto recognizer = factory();
    if (!recognizer) {
      return fail("decoder pool: decoder " + std::to_string(i + 1) + " of " +
                  std::to_string(decoders) + ": " + recognizer.error().message);
    }
    if (!*recognizer) return fail("decoder pool: the factory returned no recogniser");
    recognizers.push_back(std::move(*recognizer));
  }
  return std::unique_ptr<DecoderPool>(new DecoderPool(std::move(recognizers)));
}

DecoderPool::DecoderPool(std::vector<std::unique_ptr<Recognizer>> recognizers)
    : recognizers_(std::move(recognizers)) {
  workers_.reserve(recognizers_.size());
  for (auto& recognizer : recognizers_) {
    workers_.emplace_back([this, r = recognizer.get()] { work(*r); });
  }
}

DecoderPool::~DecoderPool() {
  shutdown(Shutdown::FinishQueued);
}

std::future<Result<Utterance>> DecoderPool::submit(Speaker speaker, std::int64_t t_ms,
                                                   std::vector<std::int16_t> pcm_8k) {
  // std::function needs a copyable callable; the promise is shared with it.
  auto promise = std::make_shared<std::promise<Result<Utterance>>>();
  std::future<Result<Utterance>> future = promise->get_future();
  submit(speaker, t_ms, std::move(pcm_8k),
         [promise](Result<Utterance> result) { promise->set_value(std::move(result)); });
  return future;
}

void DecoderPool::submit(Speaker speaker, std::int64_t t_ms, std::vector<std::int16_t> pcm_8k,
                         Callback done) {
  {
    const std::lock_guard lock(mutex_);
    if (!stopping_) {
      queue_.push_back(Job{speaker, t_ms, std::move(pcm_8k), std::move(done), nullptr});
      wake_.notify_one();
      return;
    }
  }
  done(fail("decoder pool is shut down"));
}

void DecoderPool::Stream::feed(std::span<const std::int16_t> pcm_8k) {
  {
    const std::lock_guard lock(mutex_);
    if (closed_) return;
    pending_.insert(pending_.end(), pcm_8k.begin(), pcm_8k.end());
  }
  more_.notify_one();
}

void DecoderPool::Stream::close() {
  {
    const std::lock_guard lock(mutex_);
    closed_ = true;
  }
  more_.notify_one();
}

std::shared_ptr<DecoderPool::Stream> DecoderPool::open_stream(Speaker speaker, std::int64_t t_ms,
                                                              Callback done) {
  auto stream = std::make_shared<Stream>();
  {
    const std::lock_guard lock(mutex_);
    if (!stopping_) {
      queue_.push_back(Job{speaker, t_ms, {}, std::move(done), stream});
      wake_.notify_one();
      return stream;
    }
  }
  done(fail("decoder pool is shut down"));
  return stream;
}

std::pair<std::shared_ptr<DecoderPool::Stream>, std::future<Result<Utterance>>>
DecoderPool::open_stream(Speaker speaker, std::int64_t t_ms) {
  auto promise = std::make_shared<std::promise<Result<Utterance>>>();
  std::future<Result<Utterance>> future = promise->get_future();
  auto stream = open_stream(speaker, t_ms, [promise](Result<Utterance> result) {
    promise->set_value(std::move(result));
  });
  return {std::move(stream), std::move(future)};
}

Utterance DecoderPool::decode_stream(Recognizer& recognizer, const Job& job) {
  Stream& s = *job.stream;
  recognizer.start(job.speaker, job.t_ms);
  std::vector<std::int16_t> chunk;
  while (true) {
    bool closed = false;
    {
      std::unique_lock lock(s.mutex_);
      // Polls now and then so that shutdown(CancelQueued) is not held up by an unclosed stream.
      while (s.pending_.empty() && !s.closed_ && !cancel_streams_) {
        s.more_.wait_for(lock, std::chrono::milliseconds(100));
      }
      chunk.swap(s.pending_);
      closed = s.closed_ || cancel_streams_;
    }
    if (!chunk.empty()) recognizer.feed(chunk);
    chunk.clear();
    if (closed) return recognizer.finish();
  }
}

std::size_t DecoderPool::queued() const {
  const std::lock_guard lock(mutex_);
  return queue_.size();
}

std::size_t DecoderPool::busy() const {
  const std::lock_guard lock(mutex_);
  return busy_;
}

void DecoderPool::shutdown(Shutdown mode) {
  const std::lock_guard serial(shutdown_mutex_);
  std::deque<Job> cancelled;
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
    if (mode == Shutdown::CancelQueued) {
      cancelled.swap(queue_);
      cancel_streams_ = true;
    }
  }
  wake_.notify_all();
  for (Job& job : cancelled) {
    job.done(fail("decoder pool shut down before a decoder was free; utterance at " +
                  std::to_string(job.t_ms) + " ms not recognised"));
  }
  for (std::thread& worker : workers_) {
    assert(worker.get_id() != std::this_thread::get_id() && "shutdown() from a pool callback");
    if (worker.joinable()) worker.join();
  }
}

void DecoderPool::work(Recognizer& recognizer) {
  while (true) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to finish
      job = std::move(queue_.front());
      queue_.pop_front();
      ++busy_;
    }
    Result<Utterance> result = fail("decoder pool: job not run");
    // A worker's top loop is one of the places exceptions stop: a throwing recogniser fails
    // its job, not the process.
    try {
      result = job.stream ? decode_stream(recognizer, job)
                          : recognize(recognizer, job.speaker, job.t_ms, job.pcm_8k);
    } catch (const std::exception& e) {
      result = fail(std::string("decoder pool: recogniser failed: ") + e.what());
    }
    {
      const std::lock_guard lock(mutex_);
      --busy_;
    }
    try {
      job.done(std::move(result));
    } catch (...) {
      // A failing callback is the caller's bug; it must not take a shared decoder down with it.
    }
  }
}

}  // namespace composure
