#include "understand/assessor.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <string>
#include <vector>

namespace composure {
namespace {

struct Collect final : EventSink {
  void on_event(const Event& e) override { events.push_back(e); }
  std::vector<Event> events;
  std::vector<Event> of(EventKind k) const {
    std::vector<Event> out;
    std::copy_if(events.begin(), events.end(), std::back_inserter(out),
                 [&](const Event& e) { return e.kind == k; });
    return out;
  }
};

// Drives an assessor the way the pipeline does: an Utterance event, its cues, then done.
class Call {
 public:
  explicit Call(const AssessorSettings& settings = {}) : assess_(settings) {}

  void say(Speaker who, double start_s, double end_s, int words,
           std::initializer_list<std::pair<EventKind, float>> cues = {}, float text_score = 0.1F) {
    const auto t = static_cast<std::int64_t>(start_s * 1000);
    const auto end = static_cast<std::int64_t>(end_s * 1000);
    assess_.advance_to(t, out);
    Utterance u;
    u.speaker = who;
    u.t_ms = t;
    u.end_ms = end;
    for (int i = 0; i < words; ++i) u.words.push_back({t, end, "word", 1});
    emit(who, EventKind::Utterance, t, end, 1, "");
    for (const auto& [kind, strength] : cues) emit(who, kind, t, end, strength, "\"cue words\"");
    if (who == Speaker::Caller) emit(who, EventKind::TextFrustration, t, end, text_score, "");
    assess_.utterance_done(u, out);
  }
  void voice(Speaker who, EventKind kind, double t_s, float strength = 1) {
    const auto t = static_cast<std::int64_t>(t_s * 1000);
    assess_.advance_to(t, out);
    emit(who, kind, t, t, strength, "voice");
  }
  void until(double t_s) { assess_.advance_to(static_cast<std::int64_t>(t_s * 1000), out); }
  void finish(double t_s) { assess_.finish(static_cast<std::int64_t>(t_s * 1000), out); }

  CallAssessor& assessor() { return assess_; }
  Collect out;

