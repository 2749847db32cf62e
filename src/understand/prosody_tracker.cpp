#include "understand/prosody_tracker.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "core/timefmt.h"

namespace composure {
namespace {

enum FeatureIndex : std::size_t { Level = 0, Pitch = 1, Rate = 2 };
constexpr int kEvalEvery = 5;  // evaluate loudness and pitch every 100 ms of voiced speech

float semitones_re_100hz(float hz) {
  return 12.0F * std::log2(hz / 100.0F);
}
float hz_from_semitones(float st) {
  return 100.0F * std::exp2(st / 12.0F);
}

float strength_for(float delta, float on, float full) {
  return std::clamp(0.5F + 0.5F * (delta - on) / (full - on), 0.0F, 1.0F);
}

std::string fmt(const char* format, double a, double b = 0, double c = 0) {
  char buf[160];
  std::snprintf(buf, sizeof buf, format, a, b, c);
  return buf;
}

}  // namespace

ProsodyTracker::Feature::Feature(EventKind k, std::string_view u, bool rel, float on_at,
                                 float off_at, float full_at, int window_size, int settle,
                                 int baseline_min, int judging_min, float short_doubt,
                                 HistogramStat base)
    : kind(k),
      unit(u),
      relative(rel),
      on(on_at),
      off(off_at),
      full(full_at),
      window(window_size),
      settle_needed(settle),
      min_baseline(baseline_min),
      min_judging(std::min(judging_min, baseline_min)),
      doubt(short_doubt),
      baseline(std::move(base)),
      values(static_cast<std::size_t>(window_size)),
      times(static_cast<std::size_t>(window_size)),
      scratch(static_cast<std::size_t>(window_size)) {}

void ProsodyTracker::Feature::add(std::int64_t t_ms, float value) {
  const auto slot = static_cast<std::size_t>((head + size) % window);
  if (size == window) {
    // The oldest sample leaves the window and, unless it belongs to an episode or to a stretch
    // kept out (see evaluate), joins the baseline.
    if (!active && !kept_out()) baseline.add(values[static_cast<std::size_t>(head)]);
    head = (head + 1) % window;
  } else {
    ++size;
  }
  values[slot] = value;
  times[slot] = t_ms;
}

bool ProsodyTracker::Feature::ready() const {
  return baseline.count() >= min_judging && size >= window / 2;
}

float ProsodyTracker::Feature::on_now() const {
  const float short_by =
      1.0F - static_cast<float>(baseline.count()) / static_cast<float>(min_baseline);
  return on * (1.0F + doubt * std::max(0.0F, short_by));
}

float ProsodyTracker::Feature::recent() const {
  // The ring is contiguous once it has wrapped or before it has; order does not matter for a
  // median.
  return median_of(std::span<const float>(values.data(), static_cast<std::size_t>(size)),
                   std::span<float>(scratch));
}

float ProsodyTracker::Feature::delta() const {
  const float base = baseline.median();
  const float r = recent();
  if (relative) return base > 0 ? r / base - 1.0F : 0.0F;
  return r - base;
}

std::int64_t ProsodyTracker::Feature::onset_ms() const {
  // The earliest sample from which most of the window (70 %) sits well over baseline:
  // where the rise began, not the first stray loud syllable.
  const float base = baseline.median();
  std::int64_t onset = times[static_cast<std::size_t>((head + size - 1) % window)];
  int above = 0;
  for (int i = size - 1; i >= 0; --i) {
    const auto slot = static_cast<std::size_t>((head + i) % window);
    const float d = relative ? (base > 0 ? values[slot] / base - 1.0F : 0.0F) : values[slot] - base;
    const bool over = d >= on * 0.6F;
    above += over ? 1 : 0;
    if (over && above * 10 >= (size - i) * 7) onset = times[slot];
  }
  return onset;
}

ProsodyTracker::ProsodyTracker(Speaker speaker, const ProsodyThresholds& t)
    : speaker_(speaker),
      features_{
          Feature(EventKind::RaisedVoice, "dB", false, t.level_on_db, t.level_off_db,
                  t.level_full_db, 100, 20, t.min_baseline_voiced_frames,
                  t.min_judging_voiced_frames, t.short_baseline_doubt,
                  HistogramStat(-90.0F, 0.0F, 0.25F)),
          Feature(EventKind::PitchRising, "st", false, t.pitch_on_st, t.pitch_off_st,
                  t.pitch_full_st, 100, 20, t.min_baseline_voiced_frames,
                  t.min_judging_voiced_frames, t.short_baseline_doubt,
                  HistogramStat(-24.0F, 24.0F, 0.125F)),
          Feature(EventKind::PaceQuickening, "%", true, t.rate_on, t.rate_off, t.rate_full, 15, 10,
                  t.min_baseline_rate_samples, t.min_baseline_rate_samples, 0.0F,
                  HistogramStat(0.0F, 15.0F, 0.05F)),
      },
      all_level_(-90.0F, 0.0F, 0.25F),
      all_pitch_(-24.0F, 24.0F, 0.125F) {
  if (!t.gate_baseline) return;
  // Loudness and pitch are evaluated every kEvalEvery voiced frames, the rate every kRateEvery
  // speech frames.
  const int release_ms = t.gate_release_s * 1000;
  features_[Level].release_evals = release_ms / (kEvalEvery * kFrameMs);
  features_[Pitch].release_evals = release_ms / (kEvalEvery * kFrameMs);
  features_[Rate].release_evals = release_ms / (kRateEvery * kFrameMs);
}

void ProsodyTracker::push(const VoiceFrame& v, EventSink& sink) {
  const std::int64_t now = v.t_ms + kFrameMs;
  if (v.speech) {
    ++speech_frames_;
    nuclei_ += v.nuclei;
    // Speaking rate: nuclei over the last kRateFrames frames of speech.
    const auto n = static_cast<std::uint8_t>(std::min(v.nuclei, 255));
    if (rate_fill_ == kRateFrames) rate_sum_ -= rate_ring_[static_cast<std::size_t>(rate_head_)];
    rate_ring_[static_cast<std::size_t>(rate_head_)] = n;
    rate_sum_ += n;
    rate_head_ = (rate_head_ + 1) % kRateFrames;
    rate_fill_ = std::min(rate_fill_ + 1, kRateFrames);
    if (++since_rate_sample_ >= kRateEvery && rate_fill_ == kRateFrames) {
      since_rate_sample_ = 0;
      const float rate = static_cast<float>(rate_sum_) * 1000.0F / (kRateFrames * kFrameMs);
      features_[Rate].add(v.t_ms, rate);
      evaluate(features_[Rate], now, sink);
    }
  }
  if (v.speech && v.voiced()) {
    ++voiced_frames_;
    const float st = semitones_re_100hz(v.f0_hz);
    features_[Level].add(v.t_ms, v.level_db);
    if (level_full_since_ms_ < 0 && level_baseline_full()) level_full_since_ms_ = v.t_ms;
    features_[Pitch].add(v.t_ms, st);
    all_level_.add(v.level_db);
    all_pitch_.add(st);
    if (++since_eval_ >= kEvalEvery) {
      since_eval_ = 0;
      evaluate(features_[Level], now, sink);
      evaluate(features_[Pitch], now, sink);
      if (raised_now(features_[Level]) || raised_now(features_[Pitch])) {
        raised_at_[static_cast<std::size_t>(raised_head_)] = v.t_ms;
        // Where the newest four fifths of the window begin: an evaluation belongs to the speech
        // that fills most of its window.
        const Feature& level = features_[Level];
        raised_from_[static_cast<std::size_t>(raised_head_)] =
            level.time_back(level.window * 4 / 5 - 1);
        raised_head_ = (raised_head_ + 1) % kRaisedKept;
        raised_fill_ = std::min(raised_fill_ + 1, kRaisedKept);
      }
    }
  }
}

bool ProsodyTracker::raised_now(const Feature& f) {
  // As judged by the evaluation just made (nothing was added since): over the episode threshold,
  // or, within an episode, still beyond the settle line.
  if (!f.ready()) return false;
  return f.last_delta >= f.on_now() || (f.active && f.last_delta > f.off);
}

std::int64_t ProsodyTracker::raised_ms_between(std::int64_t from_ms, std::int64_t to_ms) const {
  int n = 0;
  for (int i = 0; i < raised_fill_; ++i) {
    const auto slot = static_cast<std::size_t>(i);
    if (raised_from_[slot] >= from_ms && raised_at_[slot] < to_ms) ++n;
  }
  return static_cast<std::int64_t>(n) * kEvalEvery * kFrameMs;
}

std::optional<float> ProsodyTracker::baseline_level_db() const {
  const Feature& f = features_[Level];
  if (f.baseline.count() < f.min_judging) return std::nullopt;
  return f.baseline.median();
}

bool ProsodyTracker::level_baseline_full() const {
  const Feature& f = features_[Level];
  return f.baseline.count() >= f.min_baseline;
}

std::optional<float> ProsodyTracker::baseline_f0_hz() const {
  const Feature& f = features_[Pitch];
  if (f.baseline.count() < f.min_judging) return std::nullopt;
  return hz_from_semitones(f.baseline.median());
}

void ProsodyTracker::evaluate(Feature& f, std::int64_t now_ms, EventSink& sink) {
  if (!f.ready()) return;
  const float d = f.delta();
  f.last_delta = d;
  // Outside an episode, a window beyond the settle line (louder or quieter) is kept out of the
  // baseline, until it has lasted long enough to be the speaker's new normal. The gate is decided
  // on the window and applies to the speech leaving it until the next evaluation, so about the
  // last second of a stretch, still in the window when its median settles, is learnt. (Holding
  // the gate shut for a whole window after a stretch was tried: it also drops calm speech after
  // every brief excursion and pulled the baseline low.)
  f.elevated_evals = !f.active && std::abs(d) > f.off ? f.elevated_evals + 1 : 0;
  const auto index = static_cast<std::size_t>(&f - features_.data());
  if (!f.active) {
    // Each feature warns once per arousal episode: flapping around the threshold is one episode.
    if (d < f.on_now() || f.fired) return;
    f.active = true;
    f.fired = true;
    f.settle_evals = 0;
    f.episode_start_ms = f.onset_ms();
    f.peak_delta = d;
    if (!any_episode_) {
      any_episode_ = true;
      arousal_start_ms_ = f.episode_start_ms;
      arousal_peak_ = {};
    }
    arousal_start_ms_ = std::min(arousal_start_ms_, f.episode_start_ms);
    arousal_peak_[index] = std::max(arousal_peak_[index], d);
    emit_episode(f, now_ms, sink);
    return;
  }
  f.peak_delta = std::max(f.peak_delta, d);
  arousal_peak_[index] = std::max(arousal_peak_[index], f.peak_delta);
  // Settled only after staying under the off threshold for a while, not on one quiet phrase.
  f.settle_evals = d <= f.off ? f.settle_evals + 1 : 0;
  if (f.settle_evals < f.settle_needed) return;
  f.active = false;
  const bool settled =
      std::none_of(features_.begin(), features_.end(), [](const Feature& g) { return g.active; });
  if (settled && any_episode_) emit_settled(now_ms, sink);
}

void ProsodyTracker::emit_episode(const Feature& f, std::int64_t now_ms, EventSink& sink) const {
  const std::string who(to_string(speaker_));
  const float base = f.baseline.median();
  const float recent = f.recent();
  const float d = f.delta();
  const double base_s = f.kind == EventKind::PaceQuickening
                            ? static_cast<double>(f.baseline.count()) * 0.2
                            : static_cast<double>(f.baseline.count()) * kFrameMs / 1000.0;
  const std::string span = format_span(f.episode_start_ms, now_ms);
  Event e;
  e.t_ms = f.episode_start_ms;
  e.end_ms = now_ms;
  e.speaker = speaker_;
  e.kind = f.kind;
  e.strength = strength_for(d, f.on, f.full);
  const float sd = f.baseline.robust_sd();
  switch (f.kind) {
    case EventKind::RaisedVoice:
      e.evidence.text =
          who + fmt(" %+.1f dB over their baseline (%.1f dBFS, median of %.0f s", d, base, base_s) +
          " of their earlier voiced speech), " + span;
      e.evidence.numbers = {{"delta", d, "dB"},
                            {"recent", recent, "dBFS"},
                            {"baseline", base, "dBFS"},
                            {"robust_z", sd > 0 ? d / sd : 0, ""},
                            {"baseline_speech", base_s, "s"}};
      break;
    case EventKind::PitchRising:
      e.evidence.text = who +
                        fmt(" pitch %+.1f semitones over their baseline (%.0f Hz -> %.0f Hz)", d,
                            hz_from_semitones(base), hz_from_semitones(recent)) +
                        ", " + span;
      e.evidence.numbers = {{"delta", d, "st"},
                            {"recent", hz_from_semitones(recent), "Hz"},
                            {"baseline", hz_from_semitones(base), "Hz"},
                            {"robust_z", sd > 0 ? d / sd : 0, ""},
                            {"baseline_speech", base_s, "s"}};
      break;
    default:
      e.evidence.text =
          who +
          fmt(" speaking %.0f%% faster than their baseline (%.1f -> %.1f", d * 100, base, recent) +
          " syllables/s), " + span;
      e.evidence.numbers = {{"delta", d * 100, "%"},
                            {"recent", recent, "syl/s"},
                            {"baseline", base, "syl/s"},
                            {"baseline_speech", base_s, "s"}};
      break;
  }
  if (speaker_ == Speaker::Agent) e.evidence.text += "; the agent's own voice is rising";
  sink.on_event(e);
}

void ProsodyTracker::emit_settled(std::int64_t now_ms, EventSink& sink) {
  any_episode_ = false;
  for (Feature& f : features_) f.fired = false;
  Event e;
  e.t_ms = now_ms;  // the moment of settling; the evidence names the episode it ends
  e.end_ms = now_ms;
  e.speaker = speaker_;
  e.kind = EventKind::BackToBaseline;
  e.strength = 0.5F;
  // Name the peaks of the measures that were part of the episode.
  std::string peaks;
  const auto add_peak = [&peaks](const std::string& part) {
    peaks += (peaks.empty() ? "" : ", ") + part;
  };
  if (arousal_peak_[Level] > 0) add_peak(fmt("%+.1f dB", arousal_peak_[Level]));
  if (arousal_peak_[Pitch] > 0) add_peak(fmt("%+.1f semitones", arousal_peak_[Pitch]));
  if (arousal_peak_[Rate] > 0) add_peak(fmt("%+.0f%% pace", arousal_peak_[Rate] * 100));
  e.evidence.text = std::string(to_string(speaker_)) + " back near their baseline after " +
                    format_span(arousal_start_ms_, now_ms) + " (peak " + peaks + ")";
  e.evidence.numbers = {
      {"peak_level_delta", arousal_peak_[Level], "dB"},
      {"peak_pitch_delta", arousal_peak_[Pitch], "st"},
      {"peak_rate_delta", arousal_peak_[Rate] * 100, "%"},
      {"episode_length", static_cast<double>(now_ms - arousal_start_ms_) / 1000.0, "s"}};
  sink.on_event(e);
}

ProsodySummary ProsodyTracker::summary() const {
  ProsodySummary s;
  s.speech_ms = speech_frames_ * kFrameMs;
  s.voiced_ms = voiced_frames_ * kFrameMs;
  if (voiced_frames_ > 0) {
    s.median_level_db = all_level_.median();
    s.median_f0_hz = hz_from_semitones(all_pitch_.median());
  }
  if (speech_frames_ > 0) {
    s.syllables_per_s = static_cast<float>(nuclei_) * 1000.0F / static_cast<float>(s.speech_ms);
  }
  return s;
}

}  // namespace composure
