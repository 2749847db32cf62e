#include "serve/live_call.h"

#include <algorithm>
#include <chrono>

#include "core/timefmt.h"
#include "serve/log.h"
#include "store/redact.h"

namespace composure {
namespace {

constexpr std::int64_t kSamplesPerMs = kSampleRate / 1000;
constexpr std::int64_t kWarnDropsEvery = 100;  // frames dropped between two warnings

}  // namespace

class LiveCall::Collector final : public EventSink {
 public:
  explicit Collector(LiveCall& call) : call_(&call) {}
  void on_event(const Event& event) override { call_->on_pipeline_event(event); }

 private:
  LiveCall* call_;
};

struct LiveCall::Leg {
  explicit Leg(Speaker s) : speaker(s) { partial.speaker = s; }
  Speaker speaker;
  std::int64_t samples = 0;  // timeline position of the next sample, in samples
  bool started = false;
  bool ended = false;
  Frame partial;
  int partial_n = 0;
  std::array<Frame, kHoldFrames> ring{};
  int head = 0;
  int size = 0;
  std::int64_t drops_warned = -kWarnDropsEvery;
  std::ofstream raw;

  const Frame& front() const { return ring[static_cast<std::size_t>(head)]; }
  void pop() {
    head = (head + 1) % kHoldFrames;
    --size;
  }
  void enqueue(const Frame& f) {
    ring[static_cast<std::size_t>((head + size) % kHoldFrames)] = f;
    ++size;
  }
};

LiveCall::LiveCall(LiveCallSetup setup, EventStore* store, CallPublisher publish)
    : setup_(std::move(setup)),
      store_(store),
      publish_(std::move(publish)),
      collector_(std::make_unique<Collector>(*this)),
      legs_{std::make_unique<Leg>(Speaker::Agent), std::make_unique<Leg>(Speaker::Caller)} {}

LiveCall::~LiveCall() = default;

Result<std::unique_ptr<LiveCall>> LiveCall::start(LiveCallSetup setup, EventStore* store,
                                                  CallPublisher publish) {
  std::unique_ptr<LiveCall> call(new LiveCall(std::move(setup), store, std::move(publish)));
  LiveCallSetup& s = call->setup_;
  s.pipeline.two_party = s.two_party;
  s.pipeline.mono_speaker = s.mono_speaker;
  auto pipeline = Pipeline::create(s.pipeline, *call->collector_);
  if (!pipeline) return fail("call " + s.id + ": " + pipeline.error().message);
  call->pipeline_.emplace(std::move(*pipeline));
  if (store != nullptr) {
    CallRecord record;
    record.id = s.id;
    record.started_at = s.started_at;
    record.source = s.source;
    record.meta = s.meta;
    auto next = store->begin_call(record);
    if (!next) return fail(next.error().message);
    call->next_seq_ = *next;
  }
  if (!s.raw_audio_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(s.raw_audio_dir, ec);
    for (auto& l : call->legs_) {
      if (!s.two_party && l->speaker != s.mono_speaker) continue;
      const auto file =
          s.raw_audio_dir / (s.id + "." + std::string(to_string(l->speaker)) + ".s16le");
      l->raw.open(file, std::ios::binary | std::ios::app);
      if (!l->raw) log_line("cannot write raw audio to " + file.string());
    }
  }
  return call;
}

LiveCall::Leg& LiveCall::leg(Speaker s) {
  if (!setup_.two_party) return *legs_[static_cast<std::size_t>(setup_.mono_speaker)];
  return *legs_[static_cast<std::size_t>(s)];
}

std::int64_t LiveCall::now_ms() const {
  return std::max(legs_[0]->samples, legs_[1]->samples) / kSamplesPerMs;
}

int LiveCall::queued_frames() const {
  return legs_[0]->size + legs_[1]->size;
}

CallSummary LiveCall::summary() const {
  return pipeline_->summary();
}

void LiveCall::on_pipeline_event(const Event& e) {
  Event clean = e;
  clean.evidence.text = redact(e.evidence.text);
  clean.label = redact(e.label);
  pending_.push_back(to_row(clean, next_seq_++));
}

void LiveCall::warn(std::int64_t t_ms, const std::string& text) {
  if (finished_) return;
  log_line("call " + setup_.id + ": " + text);
  pending_.push_back(warning_row(next_seq_++, t_ms, redact(text)));
  ++stats_.warnings;
  flush();
}

void LiveCall::flush() {
  if (pending_.empty()) return;
  if (store_ != nullptr) {
    if (auto stored = store_->append(setup_.id, pending_); !stored) {
      ++stats_.store_errors;
      log_line("call " + setup_.id + ": " + stored.error().message);
    }
  }
  stats_.events += static_cast<std::int64_t>(pending_.size());
  if (publish_) {
    for (const EventRow& r : pending_) publish_(setup_.id, r);
  }
  pending_.clear();
}

void LiveCall::push(const Frame& f) {
  pipeline_->push(f);
  ++stats_.frames;
}

void LiveCall::release(bool all) {
  Leg& a = *legs_[0];
  Leg& c = *legs_[1];
  for (;;) {
    Leg* from = nullptr;
    if (a.size > 0 && c.size > 0) {
      from = c.front().t_ms < a.front().t_ms ? &c : &a;
    } else if (a.size > 0 && (all || c.ended || a.size >= kHoldFrames)) {
      from = &a;
    } else if (c.size > 0 && (all || a.ended || c.size >= kHoldFrames)) {
      from = &c;
    } else {
      break;
    }
    push(from->front());
    from->pop();
  }
}

void LiveCall::emit_frame(Leg& l) {
  l.partial.t_ms = (l.samples - kFrameSamples) / kSamplesPerMs;
  l.partial_n = 0;
  if (l.raw.is_open()) {
    l.raw.write(reinterpret_cast<const char*>(l.partial.pcm.data()),
                static_cast<std::streamsize>(sizeof(l.partial.pcm)));
  }
  if (!setup_.two_party) {
    push(l.partial);
    return;
  }
  l.enqueue(l.partial);
  release(false);
}

void LiveCall::place(Leg& l, std::span<const std::int16_t> pcm) {
  std::size_t i = 0;
  while (i < pcm.size()) {
    const std::size_t n =
        std::min(pcm.size() - i, static_cast<std::size_t>(kFrameSamples - l.partial_n));
    std::copy_n(pcm.begin() + static_cast<std::ptrdiff_t>(i), n,
                l.partial.pcm.begin() + l.partial_n);
    l.partial_n += static_cast<int>(n);
    l.samples += static_cast<std::int64_t>(n);
    i += n;
    if (l.partial_n == kFrameSamples) emit_frame(l);
  }
}

namespace {

void place_silence(const std::function<void(std::span<const std::int16_t>)>& place,
                   std::int64_t samples) {
  static constexpr std::array<std::int16_t, kFrameSamples> kSilence{};
  while (samples > 0) {
    const auto n = std::min<std::int64_t>(samples, kFrameSamples);
    place(std::span<const std::int16_t>(kSilence.data(), static_cast<std::size_t>(n)));
    samples -= n;
  }
}

}  // namespace

void LiveCall::set_leg_start(Speaker s, std::int64_t t_ms) {
  if (finished_) return;
  Leg& l = leg(s);
  if (l.started) return;
  l.started = true;
  const std::int64_t target = t_ms * kSamplesPerMs;
  place_silence([&](std::span<const std::int16_t> p) { place(l, p); }, target - l.samples);
  flush();
}

void LiveCall::add_audio(Speaker s, std::int64_t t_ms, std::span<const std::int16_t> pcm) {
  if (finished_) return;
  Leg& l = leg(s);
  const std::int64_t target = t_ms * kSamplesPerMs;
  const std::string who(to_string(l.speaker));
  if (!l.started) {
    l.started = true;
    place_silence([&](std::span<const std::int16_t> p) { place(l, p); }, target - l.samples);
  } else if (target >= l.samples + kFrameSamples) {
    const std::int64_t missing_ms = (target - l.samples) / kSamplesPerMs;
    warn(l.samples / kSamplesPerMs, std::to_string(missing_ms) + " ms of " + who +
                                        " audio missing before " + format_clock(t_ms) +
                                        " (the stream skipped ahead); filled with silence");
    stats_.silence_ms += missing_ms;
    place_silence([&](std::span<const std::int16_t> p) { place(l, p); }, target - l.samples);
  } else if (target + kFrameSamples <= l.samples) {
    const auto frames = static_cast<std::int64_t>((pcm.size() + kFrameSamples - 1) / kFrameSamples);
    stats_.frames_dropped += frames;
    if (stats_.frames_dropped - l.drops_warned >= kWarnDropsEvery) {
      l.drops_warned = stats_.frames_dropped;
      warn(t_ms, who + " audio for " + format_clock(t_ms) + " arrived after audio up to " +
                     format_clock(l.samples / kSamplesPerMs) + " (late or repeated); dropped (" +
                     std::to_string(stats_.frames_dropped) + " frames dropped so far)");
    }
    return;
  }
  place(l, pcm);
  flush();
}

void LiveCall::append_audio(Speaker s, std::span<const std::int16_t> pcm) {
  if (finished_) return;
  Leg& l = leg(s);
  l.started = true;
  place(l, pcm);
  flush();
}

void LiveCall::end_leg(Speaker s) {
  if (finished_) return;
  leg(s).ended = true;
  release(false);
  flush();
}

void LiveCall::finish(CallStatus status) {
  if (finished_) return;
  for (auto& l : legs_) {
    if (l->partial_n > 0) {
      place_silence([&](std::span<const std::int16_t> p) { place(*l, p); },
                    kFrameSamples - l->partial_n);
    }
  }
  if (setup_.two_party) {
    const std::int64_t end = std::max(legs_[0]->samples, legs_[1]->samples);
    for (auto& l : legs_) {
      place_silence([&](std::span<const std::int16_t> p) { place(*l, p); }, end - l->samples);
    }
  }
  release(true);
  pipeline_->finish();
  flush();
  finished_ = true;
  if (store_ != nullptr) {
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    if (auto ended = store_->end_call(setup_.id, now, status); !ended) {
      ++stats_.store_errors;
      log_line("call " + setup_.id + ": " + ended.error().message);
    }
  }
  for (auto& l : legs_) {
    if (l->raw.is_open()) l->raw.close();
  }
}

}  // namespace composure
