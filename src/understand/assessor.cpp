#include "understand/assessor.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <span>
#include <type_traits>
#include <utility>

namespace composure {
namespace {

constexpr std::array kBandNames = {std::string_view("calm"), std::string_view("tense"),
                                   std::string_view("frustrated"), std::string_view("angry")};
constexpr std::array kTypeNames = {
    std::string_view("none"),        std::string_view("talkative"),
    std::string_view("demanding"),   std::string_view("indecisive"),
    std::string_view("complainer"),  std::string_view("silent"),
    std::string_view("skeptical"),   std::string_view("venter"),
    std::string_view("impatient"),   std::string_view("aggrieved"),
    std::string_view("misinformed"), std::string_view("threat-maker"),
    std::string_view("aggressive"),
};
static_assert(kTypeNames.size() == kCallerTypeCount, "one name per caller type");
constexpr std::array kStageNames = {std::string_view("opening"), std::string_view("venting"),
                                    std::string_view("discovery"), std::string_view("resolution"),
                                    std::string_view("closing")};

enum class Fade : std::uint8_t { Word, Threat, Voice };

// The caller's voice cues whose pressure is held until the voice settles ...
constexpr std::array kVoiceKinds = {EventKind::RaisedVoice, EventKind::PitchRising,
                                    EventKind::PaceQuickening};
// ... and those of them that say the voice is louder or higher, not only faster.
constexpr std::array kLoudOrHighKinds = {EventKind::RaisedVoice, EventKind::PitchRising};

template <std::size_t N>
bool is_one_of(EventKind kind, const std::array<EventKind, N>& kinds) {
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

struct CueWeight {
  float weight = 0;  // added to the frustration pressure per unit of cue strength
  Fade fade = Fade::Word;
};

// How much each caller cue (and each agent misstep) pushes the caller's frustration. Tuned on
// tests/corpus/dev and the sample calls only.
CueWeight cue_weight(EventKind kind, Speaker speaker) {
  if (speaker == Speaker::Agent) {
    switch (kind) {
      case EventKind::TriggerPhrase:
      case EventKind::TalkOver:
        return {0.10F, Fade::Word};
      case EventKind::RaisedVoice:
        return {0.08F, Fade::Voice};
      case EventKind::DeadAir:
      case EventKind::HoldOverdue:
        return {0.08F, Fade::Word};
      default:
        return {};
    }
  }
  switch (kind) {
    case EventKind::RaisedVoice:
      return {0.35F, Fade::Voice};
    case EventKind::PitchRising:
      return {0.25F, Fade::Voice};
    case EventKind::PaceQuickening:
      return {0.15F, Fade::Voice};
    case EventKind::Anger:
      return {0.35F, Fade::Word};
    case EventKind::Profanity:
      return {0.45F, Fade::Word};
    case EventKind::PersonalAttack:
      return {0.55F, Fade::Word};
    case EventKind::ThreatLegal:
      return {0.50F, Fade::Threat};
    case EventKind::ThreatCancel:
    case EventKind::ThreatPublic:
    case EventKind::ThreatReview:
    case EventKind::ThreatRegulator:
      return {0.40F, Fade::Threat};
    case EventKind::SupervisorRequest:
      return {0.35F, Fade::Threat};
    case EventKind::Sarcasm:
      return {0.25F, Fade::Word};
    case EventKind::Distress:
    case EventKind::Distrust:
      return {0.20F, Fade::Word};
    case EventKind::RepeatedComplaint:
      return {0.25F, Fade::Word};
    case EventKind::RepeatContact:
      return {0.15F, Fade::Word};
    case EventKind::Urgency:
      return {0.10F, Fade::Word};
    case EventKind::Impatience:
    case EventKind::Fairness:
      return {0.20F, Fade::Word};
    case EventKind::Demand:
      return {0.12F, Fade::Word};
    case EventKind::AnotherComplaint:
      return {0.15F, Fade::Word};
    case EventKind::Confusion:
      return {0.04F, Fade::Word};
    case EventKind::TalkOver:
      return {0.10F, Fade::Word};
    case EventKind::ClippedAnswers:
    case EventKind::TenseSilence:
      return {0.12F, Fade::Word};
    case EventKind::TextFrustration:
      return {0.60F, Fade::Word};
    default:
      return {};
  }
}

bool is_threat(EventKind kind) {
  return kind >= EventKind::ThreatLegal && kind <= EventKind::ThreatRegulator;
}

// Caller cues that say the caller is upset (not merely unsure, chatty or in a hurry).
bool is_upset_cue(EventKind kind) {
  switch (kind) {
    case EventKind::Anger:
    case EventKind::Profanity:
    case EventKind::PersonalAttack:
    case EventKind::ThreatLegal:
    case EventKind::ThreatCancel:
    case EventKind::ThreatPublic:
    case EventKind::ThreatReview:
    case EventKind::ThreatRegulator:
    case EventKind::SupervisorRequest:
    case EventKind::Sarcasm:
    case EventKind::RepeatedComplaint:
    case EventKind::Fairness:
    case EventKind::Distress:
      return true;
    default:
      return false;
  }
}

// Caller cues that carry feeling, as against a move that can be made coolly (a threat, a demand,
// a deadline). A threat made coolly weighs less: see `cold_threat_share`.
bool is_heated_cue(EventKind kind) {
  switch (kind) {
    case EventKind::RaisedVoice:
    case EventKind::PitchRising:
    case EventKind::PaceQuickening:
    case EventKind::Anger:
    case EventKind::Profanity:
    case EventKind::PersonalAttack:
    case EventKind::Sarcasm:
    case EventKind::Distress:
    case EventKind::TextFrustration:
      return true;
    default:
      return false;
  }
}

// Agent moves that repair: they lower the heat a little when they land.
bool is_repair(EventKind kind) {
  return kind == EventKind::Validation || kind == EventKind::Empathy ||
         kind == EventKind::SpecificApology || kind == EventKind::Ownership;
}

std::string_view cue_label(EventKind kind) {
  switch (kind) {
    case EventKind::TextFrustration:
      return "angry wording";
    case EventKind::Turn:
      return "long outpouring";
    case EventKind::RaisedVoice:
      return "raised voice";
    case EventKind::PitchRising:
      return "pitch up";
    case EventKind::PaceQuickening:
      return "faster speech";
    default:
      return to_string(kind);
  }
}

// How far evidence is past the bar for a type: 1 at the bar. Capped at 3 so one flood of a
// single cue does not drown everything else, but a type can still outgrow one already named.
float saturate(float x, float full) {
  return std::min(3.0F, x / full);
}

std::string fmt(const char* format, double a) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, a);
  return buf;
}

std::string quote_of(const Event& e) {
  return quoted_words(e.evidence.text);
}

// A judgement about one moment of the call.
Event judgement(EventKind kind, Speaker speaker, std::int64_t t_ms, float strength,
                std::string label = {}) {
  Event e;
  e.kind = kind;
  e.speaker = speaker;
  e.t_ms = t_ms;
  e.end_ms = t_ms;
  e.strength = strength;
  e.label = std::move(label);
  return e;
}

}  // namespace

