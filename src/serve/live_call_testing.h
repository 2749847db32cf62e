// Test helpers for LiveCall with recognition: an inbox that stands in for the io thread (decoder
// threads post to it, the test thread runs what they posted), and the utterances a sample call
// gives offline (analyze_call) and streamed through a LiveCall, to compare.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

#include "audio/call_audio.h"
#include "engine/offline.h"
#include "serve/live_call.h"
#include "store/redact.h"

namespace composure::live_testing {

class Inbox {
 public:
  // Decoder threads may still post after the inbox is gone (a stream closed at the end): what
  // they post goes to shared state that lives as long as any poster.
  std::function<void(std::function<void()>)> poster() {
    return [q = queue_](std::function<void()> task) {
      {
        const std::lock_guard lock(q->mutex);
        q->tasks.push_back(std::move(task));
      }
      q->ready.notify_one();
    };
  }
  // Runs what has been posted so far.
  void run_pending() {
    std::deque<std::function<void()>> now;
    {
      const std::lock_guard lock(queue_->mutex);
      now.swap(queue_->tasks);
    }
    for (auto& t : now) t();
  }
  // Runs posted tasks until `done` holds (or ten minutes have passed: decoding a whole call on a
  // busy machine takes a while).
  void run_until(const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(10);
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      {
        std::unique_lock lock(queue_->mutex);
        queue_->ready.wait_for(lock, std::chrono::milliseconds(50),
                               [this] { return !queue_->tasks.empty(); });
      }
      run_pending();
    }
  }

 private:
  struct Queue {
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<std::function<void()>> tasks;
  };
  std::shared_ptr<Queue> queue_ = std::make_shared<Queue>();
};

struct Said {
  Speaker speaker = Speaker::Caller;
  std::int64_t t_ms = 0;
  std::int64_t end_ms = 0;
  std::string text;
  bool operator==(const Said&) const = default;
};

inline std::ostream& operator<<(std::ostream& os, const Said& s) {
  return os << to_string(s.speaker) << " " << s.t_ms << "-" << s.end_ms << " \"" << s.text << "\"";
}

// What `composure transcribe` recognises, in the order the words entered the pipeline.
inline std::vector<Said> offline_utterances(const CallAudio& audio, DecoderPool& pool) {
  std::vector<Utterance> words;
  CallInputs inputs;
  inputs.audio = &audio;
  inputs.recognizer = &pool;
  inputs.recognized = &words;
  VectorSink ignored;
  auto summary = analyze_call(inputs, PipelineConfig{}, ignored);
  std::vector<Said> out;
  if (!summary) return out;
  for (const Utterance& u : words) out.push_back({u.speaker, u.t_ms, u.end_ms, redact(u.text())});
  return out;
}

// The same call fed to a LiveCall in 20 ms pieces, the caller's leg `caller_ahead_frames` ahead
// of the agent's (as two connections might be), with posted words run between pieces.
inline std::vector<Said> live_utterances(const CallAudio& audio, DecoderPool& pool,
                                         std::size_t caller_ahead_frames) {
  Inbox inbox;
  std::vector<Said> out;
  LiveCallSetup setup;
  setup.id = "recognition-test";
  setup.source = "test";
  setup.two_party = !audio.mono;
  setup.recognizer = &pool;
  setup.post = inbox.poster();
  auto call =
      LiveCall::start(setup, nullptr, [&](const std::string&, const EventRow& r, std::int64_t) {
        if (auto e = to_event(r); e && e->kind == EventKind::Utterance) {
          out.push_back({e->speaker, e->t_ms, e->end_ms, e->evidence.text});
        }
      });
  if (!call) return out;
  const auto slice = [](const std::vector<std::int16_t>& pcm, std::size_t from) {
    if (from >= pcm.size()) return std::span<const std::int16_t>();
    return std::span<const std::int16_t>(pcm.data() + from,
                                         std::min<std::size_t>(kFrameSamples, pcm.size() - from));
  };
  const std::size_t ahead = caller_ahead_frames * kFrameSamples;
  const std::size_t total = std::max(audio.agent.size(), audio.caller.size());
  for (std::size_t at = 0; at < total + ahead; at += kFrameSamples) {
    if (auto c = slice(audio.caller, at); !c.empty()) {
      (*call)->add_audio(Speaker::Caller, static_cast<std::int64_t>(at / 8), c);
    }
    if (!audio.mono && at >= ahead) {
      if (auto a = slice(audio.agent, at - ahead); !a.empty()) {
        (*call)->add_audio(Speaker::Agent, static_cast<std::int64_t>((at - ahead) / 8), a);
      }
    }
    inbox.run_pending();
  }
  (*call)->finish(CallStatus::Ended);
  inbox.run_until([&] { return (*call)->finished(); });
  return out;
}

}  // namespace composure::live_testing
