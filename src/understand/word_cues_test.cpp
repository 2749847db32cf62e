#include "understand/word_cues.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace composure {
namespace {

class Collect : public EventSink {
 public:
  void on_event(const Event& e) override { events.push_back(e); }
  std::vector<Event> events;
};

std::shared_ptr<const Lexicon> default_lexicon() {
  static const auto lexicon = Lexicon::load_default();
  EXPECT_TRUE(lexicon) << lexicon.error().message;
  return *lexicon;
}

// Words split at spaces, 300 ms apart from `t_ms`.
Utterance utterance(Speaker speaker, std::string_view text, bool typed = false,
                    std::int64_t t_ms = 1000) {
  Utterance u;
  u.speaker = speaker;
  u.typed = typed;
  u.t_ms = t_ms;
  std::int64_t t = t_ms;
  while (!text.empty()) {
    const auto space = text.find(' ');
    const std::string_view w = text.substr(0, space);
    if (!w.empty()) {
      u.words.push_back({t, t + 250, std::string(w), 1.0F});
      t += 300;
    }
    if (space == std::string_view::npos) break;
    text.remove_prefix(space + 1);
  }
  u.end_ms = u.words.empty() ? t_ms : u.words.back().end_ms;
  return u;
}

std::vector<Event> cues(WordCueDetector& detector, const Utterance& u) {
  Collect sink;
  detector.push(u, sink);
  return sink.events;
}

std::vector<Event> cues(Speaker speaker, std::string_view text, bool typed = false) {
  WordCueDetector detector(default_lexicon());
  return cues(detector, utterance(speaker, text, typed));
}

std::optional<Event> find(const std::vector<Event>& events, EventKind kind) {
  const auto it =
      std::find_if(events.begin(), events.end(), [&](const Event& e) { return e.kind == kind; });
  return it == events.end() ? std::nullopt : std::optional<Event>(*it);
}

float strength(Speaker speaker, std::string_view text, EventKind kind, bool typed = false) {
  const auto e = find(cues(speaker, text, typed), kind);
  return e ? e->strength : 0.0F;
}

// ---- every category: a natural example fires, a near miss stays quiet ----

struct Case {
  Speaker speaker;
  const char* text;
  EventKind kind;
  bool fires;
};

std::ostream& operator<<(std::ostream& out, const Case& c) {
  return out << to_string(c.speaker) << " \"" << c.text << "\" " << to_string(c.kind)
             << (c.fires ? " fires" : " stays quiet");
}

constexpr Speaker kCaller = Speaker::Caller;
constexpr Speaker kAgent = Speaker::Agent;

constexpr Case kCases[] = {
    {kCaller, "I am absolutely furious with this service", EventKind::Anger, true},
    {kCaller, "this is completely unacceptable", EventKind::Anger, true},
    {kCaller, "that's just not good enough", EventKind::Anger, true},
    {kCaller, "not bad at all thanks", EventKind::Anger, false},
    {kCaller, "I'm not angry just confused", EventKind::Anger, false},
    {kCaller, "sorry it's a bad line", EventKind::Anger, false},
    {kCaller, "this is bullshit", EventKind::Profanity, true},
    {kCaller, "what the f*** is going on", EventKind::Profanity, true},
    {kCaller, "I don't give a shit", EventKind::Profanity, true},
    {kCaller, "the assessment was fine", EventKind::Profanity, false},
    {kCaller, "I'll be talking to my lawyer", EventKind::ThreatLegal, true},
    {kCaller, "I will take you to court over this", EventKind::ThreatLegal, true},
    {kCaller, "I'm going to sue", EventKind::ThreatLegal, true},
    {kCaller, "hi my name is Sue", EventKind::ThreatLegal, false},
    {kCaller, "we were at the food court", EventKind::ThreatLegal, false},
    {kCaller, "I want to cancel my account", EventKind::ThreatCancel, true},
    {kCaller, "I'm switching to another provider", EventKind::ThreatCancel, true},
    {kCaller, "I'll take my business elsewhere", EventKind::ThreatCancel, true},
    {kCaller, "I won't cancel I just want it fixed", EventKind::ThreatCancel, false},
    {kCaller, "can you cancel the engineer visit", EventKind::ThreatCancel, false},
    {kCaller, "I cancelled my service last week and got a final bill", EventKind::ThreatCancel,
     false},
    {kCaller, "I'm going to put this on twitter", EventKind::ThreatPublic, true},
    {kCaller, "I'll go to the press", EventKind::ThreatPublic, true},
    {kCaller, "I can't get into my facebook account", EventKind::ThreatPublic, false},
    {kCaller, "and the council facebook page had it too", EventKind::ThreatPublic, false},
    {kCaller, "I'll put the whole story on facebook", EventKind::ThreatPublic, true},
    {kCaller, "I'll send it to the local paper and the TV station", EventKind::ThreatPublic, true},
    {kCaller, "I'm leaving a one star review", EventKind::ThreatReview, true},
    {kCaller, "everyone on trustpilot will hear about this", EventKind::ThreatReview, true},
    {kCaller, "my account is under review", EventKind::ThreatReview, false},
    {kCaller, "And the review. What's the first slot?", EventKind::ThreatReview, false},
    {kCaller, "I'm taking this to the ombudsman", EventKind::ThreatRegulator, true},
    {kCaller, "I'll be reporting you to trading standards", EventKind::ThreatRegulator, true},
    {kCaller, "I'm filing with the telecom complaints commissioner today",
     EventKind::ThreatRegulator, true},
    {kCaller, "I want to report a fault on my line", EventKind::ThreatRegulator, false},
    {kCaller, "I need this fixed today", EventKind::Urgency, true},
    {kCaller, "I've had no internet for three days", EventKind::Urgency, true},
    {kCaller, "it's urgent", EventKind::Urgency, true},
    {kCaller, "I'm calling about my bill", EventKind::Urgency, false},
    {kCaller, "now that you mention it yes", EventKind::Urgency, false},
    {kCaller, "this is the third time I've called", EventKind::RepeatContact, true},
    {kCaller, "it's still not working", EventKind::RepeatContact, true},
    {kCaller, "I called last week about this", EventKind::RepeatContact, true},
    {kCaller, "are you still there", EventKind::RepeatContact, false},
    {kCaller, "could you say that again", EventKind::RepeatContact, false},
    {kCaller, "I don't believe you", EventKind::Distrust, true},
    {kCaller, "you people always say that", EventKind::Distrust, true},
    {kCaller, "I believe you thanks", EventKind::Distrust, false},
    {kCaller, "oh great another form to fill in", EventKind::Sarcasm, true},
    {kCaller, "well thanks for nothing", EventKind::Sarcasm, true},
    {kCaller, "that's great thank you", EventKind::Sarcasm, false},
    {kCaller, "I don't understand what that means", EventKind::Confusion, true},
    {kCaller, "sorry what do you mean by that", EventKind::Confusion, true},
    {kCaller, "I understand thanks", EventKind::Confusion, false},
    {kCaller, "let me speak to your manager", EventKind::SupervisorRequest, true},
    {kCaller, "put me through to someone more senior", EventKind::SupervisorRequest, true},
    {kCaller, "my manager told me to call", EventKind::SupervisorRequest, false},
    {kCaller, "you're an idiot", EventKind::PersonalAttack, true},
    {kCaller, "are you deaf", EventKind::PersonalAttack, true},
    {kCaller, "I feel like an idiot for not noticing", EventKind::PersonalAttack, false},
    {kCaller, "ten years a customer and I am treated like a liar", EventKind::PersonalAttack,
     false},
    {kCaller, "are you calling me a liar", EventKind::PersonalAttack, false},
    {kCaller, "you're a liar and you know it", EventKind::PersonalAttack, true},
    {kCaller, "I'm standing there saying soon, soon, like an idiot", EventKind::PersonalAttack,
     false},
    {kCaller, "you're sat there reading off a screen like an idiot", EventKind::PersonalAttack,
     true},
    {kCaller, "you lot are just lazy", EventKind::PersonalAttack, true},
    {kCaller, "give that lazy cat a scratch from me", EventKind::PersonalAttack, false},
    {kCaller, "I want a full refund and I want it today", EventKind::Demand, true},
    {kCaller, "I expect you to send a new one", EventKind::Demand, true},
    {kCaller, "I insist on speaking to the same engineer", EventKind::Demand, true},
    {kCaller, "I want to change my address", EventKind::Demand, false},
    {kCaller, "you must be joking", EventKind::Demand, false},
    {kCaller, "no. book it for tomorrow morning", EventKind::Demand, true},
    {kCaller, "fine. escalate this to your duty manager", EventKind::Demand, true},
    {kCaller, "give me a second to find the letter", EventKind::Demand, false},
    {kCaller, "could you book it for Thursday", EventKind::Demand, false},
    {kCaller, "I'm not sure which one to pick", EventKind::Hedge, true},
    {kCaller, "what would you do in my position", EventKind::Hedge, true},
    {kCaller, "let me think about it and ring you back", EventKind::Hedge, true},
    {kCaller, "I'm not sure you understand the problem", EventKind::Hedge, false},
    {kCaller, "yes that's the right card", EventKind::Hedge, false},
    {kCaller, "can you put that in writing", EventKind::ProofRequest, true},
    {kCaller, "can I get a reference number for this call", EventKind::ProofRequest, true},
    {kCaller, "email me confirmation of what we agreed", EventKind::ProofRequest, true},
    {kCaller, "can I give you my reference number", EventKind::ProofRequest, false},
    {kCaller, "I have proof of purchase", EventKind::ProofRequest, false},
    {kCaller, "that's not fair after all these years", EventKind::Fairness, true},
    {kCaller, "I've been a loyal customer for a decade", EventKind::Fairness, true},
    {kCaller, "why do new customers get a better deal", EventKind::Fairness, true},
    {kCaller, "that sounds fair enough", EventKind::Fairness, false},
    {kCaller, "I was told the refund would take five days", EventKind::WasTold, true},
    {kCaller, "your website says it's included", EventKind::WasTold, true},
    {kCaller, "I thought it was included in the price", EventKind::WasTold, true},
    {kCaller, "can you tell me the balance", EventKind::WasTold, false},
    {kCaller, "how long is this going to take", EventKind::Impatience, true},
    {kCaller, "I haven't got all day", EventKind::Impatience, true},
    {kCaller, "just get to the point", EventKind::Impatience, true},
    {kCaller, "no hurry take your time", EventKind::Impatience, false},
    {kCaller, "can I just quickly check my balance", EventKind::Impatience, false},
    {kCaller, "and another thing the app doesn't work", EventKind::AnotherComplaint, true},
    {kCaller, "not to mention the hold music", EventKind::AnotherComplaint, true},
    {kCaller, "on top of that I was charged twice", EventKind::AnotherComplaint, true},
    {kCaller, "that's everything thanks", EventKind::AnotherComplaint, false},
    {kCaller, "and that's not even the main thing, the box was crushed",
     EventKind::AnotherComplaint, true},
    {kCaller, "then there's the invoice, it went up again", EventKind::AnotherComplaint, true},
    {kCaller, "while I'm on the phone can I check my balance", EventKind::AnotherComplaint, false},
    {kCaller, "funny story actually my grandson set it up", EventKind::Aside, true},
    {kCaller, "anyway where was I", EventKind::Aside, true},
    {kCaller, "long story short the dog ate it", EventKind::Aside, true},
    {kCaller, "my bill went up in April", EventKind::Aside, false},
    {kCaller, "honestly I'm at my wits' end with this", EventKind::Distress, true},
    {kCaller, "I haven't slept since the letter came", EventKind::Distress, true},
    {kCaller, "sorry, I know it's not your fault, I just needed someone to hear it",
     EventKind::Distress, true},
    {kCaller, "I'm not worried about the fee, just the date", EventKind::Distress, false},
    {kCaller, "book me in for Tuesday please", EventKind::Distress, false},
    {kAgent, "calm down sir", EventKind::TriggerPhrase, true},
    {kAgent, "I'm afraid it's company policy", EventKind::TriggerPhrase, true},
    {kAgent, "there's nothing I can do", EventKind::TriggerPhrase, true},
    {kAgent, "as I already said the refund takes five days", EventKind::TriggerPhrase, true},
    {kAgent, "I can't do that", EventKind::TriggerPhrase, true},
    {kAgent, "you need to restart the router", EventKind::TriggerPhrase, true},
    {kAgent, "I can't thank you enough for your patience", EventKind::TriggerPhrase, false},
    {kAgent, "can I take your policy number", EventKind::TriggerPhrase, false},
    {kAgent, "your policy covers accidental damage", EventKind::TriggerPhrase, false},
    {kAgent, "I can see why that's frustrating", EventKind::Validation, true},
    {kAgent, "I completely understand", EventKind::Validation, true},
    {kAgent, "I don't understand why it did that", EventKind::Validation, false},
    {kAgent, "I'm so sorry to hear that", EventKind::Empathy, true},
    {kAgent, "that sounds really stressful", EventKind::Empathy, true},
    {kCaller, "oh sorry to hear that", EventKind::Empathy, false},
    {kAgent, "I'm sorry the engineer didn't turn up on Tuesday", EventKind::SpecificApology, true},
    {kAgent, "I apologise that you were charged twice in March", EventKind::SpecificApology, true},
    {kAgent, "I'm sorry for any inconvenience", EventKind::SpecificApology, false},
    {kAgent, "sorry could you repeat your postcode", EventKind::SpecificApology, false},
    {kAgent, "I'm sorry for any inconvenience", EventKind::FormulaicApology, true},
    {kAgent, "apologies for the inconvenience caused", EventKind::FormulaicApology, true},
    {kAgent, "I'm sorry the engineer didn't turn up on Tuesday", EventKind::FormulaicApology,
     false},
    {kCaller, "oh sorry to hear that", EventKind::FormulaicApology, false},
    {kAgent, "let me take care of this for you", EventKind::Ownership, true},
    {kAgent, "I'll call you back tomorrow at ten", EventKind::Ownership, true},
    {kAgent, "take care goodbye", EventKind::Ownership, false},
    {kAgent, "I guarantee it will be fixed by tomorrow", EventKind::OverPromise, true},
    {kAgent, "it will definitely be there by tomorrow", EventKind::OverPromise, true},
    {kAgent, "I can't guarantee it will be tomorrow", EventKind::OverPromise, false},
    {kAgent, "I'm one hundred percent sure it'll be sorted", EventKind::OverPromise, true},
    {kAgent, "it names your mother for one hundred percent", EventKind::OverPromise, false},
    {kAgent, "may I put you on a brief hold while I check", EventKind::HoldAnnouncement, true},
    {kAgent, "bear with me a moment", EventKind::HoldAnnouncement, true},
    {kAgent, "thanks for holding", EventKind::HoldAnnouncement, false},
    {kAgent, "thank you for holding I'm still checking", EventKind::CheckIn, true},
    {kAgent, "sorry to keep you waiting", EventKind::CheckIn, true},
    {kAgent, "I'm still not sure what happened", EventKind::CheckIn, false},
    {kAgent, "can I take your account number please", EventKind::Troubleshooting, true},
    {kAgent, "have you tried restarting the router", EventKind::Troubleshooting, true},
    {kAgent, "let me look into that for you", EventKind::Troubleshooting, true},
    {kAgent, "thanks so much", EventKind::Troubleshooting, false},
    {kAgent, "you can either have a refund or a replacement", EventKind::OffersOptions, true},
    {kAgent, "would you prefer a morning or an afternoon visit", EventKind::OffersOptions, true},
    {kAgent, "there are two options", EventKind::OffersOptions, true},
    {kAgent, "press option two on the keypad", EventKind::OffersOptions, false},
    {kAgent, "I've processed the refund", EventKind::Resolution, true},
    {kAgent, "that's now been credited to your account", EventKind::Resolution, true},
    {kAgent, "you'll receive a confirmation email shortly", EventKind::Resolution, true},
    {kAgent, "it should have been fixed last week", EventKind::Resolution, false},
    {kAgent, "is there anything else I can help with", EventKind::Closing, true},
    {kAgent, "thanks for calling have a lovely day", EventKind::Closing, true},
    {kAgent, "take care goodbye", EventKind::Closing, true},
    {kAgent, "let me take care of that", EventKind::Closing, false},
    {kAgent, "good morning thank you for calling Harbor Energy", EventKind::Greeting, true},
    {kAgent, "you're through to Priya how can I help", EventKind::Greeting, true},
    {kAgent, "thanks for calling, have a lovely day", EventKind::Greeting, false},
    {kAgent, "I have booked the engineer", EventKind::Greeting, false},
    {kAgent, "I'm happy to help but not if you speak to me like that", EventKind::BoundaryWarning,
     true},
    {kAgent, "if the swearing continues I will have to end this call", EventKind::BoundaryWarning,
     true},
    {kAgent, "please don't use that language", EventKind::BoundaryWarning, true},
    {kAgent, "you'll have to hang up and dial the other number", EventKind::BoundaryWarning, false},
    {kAgent, "I won't have to end the call, it's all sorted", EventKind::BoundaryWarning, false},
    {kCaller, "if the swearing continues I will have to end this call", EventKind::BoundaryWarning,
     false},
};

class EveryCategory : public ::testing::TestWithParam<Case> {};

TEST_P(EveryCategory, FiresOnTheExampleAndStaysQuietOnTheNearMiss) {
  const Case& c = GetParam();
  const auto events = cues(c.speaker, c.text);
  const auto hit = find(events, c.kind);
  EXPECT_EQ(hit.has_value(), c.fires) << (hit ? hit->evidence.text : std::string());
  if (hit) {
    EXPECT_EQ(hit->speaker, c.speaker);
    EXPECT_GT(hit->strength, 0.0F);
    EXPECT_LE(hit->strength, 1.0F);
  }
}

INSTANTIATE_TEST_SUITE_P(WordCues, EveryCategory, ::testing::ValuesIn(kCases));

TEST(WordCues, EveryLexiconCategoryHasAFiringExample) {
  for (int k = 0; k < kEventKindCount; ++k) {
    const auto kind = static_cast<EventKind>(k);
    if (!is_lexicon_kind(kind)) continue;
    const bool covered = std::any_of(std::begin(kCases), std::end(kCases),
                                     [&](const Case& c) { return c.kind == kind && c.fires; });
    EXPECT_TRUE(covered) << to_string(kind);
  }
}

// ---- speakers ----

TEST(WordCues, CategoriesListenOnlyToTheirSpeaker) {
  EXPECT_FALSE(find(cues(kAgent, "I'm furious"), EventKind::Anger));
  EXPECT_FALSE(find(cues(kCaller, "calm down"), EventKind::TriggerPhrase));
  EXPECT_TRUE(find(cues(kCaller, "I'm furious"), EventKind::Anger));
}

// ---- negation ----

TEST(WordCues, NegatorWithinThreeWordsSuppresses) {
  EXPECT_TRUE(find(cues(kCaller, "I am angry"), EventKind::Anger));
  EXPECT_FALSE(find(cues(kCaller, "I am not angry"), EventKind::Anger));
  EXPECT_FALSE(find(cues(kCaller, "I'm not really angry"), EventKind::Anger));
  EXPECT_TRUE(find(cues(kCaller, "I'll cancel"), EventKind::ThreatCancel));
  EXPECT_FALSE(find(cues(kCaller, "I won't cancel"), EventKind::ThreatCancel));
  EXPECT_FALSE(find(cues(kCaller, "I don't want to cancel my account"), EventKind::ThreatCancel));
}

TEST(WordCues, NegationStopsAtAClauseOrSentenceBreak) {
  EXPECT_TRUE(find(cues(kCaller, "Not really. I'm angry", true), EventKind::Anger));
  EXPECT_TRUE(find(cues(kCaller, "No, I'm furious", true), EventKind::Anger));
}

TEST(WordCues, NegationDoesNotReachAPhraseThatStartsItsOwnClause) {
  EXPECT_TRUE(
      find(cues(kCaller, "if this isn't sorted today I'm cancelling"), EventKind::ThreatCancel));
}

TEST(WordCues, NegationInsideThePhraseIsPartOfIt) {
  EXPECT_TRUE(find(cues(kCaller, "that is not good enough"), EventKind::Anger));
  EXPECT_TRUE(find(cues(kAgent, "there's nothing I can do"), EventKind::TriggerPhrase));
  EXPECT_TRUE(find(cues(kCaller, "I don't believe you"), EventKind::Distrust));
}

TEST(WordCues, ProfanityCountsEvenAfterANegator) {
  EXPECT_TRUE(find(cues(kCaller, "not fucking again"), EventKind::Profanity));
}

// ---- strength ----

TEST(WordCues, StrengthIsTheWeightForAPlainMention) {
  EXPECT_FLOAT_EQ(strength(kCaller, "I am angry", EventKind::Anger), 0.7F);
}

TEST(WordCues, IntensifiersRaiseStrength) {
  const float plain = strength(kCaller, "I am angry", EventKind::Anger);
  const float really = strength(kCaller, "I am really angry", EventKind::Anger);
  const float very_very = strength(kCaller, "I am very very angry", EventKind::Anger);
  EXPECT_GT(really, plain);
  EXPECT_GT(very_very, really);
  const auto e = find(cues(kCaller, "I am really angry"), EventKind::Anger);
  ASSERT_TRUE(e);
  EXPECT_NE(e->evidence.text.find("stronger for \"really\""), std::string::npos)
      << e->evidence.text;
}

TEST(WordCues, CapitalsAndExclamationsRaiseStrengthOnlyForTypedText) {
  const float plain = strength(kCaller, "I am annoyed", EventKind::Anger, true);
  const float caps = strength(kCaller, "I am ANNOYED", EventKind::Anger, true);
  const float bang = strength(kCaller, "I am annoyed!!", EventKind::Anger, true);
  const float shouted = strength(kCaller, "I AM SO ANNOYED!!!", EventKind::Anger, true);
  EXPECT_GT(caps, plain);
  EXPECT_GT(bang, plain);
  EXPECT_GT(shouted, caps);
  EXPECT_FLOAT_EQ(strength(kCaller, "I am ANNOYED!!", EventKind::Anger, false), plain);
}

TEST(WordCues, LowRecognitionConfidenceLowersStrength) {
  WordCueDetector detector(default_lexicon());
  Utterance u = utterance(kCaller, "I am angry");
  u.words[2].confidence = 0.5F;
  const auto e = find(cues(detector, u), EventKind::Anger);
  ASSERT_TRUE(e);
  EXPECT_FLOAT_EQ(e->strength, 0.35F);
}

// ---- contractions ----

TEST(WordCues, ContractionsMatchEveryWayOfWritingThem) {
  const float a = strength(kAgent, "I can't help you", EventKind::TriggerPhrase);
  EXPECT_GT(a, 0.0F);
  EXPECT_FLOAT_EQ(strength(kAgent, "I cannot help you", EventKind::TriggerPhrase), a);
  EXPECT_FLOAT_EQ(strength(kAgent, "I can not help you", EventKind::TriggerPhrase), a);
  EXPECT_FLOAT_EQ(strength(kAgent, "I can’t help you", EventKind::TriggerPhrase, true), a);
  EXPECT_TRUE(find(cues(kAgent, "I will call you back"), EventKind::Ownership));
  EXPECT_TRUE(find(cues(kAgent, "I'll call you back"), EventKind::Ownership));
  EXPECT_TRUE(find(cues(kCaller, "Im really confused", true), EventKind::Confusion));
}

// ---- one event per category per utterance ----

TEST(WordCues, RepeatedPhrasesInOneUtteranceAreOneEvent) {
  const auto events =
      cues(kAgent, "calm down calm down it's our policy it's company policy you need to calm down");
  EXPECT_EQ(std::count_if(events.begin(), events.end(),
                          [](const Event& e) { return e.kind == EventKind::TriggerPhrase; }),
            1);
}

TEST(WordCues, ASentenceThatAddsAGrievanceIsAnotherComplaint) {
  const auto added = find(cues(kCaller, "It came on the eleventh. And the box was dented.", true),
                          EventKind::AnotherComplaint);
  ASSERT_TRUE(added);
  EXPECT_FLOAT_EQ(added->strength, 0.5F);
  EXPECT_NE(added->evidence.text.find("\"dented\""), std::string::npos) << added->evidence.text;
  // Also with a negator, after a filler: "Oh, and nobody rang".
  EXPECT_TRUE(find(cues(kCaller, "Oh, and nobody rang me back either.", true),
                   EventKind::AnotherComplaint));
  // Near misses: a connective with nothing amiss, something amiss with no connective.
  EXPECT_FALSE(
      find(cues(kCaller, "And my postcode is S E four.", true), EventKind::AnotherComplaint));
  EXPECT_FALSE(
      find(cues(kCaller, "The box was dented when it came.", true), EventKind::AnotherComplaint));
  // A phrase from the lexicon wins: one event, at the phrase's strength.
  const auto events = cues(kCaller, "And another thing, the app is broken.", true);
  EXPECT_EQ(std::count_if(events.begin(), events.end(),
                          [](const Event& e) { return e.kind == EventKind::AnotherComplaint; }),
            1);
  EXPECT_GT(find(events, EventKind::AnotherComplaint)->strength, 0.5F);
}

TEST(WordCues, TheStrongestMatchOfACategoryIsTheOneReported) {
  const auto e = find(cues(kCaller, "it's a bit annoying and frankly I'm livid"), EventKind::Anger);
  ASSERT_TRUE(e);
  EXPECT_NE(e->evidence.text.find("livid"), std::string::npos);
  EXPECT_FLOAT_EQ(e->strength, 0.9F);
}

// ---- evidence and timing ----

TEST(WordCues, EventQuotesTheWordsAndTimesTheMatch) {
  WordCueDetector detector(default_lexicon());
  const auto events =
      cues(detector, utterance(kCaller, "I'll be talking to my lawyer", false, 5000));
  const auto e = find(events, EventKind::ThreatLegal);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->evidence.text, "caller: \"I'll be talking to my lawyer\" (legal threat: lawyer)");
  EXPECT_EQ(e->t_ms, 5000 + 5 * 300);
  EXPECT_EQ(e->end_ms, 5000 + 5 * 300 + 250);
  ASSERT_EQ(e->evidence.numbers.size(), 3U);
  EXPECT_EQ(e->evidence.numbers[0].name, "weight");
  EXPECT_DOUBLE_EQ(e->evidence.numbers[0].value, 0.85);
  EXPECT_EQ(e->evidence.numbers[1].name, "intensity");
}