 private:
  void emit(Speaker who, EventKind kind, std::int64_t t, std::int64_t end, float strength,
            const std::string& text) {
    Event e;
    e.kind = kind;
    e.speaker = who;
    e.t_ms = t;
    e.end_ms = end;
    e.strength = strength;
    e.evidence.text = text;
    out.on_event(e);
    assess_.observe(e, out);
  }
  CallAssessor assess_;
};

constexpr Speaker kAgent = Speaker::Agent;
constexpr Speaker kCaller = Speaker::Caller;

// The venter type's score at the end of a call (0 when it was never seen).
float venter_score(const AssessmentSummary& s) {
  for (const TypeScore& t : s.type_scores) {
    if (t.type == CallerType::Venter) return t.score;
  }
  return 0.0F;
}

// An ordinary exchange: the agent asks, the caller answers at length, calmly.
void calm_exchanges(Call& call, double from_s, int n) {
  for (int i = 0; i < n; ++i) {
    const double t = from_s + i * 12.0;
    call.say(kAgent, t, t + 4, 12);
    call.say(kCaller, t + 5, t + 11, 14);
  }
}

// A caller who gets angrier turn by turn, at length, then threatens to sue.
void escalate(Call& call, double from_s) {
  call.say(kCaller, from_s, from_s + 6, 22, {{EventKind::RepeatContact, 0.6F}}, 0.5F);
  call.say(kAgent, from_s + 7, from_s + 10, 10);
  call.say(kCaller, from_s + 11, from_s + 18, 24, {{EventKind::Anger, 0.7F}}, 0.7F);
  call.voice(kCaller, EventKind::RaisedVoice, from_s + 12, 0.8F);
  call.say(kAgent, from_s + 19, from_s + 22, 10);
  call.say(kCaller, from_s + 23, from_s + 30, 20,
           {{EventKind::Anger, 0.9F}, {EventKind::Sarcasm, 0.7F}}, 0.85F);
  call.say(kAgent, from_s + 31, from_s + 34, 10);
  call.say(kCaller, from_s + 35, from_s + 42, 20,
           {{EventKind::ThreatLegal, 0.9F}, {EventKind::Profanity, 0.8F}}, 0.95F);
}

TEST(Assessor, CalmCallNeverLeavesTheCalmBand) {
  Call call;
  calm_exchanges(call, 0, 10);
  call.finish(125);
  EXPECT_TRUE(call.out.of(EventKind::Frustration).empty());
  EXPECT_TRUE(call.out.of(EventKind::EscalationWarning).empty());
  EXPECT_EQ(call.assessor().summary().peak_band, FrustrationBand::Calm);
  EXPECT_LT(call.assessor().summary().peak_frustration, 0.25F);
}

TEST(Assessor, AngerAndThreatsClimbThroughTheBandsToAngry) {
  Call call;
  calm_exchanges(call, 0, 2);
  escalate(call, 30);
  const auto bands = call.out.of(EventKind::Frustration);
  ASSERT_FALSE(bands.empty());
  EXPECT_EQ(bands.back().label, "angry");
  for (std::size_t i = 1; i < bands.size(); ++i)
    EXPECT_GE(bands[i].strength, bands[i - 1].strength);
  EXPECT_EQ(call.assessor().band(), FrustrationBand::Angry);
}

TEST(Assessor, BandChangeSaysWhichCuesContributed) {
  Call call;
  escalate(call, 0);
  const auto bands = call.out.of(EventKind::Frustration);
  ASSERT_FALSE(bands.empty());
  const Event& last = bands.back();
  EXPECT_NE(last.evidence.text.find("anger"), std::string::npos) << last.evidence.text;
  const bool has_anger_number =
      std::any_of(last.evidence.numbers.begin(), last.evidence.numbers.end(),
                  [](const Measure& m) { return m.name == "anger" && m.value > 0; });
  EXPECT_TRUE(has_anger_number);
}

TEST(Assessor, WarnsOfEscalationBeforeTheAngryPeakAndSaysWhy) {
  Call call;
  calm_exchanges(call, 0, 2);
  escalate(call, 30);
  const auto warnings = call.out.of(EventKind::EscalationWarning);
  ASSERT_EQ(warnings.size(), 1U);
  const auto bands = call.out.of(EventKind::Frustration);
  const auto angry =
      std::find_if(bands.begin(), bands.end(), [](const Event& e) { return e.label == "angry"; });
  ASSERT_NE(angry, bands.end());
  EXPECT_LT(warnings.front().t_ms, angry->t_ms);
  EXPECT_NE(warnings.front().evidence.text.find("escalating"), std::string::npos);
}

TEST(Assessor, FrustrationFadesBackToCalmWhenTheCallerSettles) {
  Call call;
  escalate(call, 0);
  call.voice(kCaller, EventKind::BackToBaseline, 49);
  for (int i = 0; i < 12; ++i) {
    const double t = 50 + i * 15.0;
    call.say(kAgent, t, t + 5, 12, {{EventKind::Validation, 0.8F}});
    call.say(kCaller, t + 6, t + 10, 8);
  }
  call.finish(240);
  EXPECT_EQ(call.assessor().band(), FrustrationBand::Calm);
  const auto bands = call.out.of(EventKind::Frustration);
  ASSERT_FALSE(bands.empty());
  EXPECT_EQ(bands.back().label, "calm");
  EXPECT_NE(bands.back().evidence.text.find("down"), std::string::npos);
}

TEST(Assessor, RaisedVoiceHoldsItsPressureUntilTheVoiceSettles) {
  Call call;
  call.voice(kCaller, EventKind::RaisedVoice, 1, 1.0F);
  call.until(61);
  const float held = call.assessor().level();
  EXPECT_GT(held, 0.15F);
  call.voice(kCaller, EventKind::BackToBaseline, 62);
  call.until(150);
  EXPECT_LT(call.assessor().level(), held / 4);
}

TEST(Assessor, TracesTheLevelOnceASecond) {
  Call call;
  calm_exchanges(call, 0, 3);
  call.finish(40.5);
  EXPECT_EQ(call.assessor().summary().frustration_trace.size(), 40U);
}

TEST(Assessor, DemandsMakeADemandingCaller) {
  Call call;
  call.say(kCaller, 0, 5, 12, {{EventKind::Demand, 0.8F}});
  call.say(kAgent, 6, 9, 10);
  call.say(kCaller, 10, 15, 12, {{EventKind::Demand, 0.8F}});
  call.say(kAgent, 16, 19, 10);
  call.say(kCaller, 20, 25, 12, {{EventKind::Demand, 0.8F}});
  const auto types = call.out.of(EventKind::CallerType);
  ASSERT_EQ(types.size(), 1U);
  EXPECT_EQ(types.front().label, "demanding");
  EXPECT_NE(types.front().evidence.text.find("demands"), std::string::npos);
  EXPECT_EQ(call.assessor().summary().caller_type, CallerType::Demanding);
}

TEST(Assessor, ShortSlowAnswersMakeASilentCaller) {
  Call call;
  for (int i = 0; i < 6; ++i) {
    const double t = i * 12.0;
    call.say(kAgent, t, t + 4, 14);
    call.say(kCaller, t + 8, t + 9, 2);  // four seconds to answer, two words
  }
  EXPECT_EQ(call.assessor().summary().caller_type, CallerType::Silent);
}

TEST(Assessor, NoTypeForAnOrdinaryCaller) {
  Call call;
  calm_exchanges(call, 0, 8);
  call.finish(100);
  EXPECT_EQ(call.assessor().summary().caller_type, CallerType::None);
  EXPECT_TRUE(call.out.of(EventKind::CallerType).empty());
}

TEST(Assessor, ThreatsOutweighAnEarlierTypeAndTheTypeChanges) {
  Call call;
  call.say(kCaller, 0, 5, 12, {{EventKind::WasTold, 0.8F}});
  call.say(kCaller, 6, 10, 12, {{EventKind::WasTold, 0.8F}});
  call.say(kCaller, 11, 15, 12, {{EventKind::ThreatLegal, 0.9F}});
  call.say(kCaller, 16, 20, 12, {{EventKind::ThreatPublic, 0.9F}, {EventKind::ThreatCancel, 0.8F}});
  call.say(kCaller, 21, 25, 12, {{EventKind::ThreatRegulator, 0.9F}});
  const auto types = call.out.of(EventKind::CallerType);
  ASSERT_GE(types.size(), 2U);
  EXPECT_EQ(types.front().label, "misinformed");
  EXPECT_EQ(types.back().label, "threat-maker");
}

TEST(Assessor, TroubleshootingAnUpsetCallerWithoutValidatingIsFlagged) {
  Call call;
  escalate(call, 0);
  call.say(kAgent, 44, 48, 12, {{EventKind::Troubleshooting, 0.7F}});
  EXPECT_EQ(call.out.of(EventKind::SkippedValidation).size(), 1U);
  EXPECT_TRUE(call.out.of(EventKind::ValidatedFirst).empty());
}

TEST(Assessor, ValidatingFirstIsRecognisedAndNotFlagged) {
  Call call;
  escalate(call, 0);
  call.say(kAgent, 44, 48, 12, {{EventKind::Validation, 0.8F}});
  call.say(kAgent, 49, 52, 12, {{EventKind::Troubleshooting, 0.7F}});
  EXPECT_EQ(call.out.of(EventKind::ValidatedFirst).size(), 1U);
  EXPECT_TRUE(call.out.of(EventKind::SkippedValidation).empty());
}

TEST(Assessor, TroubleshootingACalmCallerIsNotAMisstep) {
  Call call;
  calm_exchanges(call, 0, 2);
  call.say(kAgent, 30, 34, 12, {{EventKind::Troubleshooting, 0.7F}});
  EXPECT_TRUE(call.out.of(EventKind::SkippedValidation).empty());
}

TEST(Assessor, StagesRunFromOpeningToClosing) {
  Call call;
  call.say(kAgent, 0, 3, 10, {{EventKind::Greeting, 0.8F}});
  call.say(kCaller, 4, 9, 14);
  call.say(kAgent, 10, 13, 10, {{EventKind::Troubleshooting, 0.7F}});
  call.say(kCaller, 14, 16, 6);
  call.say(kAgent, 17, 21, 12, {{EventKind::Resolution, 0.8F}});
  call.say(kCaller, 22, 24, 5);
  call.say(kAgent, 25, 28, 9, {{EventKind::Closing, 0.8F}});
  std::vector<std::string> stages;
  for (const Event& e : call.out.of(EventKind::Stage)) stages.push_back(e.label);
  EXPECT_EQ(stages, (std::vector<std::string>{"discovery", "resolution", "closing"}));
  EXPECT_EQ(call.assessor().summary().stage, CallStage::Closing);
}

TEST(Assessor, AnUpsetOutpouringIsTheVentingStage) {
  Call call;
  call.say(kAgent, 0, 3, 10, {{EventKind::Greeting, 0.8F}});
  call.say(kCaller, 4, 20, 45, {{EventKind::Anger, 0.8F}}, 0.9F);
  const auto stages = call.out.of(EventKind::Stage);
  ASSERT_FALSE(stages.empty());
  EXPECT_EQ(stages.front().label, "venting");
}

// A long turn in plain words said in a raised voice is an outpouring: its pressure counts. It is
// no evidence of a venter, though: complainers and the aggrieved can be long and loud too.
TEST(Assessor, ALongTurnInARaisedVoiceIsAnOutpouringButNotVenterEvidence) {
  const auto loud_long_turn = [](int venting_voice) {
    AssessorSettings settings;
    settings.venting_voice = venting_voice;
    Call call(settings);
    call.say(kAgent, 0, 3, 10, {{EventKind::Greeting, 0.8F}});
    call.voice(kCaller, EventKind::RaisedVoice, 6, 0.6F);
    call.say(kCaller, 4, 20, 45);
    call.finish(25);
    return call.assessor().summary();
  };
  const auto outpouring = loud_long_turn(1);
  const auto voice_only = loud_long_turn(0);
  EXPECT_GT(outpouring.peak_frustration, voice_only.peak_frustration + 0.1F);
  EXPECT_EQ(venter_score(outpouring), 0.0F);
}

// A choice is left unmade when the reply to it hedges; a plain answer makes it, even from a caller
// who hedged earlier about something else.
TEST(Assessor, OnlyAHedgedReplyLeavesAChoiceUnmade) {
  const auto unmade_choices = [](bool hedged_reply) {
    Call call;
    call.say(kCaller, 0, 4, 12, {{EventKind::Hedge, 0.3F}});  // "maybe one every few seconds"
    for (int i = 0; i < 3; ++i) {
      const double t = 10.0 + i * 15;
      call.say(kAgent, t, t + 4, 14, {{EventKind::OffersOptions, 0.8F}});
      if (hedged_reply) {
        call.say(kCaller, t + 5, t + 9, 8, {{EventKind::Hedge, 0.6F}});
      } else {
        call.say(kCaller, t + 5, t + 9, 8);
      }
    }
    call.finish(60);
    return call.assessor().summary().caller_type;
  };
  EXPECT_EQ(unmade_choices(true), CallerType::Indecisive);
  EXPECT_NE(unmade_choices(false), CallerType::Indecisive);
}

TEST(Assessor, OwnJudgementsFedBackAreIgnored) {
  Call call;
  Event e;
  e.kind = EventKind::Frustration;
  e.strength = 1;
  call.assessor().observe(e, call.out);
  EXPECT_FLOAT_EQ(call.assessor().level(), 0);
}

TEST(Assessor, CallerTypeNamesRoundTrip) {
  for (int t = 0; t < kCallerTypeCount; ++t) {
    const auto type = static_cast<CallerType>(t);
    EXPECT_EQ(parse_caller_type(to_string(type)), type);
  }
  EXPECT_FALSE(parse_caller_type("grumpy"));
}

TEST(Assessor, AThreatMadeCoollyWeighsLessThanTheSameThreatInAnger) {
  Call cool;
  calm_exchanges(cool, 0, 2);
  cool.say(kCaller, 30, 38, 20, {{EventKind::ThreatLegal, 0.9F}}, 0.1F);
  Call heated;
  calm_exchanges(heated, 0, 2);
  heated.say(kCaller, 30, 38, 20, {{EventKind::ThreatLegal, 0.9F}, {EventKind::Anger, 0.05F}},
             0.1F);
  // The same threat: with a trace of anger it counts whole, said coolly only in part.
  EXPECT_GT(cool.assessor().level(), 0.1F);
  EXPECT_GT(heated.assessor().level(), cool.assessor().level() + 0.1F);
}

TEST(Assessor, LongEmotionalTurnsDoNotOutweighAComplainersListOfComplaints) {
  Call call;
  for (int i = 0; i < 4; ++i) {
    const double t = i * 20.0;
    call.say(kAgent, t, t + 4, 10);
    call.say(kCaller, t + 5, t + 18, 80,
             {{EventKind::AnotherComplaint, 0.8F}, {EventKind::Anger, 0.6F}}, 0.4F);
  }
  call.finish(90);
  const auto summary = call.assessor().summary();
  EXPECT_EQ(summary.caller_type, CallerType::Complainer);
  // Venting was seen, and weighs enough that it would have named a venter alone.
  EXPECT_GT(venter_score(summary), 0.5F);
}

// A venter pours it all out at length; one emotional turn of 50 words is a complaint told with
// feeling, and says little about the type by itself.
TEST(Assessor, AVenterIsNamedForALongOutpouringNotForAShortEmotionalTurn) {
  const auto after_one_turn = [](int words) {
    Call call;
    call.say(kAgent, 0, 3, 10, {{EventKind::Greeting, 0.8F}});
    call.say(kCaller, 4, 4 + words * 0.4, words, {{EventKind::Anger, 0.6F}}, 0.5F);
    calm_exchanges(call, 10 + words * 0.4, 3);
    call.finish(60 + words * 0.4);
    return call.assessor().summary();
  };
  const auto outpouring = after_one_turn(110);
  const auto short_turn = after_one_turn(50);
  EXPECT_EQ(outpouring.caller_type, CallerType::Venter);
  EXPECT_NE(short_turn.caller_type, CallerType::Venter);
  EXPECT_GT(venter_score(short_turn), 0.0F);  // it was still seen
  EXPECT_GT(venter_score(outpouring), venter_score(short_turn) + 0.2F);
}

// An outpouring is early when it begins early, however many short utterances a recogniser cuts
// it into before it is long enough to count.
TEST(Assessor, AnOutpouringThatBeginsEarlyIsEarlyHoweverItIsCut) {
  Call call;
  call.say(kAgent, 0, 3, 10, {{EventKind::Greeting, 0.8F}});
  calm_exchanges(call, 4, 3);  // the caller's first three utterances
  double t = 45;
  for (int i = 0; i < 14; ++i) {  // the fourth begins it: 14 utterances of 8 words
    call.say(kCaller, t, t + 3, 8, {{EventKind::Anger, 0.6F}}, 0.5F);
    t += 3.5;
  }
  call.finish(t + 10);
  const auto summary = call.assessor().summary();
  EXPECT_EQ(summary.caller_type, CallerType::Venter);
  EXPECT_NE(summary.caller_type_evidence.find("1 early in the call"), std::string::npos)
      << summary.caller_type_evidence;
}

// A caller's first words say what went wrong, and a scorer fitted on other text can read them
// as upset ("an appointment" shares letters with "disappointed"). Alone, they weigh less; the
// same words later in the call, or with anger in them, weigh in full.
TEST(Assessor, ACallersOpeningWordsAloneDoNotLiftACalmCallAboveCalm) {
  const auto peak_after_opening = [](float share,
                                     std::initializer_list<std::pair<EventKind, float>> cues) {
    AssessorSettings settings;
    settings.opening_text_share = share;
    Call call(settings);
    call.say(kAgent, 0, 3, 8, {{EventKind::Greeting, 0.8F}});
    call.say(kCaller, 4, 12, 22, cues, 0.67F);
    call.until(20);
    return call.assessor().summary().peak_band;
  };
  EXPECT_EQ(peak_after_opening(0.6F, {}), FrustrationBand::Calm);
  EXPECT_GT(peak_after_opening(1.0F, {}), FrustrationBand::Calm);
  EXPECT_GT(peak_after_opening(0.6F, {{EventKind::Anger, 0.6F}}), FrustrationBand::Calm);
}

// The same rising cues in short lines and in long turns.
void rising(Call& call, int words) {
  calm_exchanges(call, 0, 2);
  double t = 30;
  for (const float anger : {0.5F, 0.7F, 0.9F}) {
    call.say(kAgent, t, t + 3, 10);
    call.say(kCaller, t + 4, t + 12, words, {{EventKind::Anger, anger}}, 0.6F);
    t += 14;
  }
}

TEST(Assessor, FromWordsAloneAWarningComesAtTheEndOfALongPressingTurn) {
  Call short_lines;
  rising(short_lines, 8);
  EXPECT_TRUE(short_lines.out.of(EventKind::EscalationWarning).empty());
  Call long_turns;
  rising(long_turns, 24);
  EXPECT_EQ(long_turns.out.of(EventKind::EscalationWarning).size(), 1U);
}

TEST(Assessor, ARaisedVoiceWarnsWithoutALongTurn) {
  Call call;
  calm_exchanges(call, 0, 2);
  double t = 30;
  for (const float anger : {0.5F, 0.7F, 0.9F}) {
    call.say(kAgent, t, t + 3, 10);
    call.voice(kCaller, EventKind::RaisedVoice, t + 5, 0.8F);
    call.say(kCaller, t + 4, t + 8, 8, {{EventKind::Anger, anger}}, 0.6F);
    t += 10;
  }
  EXPECT_EQ(call.out.of(EventKind::EscalationWarning).size(), 1U);
}

TEST(Assessor, ARaisedVoiceOverCalmWordsCountsForLessThanWithAngryWords) {
  // Pressure from a level: the level is 1 - exp(-pressure).
  const auto pressure = [](float level) { return -std::log(1.0F - level); };
  Call voice_alone;
  voice_alone.voice(kCaller, EventKind::RaisedVoice, 1, 1.0F);
  voice_alone.until(3);
  Call words_alone;
  words_alone.say(kCaller, 1, 3, 10, {{EventKind::Anger, 0.8F}}, 0.6F);
  Call both;
  both.voice(kCaller, EventKind::RaisedVoice, 1, 1.0F);
  both.say(kCaller, 1, 3, 10, {{EventKind::Anger, 0.8F}}, 0.6F);
  const float alone = pressure(voice_alone.assessor().level());
  const float with_words =
      pressure(both.assessor().level()) - pressure(words_alone.assessor().level());
  EXPECT_GT(alone, 0.0F);
  EXPECT_GT(with_words, alone * 1.4F);
  EXPECT_LT(voice_alone.assessor().band(), FrustrationBand::Tense);
}

// Rising anger in three long turns with the caller's voice measured. In the turns set in
// `turns` (bit 0 = the first) the voice shows `kind` for a moment, settles again before the
// turn's words are done, and the line is measured as said raised; with no bits set it stays level
// throughout. `threat` adds a threat to the raised lines' words.
void rising_with_voice(Call& call, unsigned turns, EventKind kind = EventKind::RaisedVoice,
                       bool threat = false) {
  call.assessor().set_caller_voice_measured(true);
  calm_exchanges(call, 0, 2);
  double t = 30;
  unsigned turn = 0;
  for (const float anger : {0.5F, 0.7F, 0.9F}) {
    call.say(kAgent, t, t + 3, 10);
    const bool raised = (turns >> turn & 1U) != 0;
    if (raised) {
      call.voice(kCaller, kind, t + 5, 0.6F);
      call.voice(kCaller, EventKind::BackToBaseline, t + 7);
      call.assessor().set_caller_voice_raised(true);
    }
    if (raised && threat) {
      call.say(kCaller, t + 4, t + 12, 24,
               {{EventKind::Anger, anger}, {EventKind::ThreatLegal, 0.9F}}, 0.6F);
    } else {
      call.say(kCaller, t + 4, t + 12, 24, {{EventKind::Anger, anger}}, 0.6F);
    }
    t += 14;
    ++turn;
  }
}

TEST(Assessor, WithTheVoiceMeasuredWordsAloneDoNotWarnWhileTheVoiceStaysLevel) {
  Call level_voice;
  rising_with_voice(level_voice, 0);
  EXPECT_TRUE(level_voice.out.of(EventKind::EscalationWarning).empty());
}

TEST(Assessor, OneRaisedLineIsAMomentTwoAreATrend) {
  // The voice louder in one line, which the agent settles: not an escalation yet.
  Call once;
  rising_with_voice(once, 0b001);
  EXPECT_TRUE(once.out.of(EventKind::EscalationWarning).empty());
  // Louder again two lines later: the rise is sustained, and warns with the second.
  Call twice;
  rising_with_voice(twice, 0b101);
  const auto warnings = twice.out.of(EventKind::EscalationWarning);
  ASSERT_EQ(warnings.size(), 1U);
  EXPECT_GE(warnings.front().t_ms, 30000 + 2 * 14000);
  // With one raised line enough (the rule before), the single moment warns too.
  AssessorSettings one;
  one.warn_raised_beats = 1;
  Call first(one);
  rising_with_voice(first, 0b001);
  ASSERT_EQ(first.out.of(EventKind::EscalationWarning).size(), 1U);
}

TEST(Assessor, ARaisedLineSplitIntoPiecesIsOneBeatButALaterStretchIsAnother) {
  // The caller's long turn: a raised line that a recogniser cut in two (pieces 2 s apart), then,
  // `raised_beat_ms` after the first piece, more said raised.
  const auto long_turn = [](Call& call, bool raised_later) {
    call.assessor().set_caller_voice_measured(true);
    calm_exchanges(call, 0, 2);
    call.say(kAgent, 30, 33, 10);
    call.voice(kCaller, EventKind::RaisedVoice, 35, 0.6F);
    for (const double start : {34.0, 38.0}) {
      call.assessor().set_caller_voice_raised(true);
      call.say(kCaller, start, start + 3.5, 12, {{EventKind::Anger, 0.7F}}, 0.6F);
    }
    call.assessor().set_caller_voice_raised(raised_later);
    call.say(kCaller, 43, 50, 24, {{EventKind::Anger, 0.9F}}, 0.6F);
    call.until(55);
  };
  Call split;
  long_turn(split, false);
  EXPECT_TRUE(split.out.of(EventKind::EscalationWarning).empty());
  Call sustained;
  long_turn(sustained, true);
  EXPECT_EQ(sustained.out.of(EventKind::EscalationWarning).size(), 1U);
}

TEST(Assessor, AThreatInARaisedLineWarnsWithoutWaitingForASecond) {
  Call call;
  rising_with_voice(call, 0b010, EventKind::RaisedVoice, true);
  const auto warnings = call.out.of(EventKind::EscalationWarning);
  ASSERT_EQ(warnings.size(), 1U);
  EXPECT_LT(warnings.front().t_ms, 30000 + 2 * 14000);
  EXPECT_NE(warnings.front().evidence.text.find("threat"), std::string::npos);
}

TEST(Assessor, ARaisedVoiceWithNoWordsYetCountsForTheLineGoingOn) {
  // One raised line done; the next is raised too, but its words are not in yet: the warning
  // need not wait for them.
  Call call;
  call.assessor().set_caller_voice_measured(true);
  calm_exchanges(call, 0, 2);
  call.say(kAgent, 30, 33, 10);
  call.voice(kCaller, EventKind::RaisedVoice, 35, 0.6F);
  call.assessor().set_caller_voice_raised(true);
  call.say(kCaller, 34, 42, 24, {{EventKind::Anger, 0.7F}}, 0.6F);
  call.say(kAgent, 43, 46, 10);
  call.until(49);
  EXPECT_TRUE(call.out.of(EventKind::EscalationWarning).empty());
  call.assessor().set_caller_voice_raised_since_words(true);
  call.until(52);
  const auto warnings = call.out.of(EventKind::EscalationWarning);
  ASSERT_EQ(warnings.size(), 1U);
  EXPECT_LE(warnings.front().t_ms, 52000);
}

TEST(Assessor, ALouderVoiceCountsForTheCallersNextThreeTurnsOnly) {
  Call call;
  call.assessor().set_caller_voice_measured(true);
  call.voice(kCaller, EventKind::RaisedVoice, 1, 0.6F);
  call.voice(kCaller, EventKind::BackToBaseline, 3);
  call.say(kCaller, 0, 5, 14);
  for (int i = 0; i < 3; ++i) {
    const double t = 6 + i * 12.0;
    call.say(kAgent, t, t + 4, 12);
    call.say(kCaller, t + 5, t + 11, 14);
  }
  // Four caller turns later, pressing words in long turns do not warn.
  double t = 60;
  for (const float anger : {0.5F, 0.7F, 0.9F}) {
    call.say(kAgent, t, t + 3, 10);
    call.say(kCaller, t + 4, t + 12, 24, {{EventKind::Anger, anger}}, 0.6F);
    t += 14;
  }
  EXPECT_TRUE(call.out.of(EventKind::EscalationWarning).empty());
}

TEST(Assessor, AWeakThreatHintAddsPressureButDoesNotMakeAThreatMaker) {
  const auto two_mentions = [](float strength) {
    Call call;
    for (int i = 0; i < 2; ++i) {
      const double t = i * 12.0;
      call.say(kAgent, t, t + 4, 10);
      call.say(kCaller, t + 5, t + 9, 6, {{EventKind::ThreatCancel, strength}});
    }
    call.finish(30);
    return call.assessor().summary();
  };
  const auto hint = two_mentions(0.35F);  // "we need to cancel it"
  EXPECT_NE(hint.caller_type, CallerType::ThreatMaker);
  EXPECT_GT(hint.peak_frustration, 0.0F);
  const auto threat = two_mentions(0.85F);  // "I'm closing my account"
  EXPECT_EQ(threat.caller_type, CallerType::ThreatMaker);
}

// A caller named misinformed from one early line, who then tells long stories with an aside: the
// talker's score comes to lead by less than 0.1 and the type changes, as it would not with a wide
// switching margin.
CallerType story_teller_after_one_was_told(const AssessorSettings& settings) {
  Call call(settings);
  call.say(kCaller, 0, 4, 10, {{EventKind::WasTold, 0.8F}});
  double t = 5;
  for (int i = 0; i < 3; ++i, t += 10) {
    call.say(kAgent, t, t + 4, 10);
    call.say(kCaller, t + 5, t + 7, 5);
  }
  for (int i = 0; i < 2; ++i, t += 30) {
    call.say(kAgent, t, t + 4, 10);
    if (i == 0) {
      call.say(kCaller, t + 5, t + 25, 45, {{EventKind::Aside, 0.8F}});
    } else {
      call.say(kCaller, t + 5, t + 25, 45);
    }
  }
  call.finish(t + 5);
  return call.assessor().summary().caller_type;
}

TEST(Assessor, AnEarlyTypeGivesWayOnceAnotherLeadsItByMoreThanANearTie) {
  EXPECT_EQ(story_teller_after_one_was_told({}), CallerType::Talkative);
  AssessorSettings sticky;
  sticky.type_switch_margin = 0.15F;
  EXPECT_EQ(story_teller_after_one_was_told(sticky), CallerType::Misinformed);
}

TEST(Assessor, AFasterPaceAloneDoesNotCountAsARaisedVoice) {
  Call call;
  rising_with_voice(call, 0b111, EventKind::PaceQuickening);
  EXPECT_TRUE(call.out.of(EventKind::EscalationWarning).empty());
}

TEST(Assessor, SettingsAreFoundByName) {
  AssessorSettings s;
  EXPECT_TRUE(set_assessor_setting(s, "warn_rise", 0.3));
  EXPECT_FLOAT_EQ(s.warn_rise, 0.3F);
  EXPECT_TRUE(set_assessor_setting(s, "sustained_turns", 2.6));
  EXPECT_EQ(s.sustained_turns, 3);
  EXPECT_FALSE(set_assessor_setting(s, "warn_rize", 0.3));
  const auto names = assessor_setting_names();
  EXPECT_NE(std::find(names.begin(), names.end(), "cold_threat_share"), names.end());
}

}  // namespace
}  // namespace composure