std::string_view to_string(FrustrationBand band) {
  return kBandNames[static_cast<std::size_t>(band)];
}

std::string_view to_string(CallerType type) {
  return kTypeNames[static_cast<std::size_t>(type)];
}

std::optional<CallerType> parse_caller_type(std::string_view text) {
  for (std::size_t i = 0; i < kTypeNames.size(); ++i) {
    if (kTypeNames[i] == text) return static_cast<CallerType>(i);
  }
  return std::nullopt;
}

std::string_view to_string(CallStage stage) {
  return kStageNames[static_cast<std::size_t>(stage)];
}

namespace {

// Every setting by name, in declaration order.
template <typename F>
void for_each_setting(AssessorSettings& s, F&& f) {
  f(std::string_view("tense_at"), s.tense_at);
  f(std::string_view("frustrated_at"), s.frustrated_at);
  f(std::string_view("angry_at"), s.angry_at);
  f(std::string_view("band_hysteresis"), s.band_hysteresis);
  f(std::string_view("level_step"), s.level_step);
  f(std::string_view("word_half_life_s"), s.word_half_life_s);
  f(std::string_view("threat_half_life_s"), s.threat_half_life_s);
  f(std::string_view("voice_half_life_s"), s.voice_half_life_s);
  f(std::string_view("voice_alone_share"), s.voice_alone_share);
  f(std::string_view("voice_alone_below"), s.voice_alone_below);
  f(std::string_view("calm_utterance_relief"), s.calm_utterance_relief);
  f(std::string_view("calm_text_below"), s.calm_text_below);
  f(std::string_view("agent_repair_relief"), s.agent_repair_relief);
  f(std::string_view("text_floor"), s.text_floor);
  f(std::string_view("venting_words"), s.venting_words);
  f(std::string_view("venting_mean_text"), s.venting_mean_text);
  f(std::string_view("venting_pressure"), s.venting_pressure);
  f(std::string_view("venting_voice"), s.venting_voice);
  f(std::string_view("backchannel_max_words"), s.backchannel_max_words);
  f(std::string_view("warn_min_level"), s.warn_min_level);
  f(std::string_view("voice_warn_min_level"), s.voice_warn_min_level);
  f(std::string_view("warn_rise"), s.warn_rise);
  f(std::string_view("warn_window_s"), s.warn_window_s);
  f(std::string_view("warn_cue_min_level"), s.warn_cue_min_level);
  f(std::string_view("sustained_turns"), s.sustained_turns);
  f(std::string_view("voice_sustained_turns"), s.voice_sustained_turns);
  f(std::string_view("sustained_min_pressure"), s.sustained_min_pressure);
  f(std::string_view("sustained_window_ms"), s.sustained_window_ms);
  f(std::string_view("cold_threat_share"), s.cold_threat_share);
  f(std::string_view("threat_count_min"), s.threat_count_min);
  f(std::string_view("warn_min_turn_words"), s.warn_min_turn_words);
  f(std::string_view("warn_hot_turns"), s.warn_hot_turns);
  f(std::string_view("warn_voice_turns"), s.warn_voice_turns);
  f(std::string_view("warn_raised_beats"), s.warn_raised_beats);
  f(std::string_view("raised_beat_ms"), s.raised_beat_ms);
  f(std::string_view("venter_text_min"), s.venter_text_min);
  f(std::string_view("warn_words_need_voice"), s.warn_words_need_voice);
  f(std::string_view("rearm_below"), s.rearm_below);
  f(std::string_view("rearm_after_s"), s.rearm_after_s);
  f(std::string_view("type_min_score"), s.type_min_score);
  f(std::string_view("venter_cap"), s.venter_cap);
  f(std::string_view("type_switch_margin"), s.type_switch_margin);
  f(std::string_view("opening_text_share"), s.opening_text_share);
  f(std::string_view("venter_full_words"), s.venter_full_words);
  f(std::string_view("venter_short_share"), s.venter_short_share);
  f(std::string_view("early_turn_utterances"), s.early_turn_utterances);
}

}  // namespace

bool set_assessor_setting(AssessorSettings& settings, std::string_view name, double value) {
  bool found = false;
  for_each_setting(settings, [&](std::string_view n, auto& member) {
    if (n != name) return;
    found = true;
    using T = std::remove_reference_t<decltype(member)>;
    if constexpr (std::is_floating_point_v<T>) {
      member = static_cast<T>(value);
    } else {
      member = static_cast<T>(std::llround(value));
    }
  });
  return found;
}

std::vector<std::string_view> assessor_setting_names() {
  AssessorSettings scratch;
  std::vector<std::string_view> names;
  for_each_setting(scratch, [&](std::string_view n, auto&) { names.push_back(n); });
  return names;
}

