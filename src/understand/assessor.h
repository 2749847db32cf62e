// Judgement from evidence: turns one call's cues (voice against the caller's own baseline, words,
// turn taking, the text scorer) into what the agent and the supervisor look at:
//   - the caller's frustration, 0..1, with how much each cue kind contributed, and its band;
//   - an early warning that the call is escalating, before the peak, with its reasons;
//   - the caller type (talkative .. aggressive, or none), with confidence and evidence;
//   - the stage of the call (opening, venting, discovery, resolution, closing);
//   - whether the agent acknowledged an upset caller before troubleshooting.
// Pure and per call, like every tracker: events in, events out, no clock but the call's own.
//
//   CallAssessor assess;                     // one per call
//   assess.observe(cue, sink);               // every event the pipeline emits, as it is emitted
//   assess.utterance_done(u, sink);          // after an utterance's words were scored
//   assess.advance_to(t_ms, sink);           // as call time moves on (cheap; acts once a second)
//   assess.finish(end_ms, sink);
//   AssessmentSummary s = assess.summary();
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/word.h"

namespace composure {

enum class FrustrationBand : std::uint8_t { Calm, Tense, Frustrated, Angry };
std::string_view to_string(FrustrationBand band);

enum class CallerType : std::uint8_t {
  None,
  Talkative,
  Demanding,
  Indecisive,
  Complainer,
  Silent,
  Skeptical,
  Venter,
  Impatient,
  Aggrieved,
  Misinformed,
  ThreatMaker,
  Aggressive,
};
inline constexpr int kCallerTypeCount = static_cast<int>(CallerType::Aggressive) + 1;
std::string_view to_string(CallerType type);  // "none", "talkative", ..., "threat-maker"
std::optional<CallerType> parse_caller_type(std::string_view text);

enum class CallStage : std::uint8_t { Opening, Venting, Discovery, Resolution, Closing };
std::string_view to_string(CallStage stage);

struct AssessorSettings {
  // Band edges on the 0..1 frustration level; falling back needs `band_hysteresis` below an edge.
  float tense_at = 0.25F;
  float frustrated_at = 0.45F;
  float angry_at = 0.70F;
  float band_hysteresis = 0.05F;
  // A frustration_level reading each time the level has moved this much since the last one.
  float level_step = 0.05F;
  // How a cue's contribution fades once it is no longer fresh.
  float word_half_life_s = 45;
  float threat_half_life_s = 90;
  float voice_half_life_s = 20;
  // A caller's raised voice over calm words counts at `voice_alone_share` of its weight, rising
  // to all of it as the pressure from everything else reaches `voice_alone_below`: a voice alone
  // is weaker evidence than a voice and words that agree.
  float voice_alone_share = 0.6F;
  float voice_alone_below = 0.05F;
  // A calm caller utterance (scorer below `calm_text_below`, no upset cue) keeps this share.
  float calm_utterance_relief = 0.85F;
  float calm_text_below = 0.25F;
  // An agent's validation, empathy, specific apology or ownership keeps this share.
  float agent_repair_relief = 0.93F;
  // The text scorer's probability counts only above this (its mid range is noise).
  float text_floor = 0.30F;
  // The caller's first utterance usually says what went wrong ("I've hurt my heel", "I'd like an
  // appointment", whose letters the scorer half reads as "disappointed"): its text score, with no
  // heated cue or raised voice to back it, keeps this share. On dev (628 calls) it keeps the one
  // calm call that rose above calm from doing so, and moves nothing with voice.
  float opening_text_share = 0.6F;
  // A caller turn (utterances until the agent speaks) of this many words that is upset, or whose
  // text scores average at least `venting_mean_text`, is venting and adds `venting_pressure`.
  int venting_words = 40;
  // 1: a voice louder or higher than usual makes a long turn an outpouring (its pressure); the
  // venter type still needs the words to be emotional, as complainers and the aggrieved can be
  // long and loud too.
  int venting_voice = 1;
  float venting_mean_text = 0.30F;
  // A long turn counts toward the venter type (and the venting stage) only with feeling in its
  // words: a cue that carries heat, or text scores from this (just over `text_floor` is unease).
  float venter_text_min = 0.40F;
  float venting_pressure = 0.25F;
  int backchannel_max_words = 2;  // an agent utterance this short does not end a caller turn
  // Early warning.
  float warn_min_level = 0.25F;        // a warning needs at least this level ...
  float voice_warn_min_level = 0.20F;  // ... (this, when the voice says so: see warn_voice_turns)
  float warn_rise = 0.05F;             // ... and a rise of this much over the last `warn_window_s`
  int warn_window_s = 25;
  float warn_cue_min_level = 0.35F;  // a threat or an agent misstep warns from this level
  // ... and any warning needs this many caller turns, each adding this much pressure, lately.
  int sustained_turns = 2;
  int voice_sustained_turns = 1;  // ... (this many, when the voice says so)
  float sustained_min_pressure = 0.05F;
  std::int64_t sustained_window_ms = 60000;
  // A threat or supervisor request made coolly (no angry, sarcastic or distressed words, no
  // raised voice in the same utterance) adds this share of its pressure: it is a risk to note,
  // not a sign that the caller's feelings are climbing.
  float cold_threat_share = 0.5F;
  // A threat cue weaker than this adds its pressure but is not counted as a threat (caller type,
  // warning reasons): the lexicon's hints ("cancel") need company.
  float threat_count_min = 0.4F;
  // > 0: a warning also needs a caller turn of this many words that takes the level to a new
  // high, with at least `warn_hot_turns` of the caller's last three turns pressing (not threats).
  int warn_min_turn_words = 20;
  int warn_hot_turns = 2;
  // The voice says so when it is above its baseline now and was louder or higher in at least
  // this many of the caller's last three turns (the one going on included): then the long-turn
  // test is skipped.
  int warn_voice_turns = 1;
  // Once the caller's voice is measured, a warning needs the voice said raised in this many of the
  // caller's last three beats (a threat, a supervisor request or an agent misstep aside): one
  // raised line that the agent settles is a moment, not an escalation. A beat is a caller turn,
  // or a stretch of a long one that starts `raised_beat_ms` or more after the stretch before.
  int warn_raised_beats = 2;
  std::int64_t raised_beat_ms = 8000;
  // 1: once the caller's voice is being measured (a call with audio, the baseline learnt), words
  // alone do not warn unless the voice was louder or higher in one of the caller's last three
  // turns.
  int warn_words_need_voice = 1;
  // A new episode needs the level under `rearm_below` (under every warning level, so a warning
  // cannot repeat at once) for `rearm_after_s`.
  float rearm_below = 0.15F;
  int rearm_after_s = 20;
  // Caller type: a type is named once its score reaches `type_min_score`; another type takes
  // over when it leads by `type_switch_margin`. The margin only keeps near-ties from flickering:
  // a wider one (0.15) kept a talker named a venter after one long early turn though their
  // stories went on to outscore it (dev 524 calls: 604 type events at 0.15, 613 at 0.05).
  float type_min_score = 0.5F;
  float type_switch_margin = 0.05F;
  float venter_cap = 0.8F;  // the most a venter's long emotional turns can weigh (see type_scores)
  // A venter pours it out at length: an emotional turn of `venting_words` weighs
  // `venter_short_share` of one of `venter_full_words` or more, and the share grows in between.
  // On dev (576 calls) the venters' longest turns ran 81 to 212 words and those of callers wrongly
  // named venters 41 to 87. Chosen on dev (type macro-F1 with voice 0.893 -> 0.907; the plateau
  // runs from 100 to 120 words and shares 0.3 to 0.5), then checked on 52 fresh calls
  // (`eo_`..`er_`, 0.793 -> 0.810 with voice, 0.822 -> 0.842 from words).
  int venter_full_words = 100;
  float venter_short_share = 0.5F;
  // A venting turn is early when it begins within the caller's first this many utterances (when
  // it began, not when it grew long enough to count: a recogniser may cut it into many).
  int early_turn_utterances = 5;
};

// Sets the setting named `name` (the member's name, e.g. "warn_rise") to `value`, for tuning on
// an annotated corpus (`composure eval --set NAME=VALUE`). False if there is no such setting;
// integer settings take the value rounded.
bool set_assessor_setting(AssessorSettings& settings, std::string_view name, double value);
// Every name set_assessor_setting() knows, in declaration order.
std::vector<std::string_view> assessor_setting_names();

struct TypeScore {
  CallerType type = CallerType::None;
  float score = 0;       // confidence, 0..1
  float weight = 0;      // how far past the bar the evidence is (1 = at the bar); ranks types
  std::string evidence;  // "3 demands ("I want it today", ...)"
};

struct AssessmentSummary {
  CallerType caller_type = CallerType::None;
  float caller_type_confidence = 0;
  std::string caller_type_evidence;
  std::vector<TypeScore> type_scores;  // every type, best first
  float peak_frustration = 0;
  std::int64_t peak_frustration_ms = 0;
  FrustrationBand peak_band = FrustrationBand::Calm;
  FrustrationBand final_band = FrustrationBand::Calm;
  int warnings = 0;
  std::int64_t first_warning_ms = -1;
  CallStage stage = CallStage::Opening;
  // The frustration level once a second from the start of the call (index = second).
  std::vector<float> frustration_trace;
};

class CallAssessor {
 public:
  explicit CallAssessor(const AssessorSettings& settings = {});