TEST(WordCues, LongUtterancesAreQuotedAroundTheMatch) {
  const auto e =
      find(cues(kCaller,
                "so I rang on Monday and they said someone would come out on Wednesday and "
                "nobody came and then on Friday I was told again that it would be sorted and "
                "honestly I'm furious about the whole thing by now"),
           EventKind::Anger);
  ASSERT_TRUE(e);
  EXPECT_NE(e->evidence.text.find(
                "\"...would be sorted and honestly I'm furious about the whole thing by now\""),
            std::string::npos)
      << e->evidence.text;
}

TEST(WordCues, PartialResultsAreIgnored) {
  WordCueDetector detector(default_lexicon());
  Utterance u = utterance(kCaller, "I want to speak to your manager");
  u.final = false;
  EXPECT_TRUE(cues(detector, u).empty());
  u.final = true;
  EXPECT_TRUE(find(cues(detector, u), EventKind::SupervisorRequest));
}

TEST(WordCues, EventsOfOneUtteranceArriveInTimeOrder) {
  const auto events = cues(kCaller, "this is the third time I've called and I'm furious");
  ASSERT_GE(events.size(), 2U);
  EXPECT_TRUE(std::is_sorted(events.begin(), events.end(),
                             [](const Event& a, const Event& b) { return a.t_ms < b.t_ms; }));
}

