#include "serve/live_call.h"

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "core/timefmt.h"
#include "serve/log.h"
#include "store/redact.h"

namespace composure {
namespace {

// Who is taking the call, from its metadata: "agent" (REST) or the media stream's
// customParameters.agent (what a Twilio <Stream> <Parameter name="agent"> sends).
std::string agent_of(const std::string& meta_json) {
  const auto named = [](const nlohmann::json& j) -> std::string {
    if (!j.is_object()) return {};
    const auto it = j.find("agent");
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  const nlohmann::json meta = nlohmann::json::parse(meta_json, nullptr, false);
  if (auto agent = named(meta); !agent.empty()) return agent;
  if (!meta.is_object()) return {};
  const auto params = meta.find("customParameters");
  return params != meta.end() ? named(*params) : std::string();
}

}  // namespace

namespace {

constexpr std::int64_t kSamplesPerMs = kSampleRate / 1000;
constexpr std::int64_t kWarnDropsEvery = 100;  // frames dropped between two warnings
// As `analyze` streams spurts (src/engine/offline.cpp): audio on either side of a spurt, and how
// far the audio fed to a stream stays behind the frames (the segmenter reports an end about
// 200 ms after it, so a stream never runs past the end plus its pad).
constexpr std::int64_t kRecognitionPadMs = 150;
constexpr std::int64_t kStreamLagMs = 250;
// Recent audio kept per speaker for the streams: a start is reported ~200 ms late, and a stream
// reads from 150 ms before it.
constexpr std::size_t kRingSamples = std::size_t{2} * kSampleRate;

std::size_t index(Speaker s) {
  return static_cast<std::size_t>(s);
}

}  // namespace

void LatencyHistogram::add(std::int64_t ms) {
  for (std::size_t i = 0; i < kBoundsMs.size(); ++i) {
    if (ms <= kBoundsMs[i]) ++buckets[i];
  }
  ++count;
  sum_ms += ms;
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  for (std::size_t i = 0; i < buckets.size(); ++i) buckets[i] += other.buckets[i];
  count += other.count;
  sum_ms += other.sum_ms;
}

class LiveCall::Segments final : public SpeechSegmentSink {
 public:
  explicit Segments(LiveCall& call) : call_(&call) {}
  void on_speech_start(Speaker speaker, std::int64_t start_ms) override {
    call_->on_speech_start(speaker, start_ms);
  }
  void on_speech_segment(Speaker speaker, const Segment& segment) override {
    call_->on_speech_segment(speaker, segment);
  }