CallAssessor::CallAssessor(const AssessorSettings& settings) : s_(settings) {
  for (int k = 0; k < kEventKindCount; ++k) {
    const auto kind = static_cast<EventKind>(k);
    // Fading depends on the kind only; the agent's voice fades like the caller's.
    const Fade fade = cue_weight(kind, Speaker::Caller).fade;
    const float half_life = fade == Fade::Threat  ? s_.threat_half_life_s
                            : fade == Fade::Voice ? s_.voice_half_life_s
                                                  : s_.word_half_life_s;
    keep_per_s_[static_cast<std::size_t>(k)] = std::exp2(-1.0F / half_life);
  }
  trace_.reserve(1024);
}

void CallAssessor::add(EventKind kind, float amount) {
  contrib_[static_cast<std::size_t>(kind)] += amount;
}

void CallAssessor::relieve(float keep) {
  for (std::size_t k = 0; k < contrib_.size(); ++k) {
    contrib_[k] = std::max(floor_[k], contrib_[k] * keep);
  }
}

float CallAssessor::recompute_level() {
  float voice = 0;
  for (const EventKind v : kVoiceKinds) voice += contrib_[static_cast<std::size_t>(v)];
  float pressure = 0;
  for (const float c : contrib_) pressure += c;
  // A voice that rises over calm words (a noisy room, an excited caller) is weak evidence alone:
  // it counts in full only once other pressure reaches `voice_alone_below`, in proportion before.
  const float agree = s_.voice_alone_below > 0
                          ? std::clamp((pressure - voice) / s_.voice_alone_below, 0.0F, 1.0F)
                          : 1.0F;
  pressure -= (1.0F - s_.voice_alone_share) * (1.0F - agree) * voice;
  level_ = 1.0F - std::exp(-pressure);
  return level_;
}

std::string CallAssessor::contributions_text() const {
  std::array<std::pair<float, std::size_t>, kEventKindCount> parts{};
  float total = 0;
  for (std::size_t k = 0; k < contrib_.size(); ++k) {
    parts[k] = {contrib_[k], k};
    total += contrib_[k];
  }
  std::sort(parts.begin(), parts.end(), [](const auto& a, const auto& b) { return a > b; });
  std::string text;
  for (std::size_t i = 0; i < 4 && parts[i].first > 0.01F * std::max(total, 1.0F); ++i) {
    if (!text.empty()) text += ", ";
    text += cue_label(static_cast<EventKind>(parts[i].second));
    text += fmt(" %.0f%%", 100.0 * parts[i].first / static_cast<double>(total));
  }
  return text;
}

void CallAssessor::observe(const Event& e, EventSink& out) {
  if (e.kind >= EventKind::Frustration) return;  // our own judgements
  const std::size_t k = static_cast<std::size_t>(e.kind);
  if (e.kind == EventKind::Utterance) {
    if (e.speaker == Speaker::Caller) {
      utterance_upset_ = false;
      utterance_hedged_ = false;
      utterance_pressure_ = 0;
      utterance_text_ = 0;
      utterance_heated_ = false;
      utterance_felt_ = false;
      utterance_threat_pressure_ = 0;
      pending_threat_.fill(0);
    } else {
      utterance_troubleshoots_ = false;
    }
    utterance_stage_.reset();
    utterance_stage_why_.clear();
    return;
  }
  if (e.kind == EventKind::BackToBaseline) {
    if (e.speaker == Speaker::Caller) {
      for (const EventKind v : kVoiceKinds) {
        floor_[static_cast<std::size_t>(v)] = 0;
      }
    }
    return;
  }
  if (e.speaker == Speaker::Agent) {
    on_agent_move(e, out);
  } else {
    // A passing mention ("cancel", "how do I cancel") is a request, not yet a threat: it adds
    // its pressure, but is not counted, does not upset the turn and gives no warning reason.
    const bool weak_threat = is_threat(e.kind) && e.strength < s_.threat_count_min;
    if (!weak_threat) {
      ++f_.cues[k];
      if (f_.first_quote[k].empty()) f_.first_quote[k] = quote_of(e);
      if (is_upset_cue(e.kind)) utterance_upset_ = true;
      if (is_threat(e.kind) || e.kind == EventKind::SupervisorRequest) {
        utterance_reason_ = std::string(cue_label(e.kind)) + " " + quote_of(e);
      }
    }
    if (e.kind == EventKind::RaisedVoice) ++f_.raised_voice;
    if (is_one_of(e.kind, kLoudOrHighKinds)) last_loud_onset_ms_ = e.t_ms;
    if (e.kind == EventKind::TalkOver) ++f_.interruptions;
    if (e.kind == EventKind::Hedge) utterance_hedged_ = true;
  }
  const CueWeight w = cue_weight(e.kind, e.speaker);
  if (w.weight <= 0) return;
  float amount = w.weight * e.strength;
  if (e.kind == EventKind::TextFrustration) {
    // Only what is clearly above an ordinary sentence counts; the scorer's mid range is noise.
    amount = w.weight * std::max(0.0F, (e.strength - s_.text_floor) / (1.0F - s_.text_floor));
    if (f_.caller_utterances == 0 && !utterance_heated_ && !utterance_upset_) {
      amount *= s_.opening_text_share;
    }
    utterance_text_ = e.strength;
    if (e.strength >= 0.5F) utterance_upset_ = true;
  }
  if (e.speaker == Speaker::Caller && is_heated_cue(e.kind) && amount > 0) {
    utterance_heated_ = true;
    if (e.kind != EventKind::TextFrustration || e.strength >= s_.venter_text_min) {
      utterance_felt_ = true;
    }
  }
  if (e.speaker == Speaker::Caller &&
      (is_threat(e.kind) || e.kind == EventKind::SupervisorRequest) && is_word_cue(e.kind)) {
    // Weighed when the utterance is done, once it is known whether it was said in heat.
    pending_threat_[k] += amount;
    utterance_threat_pressure_ += amount;
  } else {
    add(e.kind, amount);
  }
  if (e.speaker == Speaker::Caller) utterance_pressure_ += amount;
  if (w.fade == Fade::Voice && e.speaker == Speaker::Caller) {
    floor_[k] = std::max(floor_[k], amount);  // held until the voice settles
  }
  if (e.speaker == Speaker::Agent) {
    utterance_reason_ = "agent misstep: " + std::string(cue_label(e.kind)) +
                        (quote_of(e).empty() ? std::string() : " " + quote_of(e));
  }
  // Voice and turn cues arrive between utterances: judge them now.
  if (e.kind != EventKind::TextFrustration && !is_word_cue(e.kind)) {
    update(std::max(now_ms_, e.end_ms), out);
    check_warning(now_ms_, out, utterance_reason_);
    utterance_reason_.clear();
  }
}