// ---- repeated complaint ----

TEST(WordCues, RepeatedComplaintFiresOnTheSecondTelling) {
  WordCueDetector detector(default_lexicon());
  EXPECT_FALSE(find(
      cues(detector, utterance(kCaller, "my internet has been down for three days", false, 10000)),
      EventKind::RepeatedComplaint));
  EXPECT_FALSE(find(cues(detector, utterance(kAgent, "let me look at the line", false, 15000)),
                    EventKind::RepeatedComplaint));
  const auto events = cues(
      detector,
      utterance(kCaller, "like I said the internet is down it's been three days", false, 40000));
  const auto e = find(events, EventKind::RepeatedComplaint);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->speaker, kCaller);
  EXPECT_EQ(e->t_ms, 40000);
  EXPECT_NE(e->evidence.text.find("00:10.0"), std::string::npos) << e->evidence.text;
  EXPECT_NE(e->evidence.text.find("\"my internet has been down for three days\""),
            std::string::npos)
      << e->evidence.text;
  EXPECT_GE(e->strength, 0.5F);
}

TEST(WordCues, RepeatedComplaintStaysQuietOnUnrelatedOrShortUtterances) {
  WordCueDetector detector(default_lexicon());
  cues(detector, utterance(kCaller, "my internet has been down for three days"));
  EXPECT_FALSE(find(cues(detector, utterance(kCaller, "can you check my billing address please")),
                    EventKind::RepeatedComplaint));
  EXPECT_FALSE(find(cues(detector, utterance(kCaller, "yes")), EventKind::RepeatedComplaint));
  EXPECT_FALSE(find(cues(detector, utterance(kCaller, "yes")), EventKind::RepeatedComplaint));
  EXPECT_FALSE(find(cues(detector, utterance(kCaller, "my postcode is SW1A 1AA")),
                    EventKind::RepeatedComplaint));
  EXPECT_FALSE(find(cues(detector, utterance(kCaller, "my postcode is SW1A 1AA")),
                    EventKind::RepeatedComplaint));
}