 private:
  LiveCall* call_;
};

struct LiveCall::Inbox {
  LiveCall* call = nullptr;
};

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
  bool raw_on = false;  // raw.is_open(), without a library call per frame

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
      segments_(std::make_unique<Segments>(*this)),
      inbox_(std::make_shared<Inbox>()),
      legs_{std::make_unique<Leg>(Speaker::Agent), std::make_unique<Leg>(Speaker::Caller)} {
  inbox_->call = this;
}

LiveCall::~LiveCall() {
  // A decoder waits on an open stream until it is closed: close every one. Their words, if they
  // still come, find no call (the inbox dies with it).
  for (auto& a : active_) {
    if (a) a->stream->close();
  }
  for (auto& c : closing_) c.stream->close();
}

Result<std::unique_ptr<LiveCall>> LiveCall::start(LiveCallSetup setup, EventStore* store,
                                                  CallPublisher publish) {
  std::unique_ptr<LiveCall> call(new LiveCall(std::move(setup), store, std::move(publish)));
  LiveCallSetup& s = call->setup_;
  s.pipeline.two_party = s.two_party;
  s.pipeline.mono_speaker = s.mono_speaker;
  if (s.recognizer != nullptr) {
    if (!s.post) return fail("call " + s.id + ": recognition needs a way to post results");
    for (auto& r : call->rings_) r.pcm.assign(kRingSamples, 0);
  }
  auto pipeline = Pipeline::create(s.pipeline, *call->collector_,
                                   s.recognizer != nullptr ? call->segments_.get() : nullptr);
  if (!pipeline) return fail("call " + s.id + ": " + pipeline.error().message);
  call->pipeline_.emplace(std::move(*pipeline));
  if (store != nullptr) {
    CallRecord record;
    record.id = s.id;
    record.started_at = s.started_at;
    record.source = s.source;
    record.meta = s.meta;
    record.agent = agent_of(s.meta);
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
      l->raw_on = l->raw.is_open();
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
    const std::int64_t heard = now_ms();
    for (const EventRow& r : pending_) publish_(setup_.id, r, heard);
  }
  pending_.clear();
}

void LiveCall::push(const Frame& f) {
  if (setup_.recognizer == nullptr) {
    pipeline_->push(f);
    ++stats_.frames;
    return;
  }
  Ring& ring = rings_[index(f.speaker)];
  for (const std::int16_t v : f.pcm) {
    ring.pcm[static_cast<std::size_t>(ring.written) % kRingSamples] = v;
    ++ring.written;
  }
  pipeline_->push(f);  // may open or end a spurt's stream
  ++stats_.frames;
  heard_ms_[index(f.speaker)] = f.t_ms + kFrameMs;
  if (auto& a = active_[index(f.speaker)]) {
    feed(*a, (f.t_ms + kFrameMs - kStreamLagMs) * kSamplesPerMs);
  }
  pump_closing(false);
}

LiveCall::SpurtStream LiveCall::open_stream(Speaker s, std::int64_t from_ms) {
  SpurtStream st;
  st.id = next_stream_id_++;
  st.speaker = s;
  st.fed = from_ms * kSamplesPerMs;
  st.stream = setup_.recognizer->open_stream(
      s, from_ms,
      [inbox = std::weak_ptr<Inbox>(inbox_), post = setup_.post, id = st.id](Result<Utterance> r) {
        post([inbox, id, r = std::move(r)]() mutable {
          if (auto in = inbox.lock()) in->call->on_recognized(id, std::move(r));
        });
      });
  return st;
}

void LiveCall::feed(SpurtStream& st, std::int64_t upto) {
  const Ring& ring = rings_[index(st.speaker)];
  upto = std::min(upto, ring.written);
  if (st.to >= 0) upto = std::min(upto, st.to);
  if (upto <= st.fed) return;
  const auto oldest = ring.written - static_cast<std::int64_t>(kRingSamples);
  if (st.fed < oldest) {
    if (!lost_audio_warned_) {
      lost_audio_warned_ = true;
      log_line("call " + setup_.id + ": a talk spurt's stream fell behind the kept audio; " +
               std::to_string((oldest - st.fed) / kSamplesPerMs) + " ms not recognised");
    }
    st.fed = oldest;
  }
  while (st.fed < upto) {
    const auto at = static_cast<std::size_t>(st.fed) % kRingSamples;
    const auto n = std::min(static_cast<std::size_t>(upto - st.fed), kRingSamples - at);
    st.stream->feed(std::span<const std::int16_t>(ring.pcm.data() + at, n));
    st.fed += static_cast<std::int64_t>(n);
  }
}

// Ended spurts get their audio up to the end and its pad, then their stream is closed; `final`:
// no more audio will come, close them all.
void LiveCall::pump_closing(bool final) {
  std::erase_if(closing_, [&](SpurtStream& st) {
    feed(st, st.to);
    if (st.fed < st.to && !final) return false;
    st.stream->close();
    return true;
  });
}

void LiveCall::on_speech_start(Speaker s, std::int64_t start_ms) {
  std::optional<SpurtStream>& a = active_[index(s)];
  if (a) a->stream->close();  // cannot happen: a spurt ends before the next starts
  a = open_stream(s, std::max<std::int64_t>(0, start_ms - kRecognitionPadMs));
  feed(*a, (heard_ms_[index(s)] - kStreamLagMs) * kSamplesPerMs);
}

void LiveCall::on_speech_segment(Speaker s, const Segment& seg) {
  const std::int64_t from_ms = std::max<std::int64_t>(0, seg.start_ms - kRecognitionPadMs);
  std::int64_t to = (seg.end_ms + kRecognitionPadMs) * kSamplesPerMs;
  if (real_end_[index(s)] >= 0) to = std::min(to, real_end_[index(s)]);
  std::optional<SpurtStream>& a = active_[index(s)];
  SpurtStream st;
  if (a) {
    st = std::move(*a);
    a.reset();
  } else {
    // Not streamed (its start was not reported before the end): the whole spurt at once.
    if (from_ms * kSamplesPerMs >= to) return;
    st = open_stream(s, from_ms);
  }
  st.to = to;
  ended_.push_back(Awaited{st.id, std::nullopt, std::chrono::steady_clock::now()});
  closing_.push_back(std::move(st));
  pump_closing(false);
}

void LiveCall::on_recognized(std::uint64_t id, Result<Utterance> words) {
  const auto it =
      std::find_if(ended_.begin(), ended_.end(), [id](const Awaited& a) { return a.id == id; });
  if (it == ended_.end()) return;  // a stream closed without its spurt ending (abandoned)
  it->words = std::move(words);
  // Words enter the pipeline in the order the spurts ended, whatever the decoders' timing.
  while (!ended_.empty() && ended_.front().words) {
    Awaited done = std::move(ended_.front());
    ended_.pop_front();
    if (*done.words) {
      if (!(*done.words)->words.empty()) ++stats_.utterances;
      pipeline_->push_utterance(**done.words);
    } else {
      if (stats_.recognition_errors == 0) {
        log_line("call " + setup_.id +
                 ": a talk spurt could not be recognised: " + done.words->error().message);
      }
      ++stats_.recognition_errors;
    }
    stats_.recognition_latency.add(std::chrono::duration_cast<std::chrono::milliseconds>(
                                       std::chrono::steady_clock::now() - done.ended)
                                       .count());
  }
  flush();
  complete_if_done();
}

void LiveCall::add_utterance(const Utterance& utterance) {
  if (finished_) return;
  if (!utterance.words.empty()) ++stats_.utterances;
  pipeline_->push_utterance(utterance);
  flush();
}

void LiveCall::abandon_recognition() {
  if (!finish_called_ || finished_) return;
  for (auto& a : active_) {
    if (a) a->stream->close();
    a.reset();
  }
  pump_closing(true);
  if (!ended_.empty()) {
    warn(now_ms(), std::to_string(ended_.size()) +
                       " talk spurt(s) were still being recognised when the server stopped; "
                       "their words are missing");
    stats_.recognition_errors += static_cast<std::int64_t>(ended_.size());
    ended_.clear();
  }
  complete_if_done();
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
  if (l.raw_on) {
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
  if (finish_called_) return;
  Leg& l = leg(s);
  if (l.started) return;
  l.started = true;
  const std::int64_t target = t_ms * kSamplesPerMs;
  place_silence([&](std::span<const std::int16_t> p) { place(l, p); }, target - l.samples);
  flush();
}

void LiveCall::add_audio(Speaker s, std::int64_t t_ms, std::span<const std::int16_t> pcm) {
  if (finish_called_) return;
  Leg& l = leg(s);
  const std::int64_t target = t_ms * kSamplesPerMs;
  const auto who = [&l] { return std::string(to_string(l.speaker)); };
  if (!l.started) {
    l.started = true;
    place_silence([&](std::span<const std::int16_t> p) { place(l, p); }, target - l.samples);
  } else if (target >= l.samples + kFrameSamples) {
    const std::int64_t missing_ms = (target - l.samples) / kSamplesPerMs;
    warn(l.samples / kSamplesPerMs, std::to_string(missing_ms) + " ms of " + who() +
                                        " audio missing before " + format_clock(t_ms) +
                                        " (the stream skipped ahead); filled with silence");
    stats_.silence_ms += missing_ms;
    place_silence([&](std::span<const std::int16_t> p) { place(l, p); }, target - l.samples);
  } else if (target + kFrameSamples <= l.samples) {
    const auto frames = static_cast<std::int64_t>((pcm.size() + kFrameSamples - 1) / kFrameSamples);
    stats_.frames_dropped += frames;
    if (stats_.frames_dropped - l.drops_warned >= kWarnDropsEvery) {
      l.drops_warned = stats_.frames_dropped;
      warn(t_ms, who() + " audio for " + format_clock(t_ms) + " arrived after audio up to " +
                     format_clock(l.samples / kSamplesPerMs) + " (late or repeated); dropped (" +
                     std::to_string(stats_.frames_dropped) + " frames dropped so far)");
    }
    return;
  }
  place(l, pcm);
  flush();
}

void LiveCall::append_audio(Speaker s, std::span<const std::int16_t> pcm) {
  if (finish_called_) return;
  Leg& l = leg(s);
  l.started = true;
  place(l, pcm);
  flush();
}

void LiveCall::end_leg(Speaker s) {
  if (finish_called_) return;
  leg(s).ended = true;
  release(false);
  flush();
}

void LiveCall::finish(CallStatus status) {
  if (finish_called_) return;
  finish_called_ = true;
  status_ = status;
  for (auto& l : legs_) real_end_[index(l->speaker)] = l->samples;
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
  pipeline_->finish();  // ends the spurts still open
  for (auto& a : active_) {
    if (!a) continue;  // cannot happen after finish(); closed with what it has
    a->to = a->fed;
    ended_.push_back(Awaited{a->id, std::nullopt, std::chrono::steady_clock::now()});
    closing_.push_back(std::move(*a));
    a.reset();
  }
  for (auto& st : closing_) {
    st.to = std::min(st.to, std::max(st.fed, real_end_[index(st.speaker)]));
  }
  pump_closing(true);
  flush();
  complete_if_done();
}

void LiveCall::complete_if_done() {
  if (!finish_called_ || finished_ || !ended_.empty()) return;
  flush();
  finished_ = true;
  if (store_ != nullptr) {
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    if (auto ended = store_->end_call(setup_.id, now, status_); !ended) {
      ++stats_.store_errors;
      log_line("call " + setup_.id + ": " + ended.error().message);
    }
  }
  for (auto& l : legs_) {
    if (l->raw_on) l->raw.close();
    l->raw_on = false;
  }
  if (setup_.on_done) setup_.on_done();
}

}  // namespace composure