void CallAssessor::on_agent_move(const Event& e, EventSink& out) {
  if (is_repair(e.kind)) {
    relieve(s_.agent_repair_relief);
    if (band_ >= FrustrationBand::Tense && !episode_validated_ && e.kind != EventKind::Ownership) {
      episode_validated_ = true;
      if (!episode_judged_) {
        episode_judged_ = true;
        Event v;
        v.kind = EventKind::ValidatedFirst;
        v.speaker = Speaker::Agent;
        v.t_ms = e.t_ms;
        v.end_ms = e.end_ms;
        v.strength = e.strength;
        v.evidence.text = "acknowledged the caller's feelings before troubleshooting: " +
                          (quote_of(e).empty() ? e.evidence.text : quote_of(e));
        out.on_event(v);
      }
    }
  }
  if (e.kind == EventKind::Troubleshooting) {
    utterance_troubleshoots_ = true;
    if (band_ >= FrustrationBand::Tense && !episode_judged_) {
      episode_judged_ = true;
      Event v;
      v.kind = EventKind::SkippedValidation;
      v.speaker = Speaker::Agent;
      v.t_ms = e.t_ms;
      v.end_ms = e.end_ms;
      v.strength = std::max(0.5F, level_);
      v.evidence.text = "went to troubleshooting (" + quote_of(e) + ") while the caller was " +
                        std::string(to_string(band_)) + ", without acknowledging how they feel";
      v.evidence.numbers = {{"frustration", level_, ""}};
      out.on_event(v);
      add(EventKind::SkippedValidation, 0.05F);
    }
  }
  if (e.kind == EventKind::OffersOptions) pending_options_ = true;
  // Stage moves the agent makes; applied when the utterance is done.
  if (e.kind == EventKind::Closing) {
    utterance_stage_ = CallStage::Closing;
    utterance_stage_why_ = "agent is wrapping up: " + quote_of(e);
  } else if ((e.kind == EventKind::Resolution || e.kind == EventKind::OffersOptions) &&
             utterance_stage_ != CallStage::Closing) {
    utterance_stage_ = CallStage::Resolution;
    utterance_stage_why_ = "agent offers a fix: " + quote_of(e);
  } else if (e.kind == EventKind::Troubleshooting && !utterance_stage_) {
    utterance_stage_ = CallStage::Discovery;
    utterance_stage_why_ = "agent is finding out: " + quote_of(e);
  }
}

