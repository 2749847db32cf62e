// One speaker's voice against their own baseline: loudness, pitch and speaking rate in a recent
// window compared with the robust median of their earlier speech. Emits one event when a feature
// rises well above baseline (an episode) and one when the speaker has settled back.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "understand/robust_stats.h"
#include "voice/channel_analyzer.h"

namespace composure {

struct ProsodyThresholds {
  float level_on_db = 4.5F;   // a raised voice: recent median this far over baseline
  float level_off_db = 2.5F;  // settled again below this
  float level_full_db = 12.0F;
  float pitch_on_st = 3.0F;  // semitones
  float pitch_off_st = 1.5F;
  float pitch_full_st = 6.0F;
  float rate_on = 0.25F;  // relative: 25 % faster than baseline
  float rate_off = 0.10F;
  float rate_full = 0.60F;
  int min_baseline_voiced_frames = 250;  // 5 s of voiced speech: a full baseline
  // Loudness and pitch are judged from 3 s of baseline, with doubt: the episode threshold is
  // raised by up to `short_baseline_doubt` of itself, in proportion to how far the baseline is
  // short of full (+24 % at 3 s, +0 at 5 s). A caller upset from their second sentence is heard.
  int min_judging_voiced_frames = 150;
  float short_baseline_doubt = 0.6F;
  // Speech heard while the recent window sits further from the baseline than the settle threshold
  // (`*_off`, either way) does not join it, so a voice creeping up step by step is not learnt as
  // the speaker's normal, and the baseline stays centred. A lasting change (a headset moved, a
  // quieter room) is learnt after this much of it.
  bool gate_baseline = true;
  int gate_release_s = 30;
  int min_baseline_rate_samples = 10;
};

// Per-speaker summary of the whole call.
struct ProsodySummary {
  float median_level_db = 0;
  float median_f0_hz = 0;
  float syllables_per_s = 0;  // over speech time
  std::int64_t speech_ms = 0;
  std::int64_t voiced_ms = 0;
};

class ProsodyTracker {
 public:
  ProsodyTracker(Speaker speaker, const ProsodyThresholds& thresholds = {});

  void push(const VoiceFrame& frame, EventSink& sink);
  // The baselines the speaker is judged against as they stand now: the median of their earlier
  // voiced speech (speech that has left the recent window, outside episodes and not beyond the
  // settle line); nothing until there is enough of it to judge against (3 s, with doubt).
  std::optional<float> baseline_level_db() const;
  std::optional<float> baseline_f0_hz() const;
  // A full loudness baseline (5 s): the voice can be relied on to say the speaker is calm.
  bool level_baseline_full() const;
  // When the loudness baseline became full (the time of the voiced frame that completed it);
  // -1 until then. Speech before this moment helped make the baseline, so it cannot be judged
  // calm by it.
  std::int64_t level_baseline_full_since_ms() const { return level_full_since_ms_; }
  // How long the voice was judged raised from speech between two times, in ms: evaluations made
  // before `to_ms` whose recent window (~2 s of voiced speech) lies mostly (its newest four
  // fifths) after `from_ms`, and found loudness or pitch over the episode threshold or, within an
  // episode, still beyond the settle line. Looks back over the last kRaisedKept raised
  // evaluations (25.6 s of raised voiced speech, however long ago), enough for any utterance.
  std::int64_t raised_ms_between(std::int64_t from_ms, std::int64_t to_ms) const;
  // Closes open episodes at the end of the call (emits nothing: an episode that never settled
  // simply has no back_to_baseline event).
  ProsodySummary summary() const;

 private:
  // A feature sampled over time, its recent window and its baseline from older samples.
  class Feature {
   public:
    Feature(EventKind kind, std::string_view unit, bool relative, float on, float off, float full,
            int window, int settle_needed, int min_baseline, int min_judging, float doubt,
            HistogramStat baseline);
    void add(std::int64_t t_ms, float value);
    bool ready() const;
    float recent() const;
    float delta() const;   // recent vs baseline, in unit (relative features: fraction)
    float on_now() const;  // the episode threshold, raised while the baseline is short
    // Speech leaving the window now stays out of the baseline: the window was beyond `off` at the
    // last evaluation, not yet for long enough to be the new normal.
    bool kept_out() const { return elevated_evals > 0 && elevated_evals <= release_evals; }

    EventKind kind;
    std::string_view unit;
    bool relative;
    float on, off, full;
    int window;
    int settle_needed;  // evaluations in a row under `off` before the episode is over
    int min_baseline;   // a full baseline
    int min_judging;    // enough to judge against, with doubt
    float doubt;
    HistogramStat baseline;
    // Recent window ring.
    std::vector<float> values;
    std::vector<std::int64_t> times;
    mutable std::vector<float> scratch;
    int head = 0;
    int size = 0;
    float last_delta = 0;  // found by the last evaluation
    // Episode.
    bool active = false;
    int elevated_evals = 0;  // evaluations in a row beyond `off`, outside an episode
    int release_evals = 0;   // ... after which it is the new normal (0: never gated)
    bool fired = false;      // already warned in the current arousal episode
    int settle_evals = 0;
    std::int64_t episode_start_ms = 0;
    float peak_delta = 0;

    // The time of the sample `back` places before the newest (0: the newest).
    std::int64_t time_back(int back) const {
      return times[static_cast<std::size_t>((head + size - 1 - std::min(back, size - 1)) % window)];
    }
    std::int64_t onset_ms() const;  // first sample in the window over the on threshold
  };

  void evaluate(Feature& f, std::int64_t now_ms, EventSink& sink);
  static bool raised_now(const Feature& f);
  void emit_episode(const Feature& f, std::int64_t now_ms, EventSink& sink) const;
  void emit_settled(std::int64_t now_ms, EventSink& sink);

  Speaker speaker_;
  std::array<Feature, 3> features_;  // level, pitch, rate
  // Speaking-rate bookkeeping: nuclei per speech frame over the last kRateFrames speech frames.
  static constexpr int kRateFrames = 250;  // 5 s of speech
  static constexpr int kRateEvery = 10;    // one rate sample per 200 ms of speech
  std::array<std::uint8_t, kRateFrames> rate_ring_{};
  int rate_head_ = 0;
  int rate_fill_ = 0;
  int rate_sum_ = 0;
  int since_rate_sample_ = 0;
  int since_eval_ = 0;
  // The recent evaluations that found the voice raised: when, and where their window began.
  static constexpr int kRaisedKept = 256;
  std::array<std::int64_t, kRaisedKept> raised_at_{};
  std::array<std::int64_t, kRaisedKept> raised_from_{};
  int raised_head_ = 0;
  int raised_fill_ = 0;
  // Settling: the earliest start among episodes since the speaker was last at baseline.
  bool any_episode_ = false;
  std::int64_t level_full_since_ms_ = -1;
  std::int64_t arousal_start_ms_ = 0;
  std::array<float, 3> arousal_peak_{};
  // Whole-call summary.
  HistogramStat all_level_;
  HistogramStat all_pitch_;
  std::int64_t speech_frames_ = 0;
  std::int64_t voiced_frames_ = 0;
  std::int64_t nuclei_ = 0;
};

}  // namespace composure
