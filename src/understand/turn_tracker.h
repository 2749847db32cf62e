// What happens between the two speakers: turns and how fast each answers, who talks over whom
// (short backchannels are not interruptions), clipped answers, long silences, and holds with how
// long the caller waited without hearing the agent. Consumes both channels' talk-spurt verdicts.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "core/event.h"
#include "voice/segmenter.h"

namespace composure {

struct TurnThresholds {
  std::int64_t backchannel_max_ms = 1000;  // shorter overlapping spurts are "mm-hm"
  std::int64_t talk_over_min_overlap_ms = 500;
  std::int64_t talk_over_refractory_ms = 5000;  // a new talk-over this soon is the same episode
  std::int64_t tense_silence_ms = 4000;         // caller owes an answer this long
  std::int64_t dead_air_ms = 5000;              // agent owes an answer this long
  std::int64_t hold_min_ms = 15000;             // agent silent this long: a hold
  std::int64_t check_in_limit_ms = 30000;       // the brief's rule: check in at least every 30 s
  std::int64_t check_in_max_speech_ms = 8000;
  std::int64_t check_in_resume_silence_ms = 5000;
  std::int64_t clipped_reply_max_ms = 1500;
  int clipped_run = 3;
  std::int64_t clipped_baseline_min_ms = 2500;
};

struct SpeakerTurnStats {
  std::int64_t speech_ms = 0;
  int spurts = 0;
  int pauses = 0;  // gaps inside the speaker's own turn
  std::int64_t pause_ms = 0;
  int turns = 0;
  std::int64_t latency_sum_ms = 0;  // over turns that answered the other speaker
  int latency_count = 0;

  // Mean response latency over the turns that answered, in seconds (0 when none did).
  double mean_latency_s() const {
    return latency_count > 0 ? static_cast<double>(latency_sum_ms) / latency_count / 1000.0 : 0.0;
  }
  int talk_overs = 0;
  int backchannels = 0;
};

struct TurnSummary {
  std::array<SpeakerTurnStats, 2> speakers{};  // indexed by Speaker
  int holds = 0;
  std::int64_t hold_ms = 0;
  std::int64_t longest_hold_wait_ms = 0;
  int hold_check_ins = 0;
  int dead_air = 0;
  int tense_silences = 0;
  std::int64_t longest_silence_ms = 0;
  std::int64_t overlap_ms = 0;
};

class TurnTracker {
 public:
  explicit TurnTracker(const TurnThresholds& thresholds = {}) : t_(thresholds) {}

  // Both channels' verdicts for the same frame time.
  void push(const ActivityFrame& agent, const ActivityFrame& caller, EventSink& sink);
  // End of call at `end_ms`, with the spurts the channels still had open.
  void finish(std::int64_t end_ms, std::optional<Segment> agent_open,
              std::optional<Segment> caller_open, EventSink& sink);

  const TurnSummary& summary() const { return summary_; }

 private:
  struct Party {
    bool active = false;
    std::int64_t spurt_start_ms = 0;
    std::int64_t last_end_ms = -1;  // -1: has not spoken yet
  };
  struct Overlap {
    Speaker by = Speaker::Agent;
    std::int64_t start_ms = 0;
    std::int64_t overlap_ms = 0;
  };
  enum class HoldPhase { None, Waiting, AgentBack };
  struct HoldState {
    HoldPhase phase = HoldPhase::None;
    std::int64_t start_ms = 0;
    std::int64_t wait_start_ms = 0;
    std::int64_t back_ms = 0;  // agent speech after a wait began here
    std::int64_t back_agent_ms = 0;
    std::int64_t back_caller_ms = 0;
    std::int64_t longest_wait_ms = 0;
    int check_ins = 0;
    bool overdue_fired = false;
  };

  Party& party(Speaker s) { return parties_[static_cast<std::size_t>(s)]; }
  SpeakerTurnStats& stats(Speaker s) { return summary_.speakers[static_cast<std::size_t>(s)]; }

  void on_start(Speaker s, std::int64_t t_ms, EventSink& sink);
  void on_end(Speaker s, const Segment& seg, EventSink& sink);
  void tick(std::int64_t now_ms, EventSink& sink);
  void begin_turn(Speaker s, std::int64_t t_ms, std::int64_t latency_ms, bool answered,
                  EventSink& sink);
  void close_turn(EventSink& sink);
  void close_silence(std::int64_t end_ms, EventSink& sink);
  void end_hold(std::int64_t end_ms, EventSink& sink);
  void on_caller_turn_closed(std::int64_t start_ms, std::int64_t end_ms, std::int64_t speech_ms,
                             EventSink& sink);

  TurnThresholds t_;
  std::array<Party, 2> parties_{};
  std::optional<Overlap> overlap_;
  std::array<std::int64_t, 2> last_talk_over_ms_{-1, -1};
  // The floor: whose turn it is.
  std::optional<Speaker> floor_;
  std::int64_t turn_start_ms_ = 0;
  std::int64_t turn_speech_ms_ = 0;
  std::int64_t turn_latency_ms_ = 0;
  bool turn_answered_ = false;
  // Mutual silence.
  bool silent_ = true;
  std::int64_t silence_start_ms_ = 0;
  std::optional<Speaker> last_speaker_;
  HoldState hold_;
  bool silence_in_hold_ = false;
  // Clipped answers: recent caller turn lengths.
  static constexpr int kTurnHistory = 32;
  std::array<float, kTurnHistory> caller_turns_{};
  std::array<float, kTurnHistory> scratch_{};
  int caller_turn_count_ = 0;
  int short_run_ = 0;
  std::int64_t short_run_start_ms_ = 0;
  bool clipped_fired_ = false;
  std::int64_t now_ms_ = 0;
  TurnSummary summary_;
};

}  // namespace composure