void CallAssessor::utterance_done(const Utterance& u, EventSink& out) {
  if (!u.final || u.words.empty()) return;
  // The caller's speech is in these words now (the next tick says again if more follows).
  if (u.speaker == Speaker::Caller) raised_since_words_ = false;
  const int words = static_cast<int>(u.words.size());
  const bool answer = last_speaker_.has_value() && *last_speaker_ != u.speaker;
  if (u.speaker == Speaker::Caller) {
    const bool voice_up = voice_above_baseline();
    const float share = utterance_heated_ || voice_up ? 1.0F : s_.cold_threat_share;
    for (std::size_t k = 0; k < pending_threat_.size(); ++k) {
      if (pending_threat_[k] > 0) add(static_cast<EventKind>(k), share * pending_threat_[k]);
    }
    pending_threat_.fill(0);
    ++f_.caller_utterances;
    f_.caller_words += words;
    if (utterance_upset_) ++f_.upset_utterances;
    // A turn is the caller's utterances until the agent speaks: a monologue may be several.
    // ... and the agent's "mm" or "right" in between does not end it.
    if ((answer && !agent_backchannel_) || !last_speaker_) {
      turn_ = {};
      turn_.first_utterance = f_.caller_utterances;
    }
    turn_.words += words;
    turn_.utterances += 1;
    turn_.text_sum += utterance_text_;
    // The voice went up during this utterance (a second of slack either side), or is still up.
    // Its cues arrive with the audio, before the words, so they are looked up here.
    const bool voice_heard = voice_loud_or_high() || (last_loud_onset_ms_ >= u.t_ms - 1000 &&
                                                      last_loud_onset_ms_ <= u.end_ms + 1000);
    turn_.upset = turn_.upset || utterance_heated_;
    turn_.felt = turn_.felt || utterance_felt_;
    turn_.voice = turn_.voice || (s_.venting_voice > 0 && voice_heard);
    const float turn_text = turn_.text_sum / static_cast<float>(turn_.utterances);
    const bool emotional_words = turn_.upset || turn_text >= s_.venting_mean_text;
    const bool emotional = emotional_words || turn_.voice;
    const bool long_turn = turn_.words >= s_.venting_words;
    // A long turn first counted as calm becomes venting when it turns emotional later on.
    if ((!turn_.counted || turn_.counted_calm) && long_turn && emotional) {
      if (turn_.counted_calm) --f_.long_calm_turns;
      turn_.counted = true;
      turn_.counted_calm = false;
      add(EventKind::Turn, s_.venting_pressure);  // a long outpouring
      utterance_pressure_ += s_.venting_pressure;
    }
    // The venter type and being upset (the venting stage, a choice left unmade) need words that
    // carry feeling; a loud voice over plain words, or words the scorer finds only a little
    // uneasy, are only the outpouring's pressure.
    const bool felt_words = turn_.felt || turn_text >= s_.venter_text_min;
    if (turn_.counted && !turn_.counted_calm && !turn_.counted_venter && felt_words) {
      turn_.counted_venter = true;
      utterance_upset_ = true;
      ++f_.venting_turns;
      if (turn_.first_utterance <= s_.early_turn_utterances) ++f_.early_venting_turns;
    } else if (!turn_.counted && turn_.words >= 45 && !emotional) {
      turn_.counted = true;
      turn_.counted_calm = true;
      ++f_.long_calm_turns;
    }
    // A venting turn may go on growing after it was counted.
    if (turn_.counted_venter) {
      f_.longest_venting_words = std::max(f_.longest_venting_words, turn_.words);
    }
    if (answer) {
      ++f_.answers;
      if (words <= 3) ++f_.short_answers;
      if (u.t_ms - last_end_ms_ >= 2500) ++f_.slow_answers;
      if (u.t_ms < last_end_ms_ - 300) ++f_.interruptions;
    }
    if (pending_options_) {
      pending_options_ = false;
      ++f_.options_offered;
      // The reply to a choice leaves it unmade when it hedges or is upset; a plain answer makes it.
      if (utterance_upset_ || utterance_hedged_) ++f_.options_unanswered;
    }
    if (utterance_pressure_ < 0.02F) relieve(s_.calm_utterance_relief);
    // Pressure from anything but threats: how the caller is pressing, not what they threaten.
    // One bit per caller turn, however the recogniser splits it into utterances.
    if (turn_.utterances == 1) {
      hot_turns_ = static_cast<std::uint8_t>((hot_turns_ << 1U) & 0x7U);
      voice_turns_ = static_cast<std::uint8_t>((voice_turns_ << 1U) & 0x7U);
    }
    if (voice_up || utterance_pressure_ - utterance_threat_pressure_ >= s_.sustained_min_pressure) {
      hot_turns_ = static_cast<std::uint8_t>(hot_turns_ | 1U);
    }
    if (voice_heard) voice_turns_ = static_cast<std::uint8_t>(voice_turns_ | 1U);
    // A new beat of the caller's voice: a new turn, or a later stretch of a long one (a recogniser
    // may split one line into several utterances; they are one beat).
    if (turn_.utterances == 1 || u.t_ms - beat_start_ms_ >= s_.raised_beat_ms) {
      raised_beats_ = static_cast<std::uint8_t>((raised_beats_ << 1U) & 0x7U);
      beat_start_ms_ = u.t_ms;
    }
    if (utterance_voice_raised_) raised_beats_ = static_cast<std::uint8_t>(raised_beats_ | 1U);
    utterance_voice_raised_ = false;
    last_caller_end_ms_ = u.end_ms;
    last_caller_words_ = turn_.words;  // the whole turn: a recogniser may split it
    if (utterance_pressure_ >= s_.sustained_min_pressure) {
      pressing_ms_[static_cast<std::size_t>(pressing_count_ % pressing_ms_.size())] = u.end_ms;
      ++pressing_count_;
    }
  }
  update(std::max(now_ms_, u.end_ms), out);
  at_caller_end_ = u.speaker == Speaker::Caller;
  check_warning(now_ms_, out, utterance_reason_);
  at_caller_end_ = false;
  utterance_reason_.clear();
  if (u.speaker == Speaker::Caller) {
    check_type(now_ms_, out);
    // Stage moves the caller makes. An indecisive caller's hedging turn is thinking aloud, not an
    // outpouring, however uneasy its words.
    const bool deliberating = utterance_hedged_ && type_ == CallerType::Indecisive;
    if (utterance_upset_ && !deliberating && words >= 12 && stage_ != CallStage::Closing &&
        stage_ != CallStage::Venting) {
      set_stage(CallStage::Venting, u.t_ms, "caller is pouring out how they feel", out);
    }
  } else {
    if (utterance_stage_) {
      const bool forward = *utterance_stage_ != CallStage::Discovery ||
                           stage_ == CallStage::Opening || stage_ == CallStage::Venting;
      if (forward && !(*utterance_stage_ == CallStage::Closing && f_.caller_utterances < 2)) {
        set_stage(*utterance_stage_, u.t_ms, utterance_stage_why_, out);
      }
    } else if (stage_ == CallStage::Opening && f_.caller_words >= 8 && answer) {
      set_stage(CallStage::Discovery, u.t_ms, "caller has said why they are calling", out);
    } else if (stage_ == CallStage::Venting && answer && !last_caller_upset_) {
      set_stage(CallStage::Discovery, u.t_ms, "caller has had their say", out);
    }
  }
  if (u.speaker == Speaker::Caller) last_caller_upset_ = utterance_upset_;
  if (u.speaker == Speaker::Agent) agent_backchannel_ = words <= s_.backchannel_max_words;
  last_speaker_ = u.speaker;
  last_end_ms_ = std::max(last_end_ms_, u.end_ms);
}

void CallAssessor::set_stage(CallStage stage, std::int64_t t_ms, std::string_view why,
                             EventSink& out) {
  if (stage == stage_) return;
  Event e = judgement(EventKind::Stage, Speaker::Agent, t_ms, 1, std::string(to_string(stage)));
  e.evidence.text = std::string(to_string(stage_)) + " -> " + e.label + ": " + std::string(why);
  stage_ = stage;
  out.on_event(e);
}