TEST(WordCues, TheAgentRepeatingTheCallerIsNotARepeatedComplaint) {
  WordCueDetector detector(default_lexicon());
  cues(detector, utterance(kCaller, "my internet has been down for three days"));
  EXPECT_FALSE(find(cues(detector, utterance(kAgent, "so your internet has been down three days")),
                    EventKind::RepeatedComplaint));
}

// ---- the caller's name ----

TEST(WordCues, UsesNameAfterTheCallerGivesIt) {
  WordCueDetector detector(default_lexicon());
  EXPECT_FALSE(
      find(cues(detector, utterance(kAgent, "thanks Dana", true, 0)), EventKind::UsesName));
  cues(detector, utterance(kCaller, "Hi, my name is Dana Price.", true, 1000));
  EXPECT_EQ(detector.caller_name(), "Dana Price");
  const auto first =
      find(cues(detector, utterance(kAgent, "Thanks Dana, let me look.", true, 5000)),
           EventKind::UsesName);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->t_ms, 5300);
  EXPECT_EQ(first->speaker, kAgent);
  EXPECT_NE(first->evidence.text.find("Dana"), std::string::npos);
  // At most once per 30 s.
  EXPECT_FALSE(find(cues(detector, utterance(kAgent, "Dana, one more thing", true, 20000)),
                    EventKind::UsesName));
  const auto later = find(cues(detector, utterance(kAgent, "All done, Mrs. Price.", true, 40000)),
                          EventKind::UsesName);
  ASSERT_TRUE(later);
  EXPECT_EQ(later->t_ms, 40600);  // from the title
}

