// The pool's scheduling, with stand-in recognisers that decode instantly or wait for the test to
// let them finish, so queueing is observed deterministically and quickly (and under TSan).
#include "speech/decoder_pool.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace composure {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

// Holds every decode until opened.
class Gate {
 public:
  void open() {
    const std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  void wait() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return open_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool open_ = false;
};

// "Recognises" one word naming the number of samples fed.
class FakeRecognizer final : public Recognizer {
 public:
  explicit FakeRecognizer(Gate* gate) : gate_(gate) {}
  void start(Speaker speaker, std::int64_t t_ms) override {
    utterance_ = Utterance{};
    utterance_.speaker = speaker;
    utterance_.t_ms = t_ms;
    samples_ = 0;
  }
  void feed(std::span<const std::int16_t> pcm_8k) override {
    if (!pcm_8k.empty() && pcm_8k.front() < 0) throw std::runtime_error("bad audio");
    samples_ += static_cast<std::int64_t>(pcm_8k.size());
  }
  Utterance partial() override { return utterance_; }
  Utterance finish() override {
    if (gate_ != nullptr) gate_->wait();
    utterance_.end_ms = utterance_.t_ms + samples_ / 8;
    utterance_.words.push_back(
        Word{utterance_.t_ms, utterance_.end_ms, std::to_string(samples_), 1.0f});
    return utterance_;
  }