void CallAssessor::tick_until(std::int64_t t_ms, EventSink& out) {
  while (next_tick_ms_ <= t_ms) {
    const std::int64_t t = next_tick_ms_;
    next_tick_ms_ += 1000;
    for (std::size_t k = 0; k < contrib_.size(); ++k) {
      contrib_[k] = std::max(floor_[k], contrib_[k] * keep_per_s_[k]);
    }
    update(t, out);
    history_[static_cast<std::size_t>(history_seconds_ % 64)] = level_;
    ++history_seconds_;
    trace_.push_back(level_);
    if (level_ < s_.rearm_below) {
      if (++calm_seconds_ >= s_.rearm_after_s) {
        warned_ = false;
        episode_peak_ = level_;  // a new episode is judged against its own high
      }
    } else {
      calm_seconds_ = 0;
    }
    check_warning(t, out, {});
  }
}

int CallAssessor::voiced_turns() const {
  // A voice that went up after the caller's last words belongs to a turn whose words are not in
  // yet: the one going on (bit 0) if the caller still has the floor, else a new one.
  const bool pending = last_loud_onset_ms_ > last_caller_end_ms_;
  unsigned bits = voice_turns_;
  if (pending) bits = caller_has_floor() ? (bits | 1U) : (((bits << 1U) | 1U) & 0x7U);
  return std::popcount(bits);
}

bool CallAssessor::caller_has_floor() const {
  return last_speaker_ == Speaker::Caller ||
         (last_speaker_ == Speaker::Agent && agent_backchannel_);
}

int CallAssessor::raised_beats() const {
  unsigned bits = raised_beats_;
  if (raised_since_words_) {
    // The caller is saying something raised that has no words yet: a new beat if the agent has
    // spoken since the caller's last words, or the caller's current beat began long enough ago.
    const bool new_beat =
        !caller_has_floor() || last_caller_end_ms_ - beat_start_ms_ >= s_.raised_beat_ms;
    bits = new_beat ? ((bits << 1U) | 1U) & 0x7U : bits | 1U;
  }
  return std::popcount(bits);
}

bool CallAssessor::voice_loud_or_high() const {
  return any_held(kLoudOrHighKinds);
}

bool CallAssessor::voice_above_baseline() const {
  return any_held(kVoiceKinds);
}

bool CallAssessor::any_held(std::span<const EventKind> kinds) const {
  return std::any_of(kinds.begin(), kinds.end(),
                     [&](EventKind v) { return floor_[static_cast<std::size_t>(v)] > 0; });
}

float CallAssessor::level_ago(int seconds) const {
  if (history_seconds_ == 0) return 0;
  const std::int64_t back =
      std::min<std::int64_t>(seconds, std::min<std::int64_t>(63, history_seconds_));
  return history_[static_cast<std::size_t>((history_seconds_ - back) % 64)];
}

void CallAssessor::update(std::int64_t t_ms, EventSink& out) {
  now_ms_ = std::max(now_ms_, t_ms);
  recompute_level();
  if (level_ > peak_) {
    peak_ = level_;
    peak_ms_ = now_ms_;
  }
  episode_peak_ = std::max(episode_peak_, level_);
  check_band(now_ms_, out);
  if (std::fabs(level_ - reported_level_) >= s_.level_step) {
    reported_level_ = level_;
    Event e = judgement(EventKind::FrustrationLevel, Speaker::Caller, now_ms_, level_,
                        std::string(to_string(band_)));
    e.evidence.text = "caller frustration " + fmt("%.2f (", level_) + e.label + ")";
    e.evidence.numbers = {{"level", level_, ""}};
    out.on_event(e);
  }
}

void CallAssessor::check_band(std::int64_t t_ms, EventSink& out) {
  const std::array edges = {s_.tense_at, s_.frustrated_at, s_.angry_at};
  int up = 0;
  while (up < 3 && level_ >= edges[static_cast<std::size_t>(up)]) ++up;
  int band = static_cast<int>(band_);
  if (up > band) {
    band = up;
  } else {
    while (band > 0 && level_ < edges[static_cast<std::size_t>(band - 1)] - s_.band_hysteresis) {
      --band;
    }
  }
  if (band == static_cast<int>(band_)) return;
  const FrustrationBand before = band_;
  band_ = static_cast<FrustrationBand>(band);
  if (band_ > peak_band_) peak_band_ = band_;
  if (band_ == FrustrationBand::Calm) {
    episode_validated_ = false;
    episode_judged_ = false;
  }
  Event e = judgement(EventKind::Frustration, Speaker::Caller, t_ms, level_,
                      std::string(to_string(band_)));
  e.evidence.text = "caller " + e.label + fmt(" (%.2f, ", level_) +
                    (band_ > before ? "up" : "down") + " from " + std::string(to_string(before)) +
                    ")";
  const std::string parts = contributions_text();
  if (!parts.empty()) e.evidence.text += ": " + parts;
  e.evidence.numbers.push_back({"level", level_, ""});
  for (std::size_t k = 0; k < contrib_.size(); ++k) {
    if (contrib_[k] > 0.005F) {
      e.evidence.numbers.push_back(
          {std::string(to_string(static_cast<EventKind>(k))), contrib_[k], "pressure"});
    }
  }
  out.on_event(e);
}

