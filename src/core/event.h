// The one thing the core emits: a tagged event on the call timeline with a speaker, a strength and
// the evidence behind it. Cues, measurements and (later) suggestions all travel as Events.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/speaker.h"

namespace composure {

enum class EventKind : std::uint8_t {
  // Prosody against the speaker's own baseline.
  RaisedVoice,     // loudness well above baseline
  PitchRising,     // F0 well above baseline
  PaceQuickening,  // syllable rate well above baseline
  BackToBaseline,  // an earlier raised voice / pitch / pace episode has settled
  // Turn taking.
  ClippedAnswers,  // a run of very short replies from someone who spoke at length before
  TalkOver,        // speaker started while the other was talking and kept going
  TenseSilence,    // caller silent for long when it was their turn to answer
  DeadAir,         // agent silent for long when it was their turn, outside a hold
  HoldOverdue,     // caller on hold past the check-in limit without hearing the agent
  // Words: what the caller says.
  Anger,              // angry words
  Profanity,          // swearing
  ThreatLegal,        // lawyer, court, suing
  ThreatCancel,       // cancelling, closing the account, switching provider
  ThreatPublic,       // going to the press or social media
  ThreatReview,       // bad reviews, ratings
  ThreatRegulator,    // ombudsman, regulator, consumer authority
  Urgency,            // time pressure: "today", "right now", "three days"
  RepeatContact,      // "third time I'm calling", "again", "still"
  RepeatedComplaint,  // the same complaint made again within this call
  Distrust,           // "you people always say that", "I don't believe you"
  Sarcasm,            // "oh great", "thanks for nothing"
  Confusion,          // "I don't understand", "what do you mean"
  SupervisorRequest,  // "let me speak to your manager"
  PersonalAttack,     // insults aimed at the agent
  Demand,             // imperatives and demands: "I want it done today", "I expect a refund"
  Hedge,              // indecision: "I'm not sure", "maybe", "what would you do"
  ProofRequest,       // asks for proof: "put that in writing", "give me a reference number"
  Fairness,           // "it's not fair", "after all these years", "I deserve better"
  WasTold,            // acts on earlier information: "I was told", "your website says"
  Impatience,         // "hurry up", "how long will this take", "I don't have time for this"
  AnotherComplaint,   // "and another thing", "on top of that", "not to mention"
  Aside,              // a story or digression: "funny thing is", "by the way", "my grandson"
  Distress,           // sorrow, worry, exhaustion: "at my wits' end", "I haven't slept"
  // Words: what the agent says.
  TriggerPhrase,     // "policy", "calm down", "you need to", "there's nothing I can do"
  Validation,        // acknowledging the feeling: "I can see why that's frustrating"
  Empathy,           // "I'm sorry you've had to deal with this"
  SpecificApology,   // an apology that names what went wrong
  FormulaicApology,  // "sorry for any inconvenience"
  Ownership,         // "let me take care of this", "I will call you back"
  UsesName,          // the agent addresses the caller by name
  OverPromise,       // "guarantee", "definitely by tomorrow"
  HoldAnnouncement,  // "may I put you on a brief hold"
  CheckIn,           // "thanks for waiting, still checking"
  Troubleshooting,   // gathering details or fixing: "can I take your account number", "have you
                     // tried"
  OffersOptions,     // "you can either ... or ...", "would you prefer"
  Resolution,        // "I've issued the refund", "that's booked for Thursday"
  Closing,           // "is there anything else", "have a good day"
  Greeting,          // "thank you for calling", "how can I help"
  BoundaryWarning,   // "if the swearing continues I will have to end the call"
  // Measurements: facts on the timeline rather than warnings.
  Turn,             // one turn, with the response latency that opened it
  Backchannel,      // a short overlap ("mm-hm") that did not take the floor
  Hold,             // a completed hold with its length and check-ins
  Utterance,        // the words of one utterance (recognised or from a transcript)
  TextFrustration,  // the text scorer's frustration probability for one utterance
  // Judgements: what the cues add up to (src/understand/assessor.h).
  Frustration,        // the caller's frustration moved into another band (calm .. angry)
  FrustrationLevel,   // a reading: the level moved by a step (0.05) since the last reading
  EscalationWarning,  // the call is escalating; the peak is likely still ahead
  CallerType,         // the caller type changed (talkative, venter, ...), with confidence
  Stage,              // the call moved to another stage (opening .. closing)
  SkippedValidation,  // the agent went to troubleshooting while an upset caller was unheard
  ValidatedFirst,     // the agent acknowledged an upset caller before troubleshooting
  // Guidance: what the agent is told (src/guide/).
  Suggestion,      // what to say or do now, with its technique and the cues behind it
  SuggestionDone,  // a suggestion left the screen: the agent did it, it was replaced, or expired
  Nudge,           // what to stop doing now
  KnowledgeCard,   // account, order or policy facts the conversation made relevant
  Escalation,      // the call should go to someone else (or a boundary be set), with the reason
};

inline constexpr int kEventKindCount = static_cast<int>(EventKind::Escalation) + 1;

std::string_view to_string(EventKind kind);
std::optional<EventKind> parse_event_kind(std::string_view text);

// True for kinds that warn or inform the agent, false for plain measurements.
bool is_cue(EventKind kind);
// True for the cues found in words (Anger .. BoundaryWarning).
bool is_word_cue(EventKind kind);

// One number behind a judgement, e.g. {"delta", 7.2, "dB"}.
struct Measure {
  std::string name;
  double value = 0;
  std::string unit;

  bool operator==(const Measure&) const = default;
};

struct Evidence {
  std::string text;  // a sentence a person reads: "caller +7.2 dB over their baseline, ..."
  std::vector<Measure> numbers;

  bool operator==(const Evidence&) const = default;
};

// The first "..." in an evidence text, quotes included (word cues quote the words they matched:
// 'caller: "...fed up..." (anger: fed up)'); empty when there is none.
std::string quoted_words(std::string_view evidence_text);

struct Event {
  std::int64_t t_ms = 0;    // start of what the event is about, on the call timeline
  std::int64_t end_ms = 0;  // end of it (== t_ms for an instant)
  Speaker speaker = Speaker::Caller;
  EventKind kind = EventKind::Turn;
  float strength = 0;  // 0..1
  Evidence evidence;
  std::string label;  // the value of a judgement: "angry", "venter", "discovery"; else empty
  // Guidance: the event types behind it ("anger", "caller_type") and the playbook entry or
  // escalation rule it came from ("venter_let_them_finish"); empty otherwise.
  std::vector<std::string> because;
  std::string source;

  bool operator==(const Event&) const = default;
};

// Where a pipeline delivers events. Implementations live in adapters (a vector, a socket, a store).
class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void on_event(const Event& event) = 0;
};

}  // namespace composure