  // Any event of the call, as emitted (cues, turns, utterances, text scores). Judgement kinds
  // (frustration, caller_type, ...) are ignored, so `out` may feed back into this.
  void observe(const Event& e, EventSink& out);
  // An utterance and everything found in it have been observed: re-judge now.
  void utterance_done(const Utterance& u, EventSink& out);
  // Call time has reached `t_ms`: updates once per second of call time; otherwise a compare.
  void advance_to(std::int64_t t_ms, EventSink& out) {
    if (t_ms >= next_tick_ms_) tick_until(t_ms, out);
  }
  void finish(std::int64_t end_ms, EventSink& out);
  // Whether the caller's voice is being measured against a learnt baseline (a call with audio):
  // then a voice that stays level is evidence too. Transcripts leave it false.
  void set_caller_voice_measured(bool measured) { voice_measured_ = measured; }
  // Whether the caller utterance about to be judged was said louder or higher than usual, judged
  // from its own speech (not merely still inside an episode that has not settled yet).
  void set_caller_voice_raised(bool raised) { utterance_voice_raised_ = raised; }
  // Whether the caller's voice has been judged raised from their speech since their last
  // utterance ended (words not recognised yet): a line going on, said louder or higher.
  void set_caller_voice_raised_since_words(bool raised) { raised_since_words_ = raised; }
  std::int64_t last_caller_end_ms() const { return last_caller_end_ms_; }
  // Whether advance_to(t_ms) would update (once a second): when to refresh what it reads.
  bool tick_due(std::int64_t t_ms) const { return t_ms >= next_tick_ms_; }