void CallAssessor::check_warning(std::int64_t t_ms, EventSink& out, std::string_view cue_reason) {
  if (warned_) return;
  const float rise = level_ - std::min({level_ago(s_.warn_window_s),
                                        level_ago(s_.warn_window_s / 2), level_ago(5)});
  // The turn going on counts as soon as the voice is up, before its words are in.
  const int voiced = voiced_turns();
  const bool voice_says = voice_above_baseline() && voiced >= s_.warn_voice_turns;
  std::vector<std::string> reasons;
  if (level_ >= (voice_says ? s_.voice_warn_min_level : s_.warn_min_level) &&
      rise >= s_.warn_rise) {
    reasons.push_back(fmt("frustration up %.2f in the last ", rise) +
                      std::to_string(s_.warn_window_s) + " s");
  }
  if (!cue_reason.empty() && level_ >= s_.warn_cue_min_level) reasons.emplace_back(cue_reason);
  const auto count = [&](EventKind k) { return f_.cues[static_cast<std::size_t>(k)]; };
  if (reasons.empty()) return;
  if (s_.warn_words_need_voice > 0 && voice_measured_ && voiced == 0) return;
  // One raised line is a moment, two are a trend: once the voice is measured, a warning needs it
  // raised in `warn_raised_beats` of the caller's last three beats, unless a threat, a supervisor
  // request or an agent misstep is among its reasons.
  const bool cue_counts = !cue_reason.empty() && level_ >= s_.warn_cue_min_level;
  if (voice_measured_ && raised_beats() < s_.warn_raised_beats && !cue_counts) return;
  // One heated line is not a trend: a warning needs several caller turns adding pressure lately
  // (fewer when the voice says so too).
  int recent = 0;
  for (std::size_t i = 0; i < pressing_ms_.size() && static_cast<int>(i) < pressing_count_; ++i) {
    if (pressing_ms_[i] >= t_ms - s_.sustained_window_ms) ++recent;
  }
  if (recent < (voice_says ? s_.voice_sustained_turns : s_.sustained_turns)) return;
  if (s_.warn_min_turn_words > 0 && !voice_says) {
    // From words alone, escalation shows at the end of a long caller turn that takes the level to
    // a new high, with the caller pressing in most of their last three turns. A voice that says
    // so (above its baseline, and louder or higher lately) needs none of that.
    const int hot = std::popcount(static_cast<unsigned>(hot_turns_));
    if (!at_caller_end_ || last_caller_words_ < s_.warn_min_turn_words || hot < s_.warn_hot_turns ||
        level_ < episode_peak_) {
      return;
    }
  }
  int threats = 0;
  for (int k = static_cast<int>(EventKind::ThreatLegal);
       k <= static_cast<int>(EventKind::ThreatRegulator); ++k) {
    threats += f_.cues[static_cast<std::size_t>(k)];
  }
  if (threats > 0) reasons.push_back(std::to_string(threats) + " threat(s)");
  if (count(EventKind::RepeatedComplaint) > 0) reasons.emplace_back("the same complaint again");
  if (count(EventKind::SupervisorRequest) > 0) reasons.emplace_back("asked for a supervisor");
  warned_ = true;
  calm_seconds_ = 0;
  ++warnings_;
  if (first_warning_ms_ < 0) first_warning_ms_ = t_ms;
  Event e =
      judgement(EventKind::EscalationWarning, Speaker::Caller, t_ms, std::min(1.0F, level_ + rise));
  e.evidence.text = "escalating: ";
  for (std::size_t i = 0; i < reasons.size(); ++i) {
    if (i > 0) e.evidence.text += "; ";
    e.evidence.text += reasons[i];
  }
  const std::string parts = contributions_text();
  if (!parts.empty()) e.evidence.text += " (" + parts + ")";
  e.evidence.numbers = {{"level", level_, ""}, {"rise", rise, ""}};
  out.on_event(e);
}

