#include "engine/pipeline.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <span>
#include <utility>

namespace composure {

namespace {
// A caller utterance was said raised when the voice was judged raised for this long from its own
// speech (the prosody window may start this much before the utterance, in its pause or its first
// syllable).
constexpr std::int64_t kRaisedSlackMs = 300;
constexpr std::int64_t kRaisedMinMs = 100;  // one evaluation

bool said_raised(const ProsodyTracker& voice, std::int64_t from_ms, std::int64_t to_ms) {
  return voice.raised_ms_between(from_ms - kRaisedSlackMs, to_ms) >= kRaisedMinMs;
}
}  // namespace

void Pipeline::CountingSink::on_event(const Event& event) {
  ++counts[static_cast<std::size_t>(event.kind)];
  next_->on_event(event);
  assessor.observe(event, *this);
  if (guide) guide->observe(event, *this);
}

Pipeline::VoiceTracer::VoiceTracer() {
  points_.reserve(1024);  // 17 minutes of speech before the first (and rare) growth
}

void Pipeline::VoiceTracer::push(const VoiceFrame& v, const ProsodyTracker& prosody) {
  const std::int64_t second = v.t_ms / 1000;
  if (second != second_) {
    flush(prosody);
    second_ = second;
  }
  if (!v.speech || !v.voiced() || now_size_ == kSecondFrames) return;
  level_now_[static_cast<std::size_t>(now_size_)] = v.level_db;
  pitch_now_[static_cast<std::size_t>(now_size_)] = 12.0F * std::log2(v.f0_hz / 100.0F);
  ++now_size_;
}

void Pipeline::VoiceTracer::flush(const ProsodyTracker& prosody) {
  if (now_size_ >= kMinPointFrames) {
    const auto n = static_cast<std::size_t>(now_size_);
    VoicePoint p;
    p.t_ms = second_ * 1000;
    p.voiced_frames = now_size_;
    p.level_db = median_of(std::span<const float>(level_now_.data(), n), scratch_);
    p.f0_hz = 100.0F *
              std::exp2(median_of(std::span<const float>(pitch_now_.data(), n), scratch_) / 12.0F);
    p.baseline_level_db = prosody.baseline_level_db().value_or(0.0F);
    p.baseline_f0_hz = prosody.baseline_f0_hz().value_or(0.0F);
    points_.push_back(p);
  }
  now_size_ = 0;
}

bool Pipeline::ActivityQueue::push(const ActivityFrame& a) {
  if (size == kCapacity) return false;
  items[static_cast<std::size_t>((head + size) % kCapacity)] = a;
  ++size;
  return true;
}

void Pipeline::ActivityQueue::pop() {
  head = (head + 1) % kCapacity;
  --size;
}

Result<Pipeline> Pipeline::create(const PipelineConfig& config, EventSink& sink,
                                  SpeechSegmentSink* segments) {
  std::array<std::unique_ptr<Channel>, 2> channels;
  for (const Speaker s : {Speaker::Agent, Speaker::Caller}) {
    if (!config.two_party && s != config.mono_speaker) continue;
    auto analyzer = ChannelAnalyzer::create(config.voice);
    if (!analyzer) return tl::unexpected(analyzer.error());
    channels[static_cast<std::size_t>(s)] =
        std::make_unique<Channel>(Channel{std::move(*analyzer),
                                          ProsodyTracker(s, config.prosody),
                                          VoiceTracer(),
                                          {},
                                          0,
                                          0,
                                          0,
                                          0,
                                          -1});
  }
  return Pipeline(config, std::make_unique<CountingSink>(sink, config), std::move(channels),
                  segments);
}

Pipeline::Pipeline(const PipelineConfig& config, std::unique_ptr<CountingSink> sink,
                   std::array<std::unique_ptr<Channel>, 2> channels, SpeechSegmentSink* segments)
    : config_(config),
      sink_(std::move(sink)),
      channels_(std::move(channels)),
      turns_(config.turns),
      segments_(segments) {
  if (config_.lexicon) word_cues_.emplace(config_.lexicon);
}

void Pipeline::push(const Frame& frame) {
  Channel* c = channel(frame.speaker);
  if (c == nullptr || finished_ || frame.t_ms < c->next_t_ms) {
    ++frames_dropped_;
    return;
  }
  // A gap (lost packets on a live leg) is heard as silence, so both legs stay on one timeline.
  while (c->next_t_ms < frame.t_ms) {
    Frame silence;
    silence.t_ms = c->next_t_ms;
    silence.speaker = frame.speaker;
    push(silence);
  }
  const auto out = c->analyzer.push(frame);
  c->trace.push(out.frame, c->prosody);
  c->prosody.push(out.frame, *sink_);
  c->next_t_ms = frame.t_ms + kFrameMs;
  end_ms_ = std::max(end_ms_, c->next_t_ms);
  if (out.activity) on_activity(frame.speaker, *out.activity);
  if (sink_->assessor.tick_due(end_ms_)) note_caller_voice();
  sink_->assessor.advance_to(end_ms_, *sink_);
}

void Pipeline::note_caller_voice() {
  const Channel* caller = channel(Speaker::Caller);
  if (caller == nullptr || !config_.two_party) return;
  sink_->assessor.set_caller_voice_raised_since_words(
      said_raised(caller->prosody, sink_->assessor.last_caller_end_ms(), end_ms_));
}

void Pipeline::note_spurt(Channel& c, const Segment& seg) {
  ++c.spurts;
  if (c.last_end_ms >= 0) {
    ++c.pauses;
    c.pause_ms += seg.start_ms - c.last_end_ms;
  }
  c.last_end_ms = seg.end_ms;
}

void Pipeline::on_activity(Speaker s, const ActivityFrame& a) {
  Channel& c = *channel(s);
  if (a.ended) {
    note_spurt(c, *a.ended);
    if (segments_ != nullptr) segments_->on_speech_segment(s, *a.ended);
  }
  if (a.started_ms && segments_ != nullptr) segments_->on_speech_start(s, *a.started_ms);
  if (!config_.two_party) return;
  if (!c.queue.push(a)) {
    // The other leg has fallen more than the queue behind: pair our oldest verdict with silence.
    ActivityFrame quiet;
    quiet.t_ms = c.queue.front().t_ms;
    if (s == Speaker::Agent) {
      turns_.push(c.queue.front(), quiet, *sink_);
    } else {
      turns_.push(quiet, c.queue.front(), *sink_);
    }
    c.queue.pop();
    c.queue.push(a);
  }
  drain_pairs();
}

void Pipeline::drain_pairs() {
  ActivityQueue& qa = channel(Speaker::Agent)->queue;
  ActivityQueue& qc = channel(Speaker::Caller)->queue;
  while (qa.size > 0 && qc.size > 0) {
    const ActivityFrame& a = qa.front();
    const ActivityFrame& b = qc.front();
    if (a.t_ms == b.t_ms) {
      turns_.push(a, b, *sink_);
      qa.pop();
      qc.pop();
    } else if (a.t_ms < b.t_ms) {
      ActivityFrame quiet;
      quiet.t_ms = a.t_ms;
      turns_.push(a, quiet, *sink_);
      qa.pop();
    } else {
      ActivityFrame quiet;
      quiet.t_ms = b.t_ms;
      turns_.push(quiet, b, *sink_);
      qc.pop();
    }
  }
}

void Pipeline::finish() {
  if (finished_) return;
  // Bring a leg that ended early up to the call's end, so both flush the same frames.
  for (const Speaker s : {Speaker::Agent, Speaker::Caller}) {
    Channel* c = channel(s);
    if (c == nullptr) continue;
    while (c->next_t_ms < end_ms_) {
      Frame silence;
      silence.t_ms = c->next_t_ms;
      silence.speaker = s;
      push(silence);
    }
  }
  finished_ = true;
  std::array<std::optional<Segment>, 2> open;
  for (const Speaker s : {Speaker::Agent, Speaker::Caller}) {
    Channel* c = channel(s);
    if (c == nullptr) continue;
    c->analyzer.flush([&](const ActivityFrame& a) { on_activity(s, a); });
    c->trace.flush(c->prosody);
    open[static_cast<std::size_t>(s)] = c->analyzer.close();
    if (const auto& last = open[static_cast<std::size_t>(s)]) {
      note_spurt(*c, *last);
      if (segments_ != nullptr) segments_->on_speech_segment(s, *last);
    }
  }
  if (config_.two_party) {
    drain_pairs();
    turns_.finish(end_ms_, open[0], open[1], *sink_);
  }
  sink_->assessor.finish(end_ms_, *sink_);
}

void Pipeline::push_utterance(const Utterance& u) {
  if (u.words.empty()) return;
  sink_->assessor.advance_to(u.t_ms, *sink_);
  ++utterances_;
  end_ms_ = std::max(end_ms_, u.end_ms);
  Event e;
  e.kind = EventKind::Utterance;
  e.speaker = u.speaker;
  e.t_ms = u.t_ms;
  e.end_ms = u.end_ms;
  double confidence = 0;
  for (const Word& w : u.words) confidence += w.confidence;
  confidence /= static_cast<double>(u.words.size());
  e.strength = static_cast<float>(confidence);
  e.evidence.text = u.text();
  e.evidence.numbers = {{"words", static_cast<double>(u.words.size()), ""},
                        {"mean_confidence", confidence, ""}};
  sink_->on_event(e);
  if (word_cues_) word_cues_->push(u, *sink_);
  if (config_.text_scorer && u.final && u.speaker == Speaker::Caller) score_text(u);
  // A mono recording mixes both voices on one channel: no baseline of the caller's own.
  if (const Channel* caller = channel(Speaker::Caller);
      caller != nullptr && config_.two_party && u.speaker == Speaker::Caller) {
    // Only once the baseline was full before this utterance began: an utterance whose own voice
    // went into the baseline cannot be judged calm by it. Caller utterances come in order, so once
    // measured, measured for the rest of the call.
    const std::int64_t full_since = caller->prosody.level_baseline_full_since_ms();
    sink_->assessor.set_caller_voice_measured(full_since >= 0 && full_since <= u.t_ms);
    // Said raised: judged so from its own speech, not from a window still holding earlier words.
    sink_->assessor.set_caller_voice_raised(
        said_raised(caller->prosody, u.t_ms, u.end_ms + kFrameMs));
  }
  sink_->assessor.utterance_done(u, *sink_);
  if (sink_->guide) {
    if (word_cues_) sink_->guide->set_caller_name(word_cues_->caller_name());
    sink_->guide->utterance_done(u, *sink_);
  }
}

void Pipeline::score_text(const Utterance& u) {
  const TextScorer& scorer = *config_.text_scorer;
  const std::string text = u.text();
  const float p = scorer.score(text);
  Event e;
  e.kind = EventKind::TextFrustration;
  e.speaker = u.speaker;
  e.t_ms = u.t_ms;
  e.end_ms = u.end_ms;
  e.strength = p;
  char head[64];
  std::snprintf(head, sizeof head, "words score %.2f for frustration", static_cast<double>(p));
  e.evidence.text = head;
  std::string drivers;
  for (const auto& [feature, weight] : scorer.top_features(text, 3)) {
    if (weight <= 0) continue;
    char part[96];
    std::snprintf(part, sizeof part, "%s\"%s\" %+.2f", drivers.empty() ? "" : ", ", feature.c_str(),
                  static_cast<double>(weight));
    drivers += part;
  }
  if (!drivers.empty()) e.evidence.text += " (most telling: " + drivers + ")";
  e.evidence.numbers = {{"probability", p, ""}, {"threshold", scorer.threshold(), ""}};
  sink_->on_event(e);
}

CallSummary Pipeline::summary() const {
  CallSummary s;
  s.duration_ms = end_ms_;
  s.two_party = config_.two_party;
  s.turns = turns_.summary();
  s.event_counts = sink_->counts;
  s.frames_dropped = frames_dropped_;
  s.utterances = utterances_;
  s.assessment = sink_->assessor.summary();
  for (const Speaker sp : {Speaker::Agent, Speaker::Caller}) {
    const auto i = static_cast<std::size_t>(sp);
    const Channel* c = channels_[i].get();
    if (c == nullptr) continue;
    s.speakers[i].prosody = c->prosody.summary();
    s.voice_trace[i] = c->trace.points();
    if (config_.two_party) {
      s.speakers[i].turns = s.turns.speakers[i];
    } else {
      s.speakers[i].turns.spurts = c->spurts;
      s.speakers[i].turns.pauses = c->pauses;
      s.speakers[i].turns.pause_ms = c->pause_ms;
      s.speakers[i].turns.speech_ms = s.speakers[i].prosody.speech_ms;
    }
  }
  return s;
}

}  // namespace composure