  float level() const { return level_; }
  FrustrationBand band() const { return band_; }
  AssessmentSummary summary() const;
  // Every type's current score, best first.
  std::vector<TypeScore> type_scores() const;

 private:
  struct Features {
    int caller_utterances = 0;
    int caller_words = 0;
    int long_calm_turns = 0;  // 40+ words, not upset
    int venting_turns = 0;    // 30+ words, upset
    int early_venting_turns = 0;
    int longest_venting_words = 0;  // the most words in one of them
    int short_answers = 0;          // 3 words or fewer
    int slow_answers = 0;           // answered after 2.5 s or more
    int answers = 0;                // caller utterances right after an agent utterance
    int interruptions = 0;          // caller started before the agent had finished
    int upset_utterances = 0;
    int options_offered = 0;
    int options_unanswered = 0;
    int raised_voice = 0;
    std::array<int, kEventKindCount> cues{};
    std::array<std::string, kEventKindCount> first_quote{};
  };

  void tick_until(std::int64_t t_ms, EventSink& out);
  void update(std::int64_t t_ms, EventSink& out);
  void add(EventKind kind, float amount);
  void relieve(float keep);
  float recompute_level();
  void check_band(std::int64_t t_ms, EventSink& out);
  void check_warning(std::int64_t t_ms, EventSink& out, std::string_view cue_reason);
  void check_type(std::int64_t t_ms, EventSink& out);
  void set_stage(CallStage stage, std::int64_t t_ms, std::string_view why, EventSink& out);
  void on_agent_move(const Event& e, EventSink& out);
  float level_ago(int seconds) const;
  // A caller voice episode (raised, higher, faster) is on: held until back_to_baseline.
  bool voice_above_baseline() const;
  // ... louder or higher, not only faster (a syllable rate alone is the least reliable sign).
  bool voice_loud_or_high() const;
  // Of the caller's last three turns (the one going on included), those with a louder or higher
  // voice.
  int voiced_turns() const;
  int raised_beats() const;
  // The caller spoke last (an agent's backchannel aside): what they say next continues their turn.
  bool caller_has_floor() const;
  // Whether any of these caller voice cues is holding its pressure (an episode still on).
  bool any_held(std::span<const EventKind> kinds) const;
  std::string contributions_text() const;