std::vector<TypeScore> CallAssessor::type_scores() const {
  const auto n = [&](EventKind k) {
    return static_cast<float>(f_.cues[static_cast<std::size_t>(k)]);
  };
  const auto quote = [&](EventKind k) -> std::string {
    const std::string& q = f_.first_quote[static_cast<std::size_t>(k)];
    return q.empty() ? std::string() : " (" + q + ")";
  };
  const auto count_of = [&](EventKind k, std::string_view what) -> std::string {
    const int c = f_.cues[static_cast<std::size_t>(k)];
    if (c == 0) return {};
    return std::to_string(c) + " " + std::string(what) + quote(k);
  };
  const auto join = [](std::initializer_list<std::string> parts) {
    std::string s;
    for (const auto& p : parts) {
      if (p.empty()) continue;
      if (!s.empty()) s += ", ";
      s += p;
    }
    return s;
  };
  const float utts = static_cast<float>(std::max(1, f_.caller_utterances));
  const float mean_words = static_cast<float>(f_.caller_words) / utts;
  float threats = 0;
  for (int k = static_cast<int>(EventKind::ThreatLegal);
       k <= static_cast<int>(EventKind::ThreatRegulator); ++k) {
    threats += n(static_cast<EventKind>(k));
  }
  std::vector<TypeScore> scores;
  const auto push = [&](CallerType t, float score, std::string evidence) {
    scores.push_back({t, std::max(score, 0.0F), 0.0F, std::move(evidence)});
  };
  push(CallerType::Talkative,
       0.45F * saturate(static_cast<float>(f_.long_calm_turns), 3) +
           0.35F * saturate(n(EventKind::Aside), 2) +
           0.2F * std::clamp((mean_words - 12.0F) / 13.0F, 0.0F, 1.0F),
       join({std::to_string(f_.long_calm_turns) + " long calm turns",
             count_of(EventKind::Aside, "asides"), fmt("%.0f words a turn", mean_words)}));
  push(CallerType::Demanding, saturate(n(EventKind::Demand), 3),
       count_of(EventKind::Demand, "demands"));
  push(CallerType::Indecisive,
       saturate(n(EventKind::Hedge) + static_cast<float>(f_.options_unanswered), 3),
       join({count_of(EventKind::Hedge, "hedges"),
             f_.options_unanswered > 0
                 ? std::to_string(f_.options_unanswered) + " choices left unmade"
                 : std::string()}));
  push(CallerType::Complainer,
       saturate(n(EventKind::AnotherComplaint) + 0.5F * n(EventKind::RepeatedComplaint), 3),
       join({count_of(EventKind::AnotherComplaint, "further complaints"),
             count_of(EventKind::RepeatedComplaint, "repeated complaints")}));
  {
    const float answers = static_cast<float>(std::max(1, f_.answers));
    const float short_share = static_cast<float>(f_.short_answers) / answers;
    float silent = 0;
    if (f_.answers >= 4 && mean_words <= 9) {
      silent = 0.5F * saturate(short_share, 0.5F) +
               0.3F * saturate(static_cast<float>(f_.slow_answers), 3) +
               0.2F * saturate(n(EventKind::ClippedAnswers) + n(EventKind::TenseSilence), 1);
    }
    push(CallerType::Silent, silent,
         join({std::to_string(f_.short_answers) + " of " + std::to_string(f_.answers) +
                   " answers 3 words or fewer",
               std::to_string(f_.slow_answers) + " slow answers",
               fmt("%.0f words a turn", mean_words)}));
  }
  push(CallerType::Skeptical, saturate(n(EventKind::ProofRequest) + n(EventKind::Distrust), 3),
       join({count_of(EventKind::ProofRequest, "requests for proof"),
             count_of(EventKind::Distrust, "doubts")}));
  // Long emotional turns are also how complainers, the aggrieved and some talkers sound, so the
  // venter's score stops at `venter_cap`: a type whose own words show it can outgrow it.
  {
    const float span = static_cast<float>(std::max(1, s_.venter_full_words - s_.venting_words));
    const float reach = std::clamp(
        static_cast<float>(f_.longest_venting_words - s_.venting_words) / span, 0.0F, 1.0F);
    const float length = s_.venter_short_share + (1.0F - s_.venter_short_share) * reach;
    push(CallerType::Venter,
         length * std::min(s_.venter_cap,
                           0.7F * saturate(static_cast<float>(f_.venting_turns), 2) +
                               0.3F * saturate(static_cast<float>(f_.early_venting_turns), 1)),
         std::to_string(f_.venting_turns) + " long emotional turns, " +
             std::to_string(f_.early_venting_turns) + " early in the call" +
             (f_.venting_turns > 0
                  ? ", the longest " + std::to_string(f_.longest_venting_words) + " words"
                  : std::string()));
  }
  push(CallerType::Impatient,
       saturate(n(EventKind::Impatience) + 0.5F * n(EventKind::Urgency) +
                    0.5F * static_cast<float>(f_.interruptions),
                3),
       join({count_of(EventKind::Impatience, "hurries"), count_of(EventKind::Urgency, "urgent"),
             f_.interruptions > 0 ? std::to_string(f_.interruptions) + " interruptions"
                                  : std::string()}));
  push(CallerType::Aggrieved, saturate(n(EventKind::Fairness), 2.5F),
       count_of(EventKind::Fairness, "fairness complaints"));
  push(CallerType::Misinformed, saturate(n(EventKind::WasTold), 2),
       count_of(EventKind::WasTold, "mentions of what they were told"));
  push(CallerType::ThreatMaker, saturate(threats, 2),
       join({count_of(EventKind::ThreatLegal, "legal threats"),
             count_of(EventKind::ThreatCancel, "threats to cancel"),
             count_of(EventKind::ThreatPublic, "threats to go public"),
             count_of(EventKind::ThreatReview, "threats of reviews"),
             count_of(EventKind::ThreatRegulator, "threats of the regulator")}));
  {
    const float abuse = n(EventKind::Profanity) + 1.5F * n(EventKind::PersonalAttack);
    push(CallerType::Aggressive,
         abuse > 0 ? saturate(abuse + 0.5F * static_cast<float>(f_.raised_voice), 2.5F) : 0.0F,
         join({count_of(EventKind::Profanity, "swearing"),
               count_of(EventKind::PersonalAttack, "personal attacks"),
               f_.raised_voice > 0 ? std::to_string(f_.raised_voice) + " raised voice"
                                   : std::string()}));
  }
  std::stable_sort(scores.begin(), scores.end(),
                   [](const TypeScore& a, const TypeScore& b) { return a.score > b.score; });
  for (TypeScore& t : scores) {
    t.weight = t.score;
    t.score = std::min(1.0F, t.score);
  }
  return scores;
}

void CallAssessor::check_type(std::int64_t t_ms, EventSink& out) {
  const std::vector<TypeScore> scores = type_scores();
  const TypeScore& best = scores.front();
  float current = 0;
  for (const TypeScore& s : scores) {
    if (s.type == type_) {
      current = s.weight;
      type_score_ = s.score;
    }
  }
  if (best.weight < s_.type_min_score || best.type == type_) {
    if (best.type == type_) type_evidence_ = best.evidence;
    return;
  }
  if (type_ != CallerType::None && best.weight < current + s_.type_switch_margin) return;
  type_ = best.type;
  type_score_ = best.score;
  type_evidence_ = best.evidence;
  Event e = judgement(EventKind::CallerType, Speaker::Caller, t_ms, best.score,
                      std::string(to_string(best.type)));
  e.evidence.text = e.label + fmt(" (%.2f): ", best.score) + best.evidence;
  e.evidence.numbers = {{"confidence", best.score, ""}};
  if (scores.size() > 1 && scores[1].score > 0) {
    e.evidence.numbers.push_back(
        {"runner_up_" + std::string(to_string(scores[1].type)), scores[1].score, ""});
  }
  out.on_event(e);
}

void CallAssessor::finish(std::int64_t end_ms, EventSink& out) {
  advance_to(end_ms, out);
  check_type(now_ms_, out);
}

AssessmentSummary CallAssessor::summary() const {
  AssessmentSummary s;
  s.caller_type = type_;
  s.caller_type_confidence = type_score_;
  s.caller_type_evidence = type_evidence_;
  s.type_scores = type_scores();
  s.peak_frustration = peak_;
  s.peak_frustration_ms = peak_ms_;
  s.peak_band = peak_band_;
  s.final_band = band_;
  s.warnings = warnings_;
  s.first_warning_ms = first_warning_ms_;
  s.stage = stage_;
  s.frustration_trace = trace_;
  return s;
}

}  // namespace composure