 private:
  Gate* gate_;
  Utterance utterance_;
  std::int64_t samples_ = 0;
};

struct Factory {
  Gate* gate = nullptr;
  std::atomic<int> made{0};
  DecoderPool::RecognizerFactory make() {
    return [this]() -> Result<std::unique_ptr<Recognizer>> {
      ++made;
      return std::make_unique<FakeRecognizer>(gate);
    };
  }
};

std::unique_ptr<DecoderPool> make_pool(std::size_t decoders, Factory& factory) {
  auto pool = DecoderPool::create(decoders, factory.make());
  EXPECT_TRUE(pool) << pool.error().message;
  return std::move(*pool);
}

// Polls `condition` for up to a few seconds; scheduling is the workers' business.
template <typename F>
bool eventually(F condition) {
  for (int i = 0; i < 500; ++i) {
    if (condition()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return condition();
}

std::vector<std::int16_t> samples(std::size_t n) {
  return std::vector<std::int16_t>(n, 1);
}

TEST(DecoderPool, QueuesJobsWhenEveryDecoderIsBusyAndNeverGrows) {
  Gate gate;
  Factory factory{&gate};
  auto pool = make_pool(1, factory);
  auto a = pool->submit(Speaker::Caller, 1000, samples(800));
  auto b = pool->submit(Speaker::Agent, 2000, samples(1600));
  auto c = pool->submit(Speaker::Caller, 3000, samples(2400));

  ASSERT_TRUE(eventually([&] { return pool->busy() == 1 && pool->queued() == 2; }))
      << "busy " << pool->busy() << ", queued " << pool->queued();
  EXPECT_EQ(pool->size(), 1u);
  EXPECT_EQ(a.wait_for(50ms), std::future_status::timeout);

  gate.open();
  const Result<Utterance> ra = a.get();
  const Result<Utterance> rb = b.get();
  const Result<Utterance> rc = c.get();
  ASSERT_TRUE(ra && rb && rc);
  EXPECT_EQ(ra->text(), "800");
  EXPECT_EQ(rb->text(), "1600");
  EXPECT_EQ(rb->speaker, Speaker::Agent);
  EXPECT_EQ(rb->t_ms, 2000);
  EXPECT_EQ(rc->end_ms, 3300);
  EXPECT_EQ(pool->queued(), 0u);
  EXPECT_EQ(pool->size(), 1u);
  EXPECT_EQ(factory.made, 1);
}

TEST(DecoderPool, EveryDecoderWorksAtOnce) {
  Gate gate;
  Factory factory{&gate};
  auto pool = make_pool(2, factory);
  std::vector<std::future<Result<Utterance>>> jobs;
  for (int i = 0; i < 5; ++i) jobs.push_back(pool->submit(Speaker::Caller, i, samples(8)));
  ASSERT_TRUE(eventually([&] { return pool->busy() == 2 && pool->queued() == 3; }));
  gate.open();
  for (auto& job : jobs) EXPECT_TRUE(job.get());
  EXPECT_EQ(factory.made, 2);
}

TEST(DecoderPool, CallbackReceivesTheResult) {
  Factory factory;
  auto pool = make_pool(1, factory);
  std::promise<std::string> text;
  pool->submit(Speaker::Caller, 0, samples(80),
               [&](Result<Utterance> r) { text.set_value(r ? r->text() : r.error().message); });
  EXPECT_EQ(text.get_future().get(), "80");
}

TEST(DecoderPool, ShutdownFinishesQueuedJobsByDefault) {
  Gate gate;
  Factory factory{&gate};
  auto pool = make_pool(1, factory);
  std::vector<std::future<Result<Utterance>>> jobs;
  for (int i = 0; i < 4; ++i) jobs.push_back(pool->submit(Speaker::Caller, i, samples(8)));
  std::thread opener([&] {
    std::this_thread::sleep_for(20ms);
    gate.open();
  });
  pool->shutdown();
  opener.join();
  for (auto& job : jobs) {
    ASSERT_EQ(job.wait_for(0s), std::future_status::ready);
    EXPECT_TRUE(job.get());
  }
}

TEST(DecoderPool, CancellingShutdownFailsWaitingJobsWithAClearError) {
  Gate gate;
  Factory factory{&gate};
  auto pool = make_pool(1, factory);
  auto running = pool->submit(Speaker::Caller, 0, samples(8));
  ASSERT_TRUE(eventually([&] { return pool->busy() == 1; }));
  auto waiting = pool->submit(Speaker::Caller, 61'000, samples(8));

  std::thread opener([&] {
    std::this_thread::sleep_for(20ms);
    gate.open();
  });
  pool->shutdown(DecoderPool::Shutdown::CancelQueued);
  opener.join();
  EXPECT_TRUE(running.get()) << "a job already decoding runs to the end";
  const Result<Utterance> cancelled = waiting.get();
  ASSERT_FALSE(cancelled);
  EXPECT_THAT(cancelled.error().message, HasSubstr("shut down"));
  EXPECT_THAT(cancelled.error().message, HasSubstr("61000 ms"));
}

TEST(DecoderPool, SubmitAfterShutdownFailsAtOnce) {
  Factory factory;
  auto pool = make_pool(1, factory);
  pool->shutdown();
  pool->shutdown();  // idempotent
  auto job = pool->submit(Speaker::Caller, 0, samples(8));
  ASSERT_EQ(job.wait_for(0s), std::future_status::ready);
  const Result<Utterance> result = job.get();
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().message, HasSubstr("shut down"));
}

TEST(DecoderPool, ARecogniserThatThrowsFailsOnlyItsJob) {
  Factory factory;
  auto pool = make_pool(1, factory);
  auto bad = pool->submit(Speaker::Caller, 0, std::vector<std::int16_t>{-1});
  auto good = pool->submit(Speaker::Caller, 0, samples(8));
  const Result<Utterance> failed = bad.get();
  ASSERT_FALSE(failed);
  EXPECT_THAT(failed.error().message, HasSubstr("bad audio"));
  EXPECT_TRUE(good.get());
}

TEST(DecoderPool, CreationFailsWithTheFactorysError) {
  int calls = 0;
  auto pool = DecoderPool::create(3, [&]() -> Result<std::unique_ptr<Recognizer>> {
    if (++calls == 2) return fail("model missing");
    return std::make_unique<FakeRecognizer>(nullptr);
  });
  ASSERT_FALSE(pool);
  EXPECT_THAT(pool.error().message, HasSubstr("decoder 2 of 3: model missing"));
  EXPECT_FALSE(DecoderPool::create(0, [] { return Result<std::unique_ptr<Recognizer>>(); }));
}

TEST(DecoderPool, ManyThreadsSubmitAtOnce) {
  Factory factory;
  auto pool = make_pool(2, factory);
  constexpr int kThreads = 4;
  constexpr int kJobs = 50;
  std::atomic<int> ok{0};
  std::vector<std::thread> callers;
  for (int t = 0; t < kThreads; ++t) {
    callers.emplace_back([&, t] {
      std::vector<std::future<Result<Utterance>>> jobs;
      for (int i = 0; i < kJobs; ++i) {
        jobs.push_back(pool->submit(Speaker::Caller, t * 1000 + i, samples(8 * (i + 1))));
        (void)pool->queued();
      }
      for (int i = 0; i < kJobs; ++i) {
        const Result<Utterance> r = jobs[i].get();
        if (r && r->t_ms == t * 1000 + i && r->text() == std::to_string(8 * (i + 1))) ++ok;
      }
    });
  }
  for (std::thread& caller : callers) caller.join();
  EXPECT_EQ(ok, kThreads * kJobs);
  EXPECT_EQ(factory.made, 2);
}

}  // namespace
}  // namespace composure

namespace composure {
namespace {

TEST(DecoderPoolStream, AStreamDecodesEverythingFedBeforeItIsClosed) {
  Factory factory;
  auto pool = make_pool(1, factory);
  auto [stream, words] = pool->open_stream(Speaker::Agent, 1500);
  for (int i = 0; i < 10; ++i) stream->feed(samples(160));
  stream->close();
  stream->feed(samples(160));  // after close: ignored
  const auto w = words.get();
  ASSERT_TRUE(w) << w.error().message;
  EXPECT_EQ(w->speaker, Speaker::Agent);
  EXPECT_EQ(w->t_ms, 1500);
  EXPECT_EQ(w->words.front().text, "1600");
}

TEST(DecoderPoolStream, AStreamHoldsItsDecoderAndOthersQueueUntilItCloses) {
  Factory factory;
  auto pool = make_pool(1, factory);
  auto [first, first_words] = pool->open_stream(Speaker::Caller, 0);
  first->feed(samples(160));
  EXPECT_TRUE(eventually([&] { return pool->busy() == 1; }));
  // The second stream's audio waits in the stream while the only decoder is held.
  auto [second, second_words] = pool->open_stream(Speaker::Agent, 100);
  second->feed(samples(320));
  second->close();
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(pool->queued(), 1U);
  EXPECT_EQ(second_words.wait_for(0ms), std::future_status::timeout);
  first->close();
  EXPECT_EQ(first_words.get()->words.front().text, "160");
  EXPECT_EQ(second_words.get()->words.front().text, "320");
}

TEST(DecoderPoolStream, StreamedAndWholeUtterancesGiveTheSameWords) {
  Factory factory;
  auto pool = make_pool(2, factory);
  auto whole = pool->submit(Speaker::Caller, 0, samples(4000));
  auto [stream, streamed] = pool->open_stream(Speaker::Caller, 0);
  for (int i = 0; i < 25; ++i) stream->feed(samples(160));
  stream->close();
  EXPECT_EQ(whole.get()->words, streamed.get()->words);
}

TEST(DecoderPoolStream, CancellingShutdownDoesNotWaitForAnUnclosedStream) {
  Factory factory;
  auto pool = make_pool(1, factory);
  auto [open, words] = pool->open_stream(Speaker::Caller, 0);
  open->feed(samples(160));
  EXPECT_TRUE(eventually([&] { return pool->busy() == 1; }));
  pool->shutdown(DecoderPool::Shutdown::CancelQueued);
  EXPECT_TRUE(words.get());  // what it had, decoded
}

TEST(DecoderPoolStream, OpeningAfterShutdownFailsAtOnce) {
  Factory factory;
  auto pool = make_pool(1, factory);
  pool->shutdown();
  auto [stream, words] = pool->open_stream(Speaker::Caller, 0);
  stream->feed(samples(10));
  stream->close();
  const auto w = words.get();
  ASSERT_FALSE(w);
  EXPECT_THAT(w.error().message, HasSubstr("shut down"));
}

}  // namespace
}  // namespace composure