TEST(WordCues, LearnsTheNameFromRecognisedSpeech) {
  WordCueDetector detector(default_lexicon());
  cues(detector, utterance(kCaller, "hello this is dana speaking"));
  EXPECT_EQ(detector.caller_name(), "Dana");
  EXPECT_TRUE(find(cues(detector, utterance(kAgent, "thank you dana")), EventKind::UsesName));
}

TEST(WordCues, OrdinaryWordsAfterThisIsAreNotNames) {
  WordCueDetector detector(default_lexicon());
  cues(detector, utterance(kCaller, "this is ridiculous"));
  cues(detector, utterance(kCaller, "it's about my bill"));
  cues(detector, utterance(kCaller, "hello it's urgent"));
  EXPECT_EQ(detector.caller_name(), "");
}

TEST(WordCues, AnOpenerMayStandBeforeACueButNotBeforeANameIntroduction) {
  WordCueDetector detector(default_lexicon());
  cues(detector, utterance(kCaller, "hi and it's freezing in here"));
  cues(detector, utterance(kCaller, "now this is shocking"));
  EXPECT_EQ(detector.caller_name(), "");
  EXPECT_TRUE(find(cues(kCaller, "fine. then book it for tomorrow morning"), EventKind::Demand));
}

TEST(WordCues, NameFromOutsideWithTitleOrAlone) {
  WordCueDetector detector(default_lexicon());
  detector.set_caller_name("John Smith");
  EXPECT_EQ(detector.caller_name(), "John Smith");
  EXPECT_TRUE(find(cues(detector, utterance(kAgent, "thank you mr smith")), EventKind::UsesName));
}

TEST(WordCues, ANameThatIsAlsoAWordNeedsATitleOrToStandApart) {
  WordCueDetector detector(default_lexicon());
  detector.set_caller_name("Will");
  EXPECT_FALSE(find(cues(detector, utterance(kAgent, "I will check that for you", false, 0)),
                    EventKind::UsesName));
  EXPECT_TRUE(
      find(cues(detector, utterance(kAgent, "Thanks, Will.", true, 1000)), EventKind::UsesName));
}

TEST(WordCues, CallerNamesAreNotLearnedFromTheAgent) {
  WordCueDetector detector(default_lexicon());
  cues(detector, utterance(kAgent, "hello my name is Sam how can I help", true));
  EXPECT_EQ(detector.caller_name(), "");
}

}  // namespace
}  // namespace composure