  AssessorSettings s_;
  std::array<float, kEventKindCount> contrib_{};
  std::array<float, kEventKindCount> floor_{};  // sustained voice episodes: no fading while on
  std::array<float, kEventKindCount> keep_per_s_{};
  float level_ = 0;
  FrustrationBand band_ = FrustrationBand::Calm;
  std::int64_t next_tick_ms_ = 1000;
  std::int64_t now_ms_ = 0;
  // Level history, once a second, for the rise test (ring of the last 64 s).
  std::array<float, 64> history_{};
  std::int64_t history_seconds_ = 0;
  std::vector<float> trace_;
  float peak_ = 0;
  float episode_peak_ = 0;  // the highest level since the warning was last re-armed
  std::int64_t peak_ms_ = 0;
  FrustrationBand peak_band_ = FrustrationBand::Calm;
  // Warnings.
  bool warned_ = false;
  int calm_seconds_ = 0;
  int warnings_ = 0;
  std::int64_t first_warning_ms_ = -1;
  // Caller type and stage.
  Features f_;
  CallerType type_ = CallerType::None;
  float type_score_ = 0;
  std::string type_evidence_;
  CallStage stage_ = CallStage::Opening;
  // The last utterance, for answers and latencies.
  float reported_level_ = 0;  // the level of the last frustration_level reading
  std::optional<Speaker> last_speaker_;
  bool agent_backchannel_ = false;  // the agent's last utterance was only "mm", "right"
  std::int64_t last_end_ms_ = 0;
  bool pending_options_ = false;
  bool last_caller_upset_ = false;
  bool utterance_upset_ = false;         // an upset cue was seen in the utterance being judged
  bool utterance_hedged_ = false;        // ... a hedge
  float utterance_pressure_ = 0;         // what the caller's utterance being judged added
  float utterance_text_ = 0;             // its text score
  bool utterance_heated_ = false;        // it carried feeling (see is_heated_cue)
  bool utterance_felt_ = false;          // ... clearly (see venter_text_min)
  float utterance_threat_pressure_ = 0;  // ... of its pressure from threats, before weighing
  std::uint8_t hot_turns_ = 0;           // the caller's last three turns: bit set when pressing
  std::uint8_t voice_turns_ = 0;    // ... bit set when their voice was louder or higher than usual
  std::uint8_t raised_beats_ = 0;   // the caller's last three beats: bit set when said raised
  std::int64_t beat_start_ms_ = 0;  // when the caller's latest beat began
  bool utterance_voice_raised_ = false;
  bool raised_since_words_ = false;
  std::int64_t last_loud_onset_ms_ = -1;  // when the caller's voice last went louder or higher
  std::int64_t last_caller_end_ms_ = -1;  // when the caller's last utterance ended
  bool voice_measured_ = false;
  int last_caller_words_ = 0;                            // words in the caller turn so far
  bool at_caller_end_ = false;                           // judging at the end of a caller utterance
  std::array<float, kEventKindCount> pending_threat_{};  // its threats, weighed at its end
  struct CallerTurn {
    int words = 0;
    int utterances = 0;
    int first_utterance = 0;  // the caller's utterance (1 = their first) that began it
    float text_sum = 0;
    bool upset = false;           // upset in its words or their heat
    bool felt = false;            // ... with feeling (see venter_text_min)
    bool voice = false;           // the voice louder or higher than usual during it
    bool counted = false;         // already counted as venting or as a long calm turn
    bool counted_calm = false;    // ... as a long calm turn
    bool counted_venter = false;  // ... toward the venter type (emotional in its words)
  };
  CallerTurn turn_;
  std::array<std::int64_t, 8> pressing_ms_{};  // ends of recent caller turns that added pressure
  int pressing_count_ = 0;
  bool utterance_troubleshoots_ = false;
  std::string utterance_stage_why_;
  std::string utterance_reason_;  // a threat or an agent misstep, for the warning
  std::optional<CallStage> utterance_stage_;
  // Validation before troubleshooting, per upset episode.
  bool episode_validated_ = false;
  bool episode_judged_ = false;
};

}  // namespace composure
