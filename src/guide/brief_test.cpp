#include "guide/brief.h"

#include <gtest/gtest.h>

namespace composure {
namespace {

Event ev(EventKind kind, Speaker who, std::int64_t t_ms, const std::string& text,
         const std::string& label = "", float strength = 0.5F) {
  Event e;
  e.kind = kind;
  e.speaker = who;
  e.t_ms = t_ms;
  e.end_ms = t_ms;
  e.evidence.text = text;
  e.label = label;
  e.strength = strength;
  return e;
}

std::vector<Event> a_call() {
  return {
      ev(EventKind::Utterance, Speaker::Caller, 4000,
         "Hi. My desk was meant to come last Tuesday and it has not."),
      ev(EventKind::KnowledgeCard, Speaker::Agent, 9000, "Dana Price, customer since 2016, gold",
         "customer"),
      ev(EventKind::KnowledgeCard, Speaker::Agent, 9000, "Order 418203: Oak writing desk, delayed",
         "order"),
      ev(EventKind::TriggerPhrase, Speaker::Agent, 30000,
         "agent: \"it's our policy\" (trigger phrase: our policy)"),
      ev(EventKind::Frustration, Speaker::Caller, 35000, "caller tense", "tense", 0.3F),
      ev(EventKind::Demand, Speaker::Caller, 40000,
         "caller: \"I want it delivered tomorrow\" (makes a demand)"),
      ev(EventKind::ThreatLegal, Speaker::Caller, 60000, "caller: \"my solicitor\" (legal threat)"),
      ev(EventKind::Frustration, Speaker::Caller, 61000, "caller angry", "angry", 0.8F),
      ev(EventKind::Escalation, Speaker::Agent, 61000, "Legal threat. To: team_leader.",
         "escalate"),
      ev(EventKind::Resolution, Speaker::Agent, 90000,
         "agent: \"I have booked a redelivery\" (resolution)"),
      ev(EventKind::Frustration, Speaker::Caller, 120000, "caller frustrated", "frustrated", 0.5F),
  };
}

TEST(Brief, SaysWhoWhatTrajectoryTriedFactsAndWhatToAvoid) {
  const HandoffBrief b = make_brief(a_call(), 200000);
  EXPECT_EQ(b.caller, "Dana Price, customer since 2016, gold");
  EXPECT_NE(b.wants.find("desk was meant to come"), std::string::npos);
  EXPECT_EQ(b.demands, std::vector<std::string>{"\"I want it delivered tomorrow\" (00:40.0)"});
  EXPECT_EQ(b.trajectory, "calm -> tense 00:35.0 -> angry 01:01.0 -> frustrated 02:00.0");
  EXPECT_NE(b.frustration.find("frustrated now (0.50); peak 0.80 at 01:01.0"), std::string::npos)
      << b.frustration;
  ASSERT_EQ(b.tried.size(), 1U);
  EXPECT_NE(b.tried[0].find("booked a redelivery"), std::string::npos);
  EXPECT_EQ(b.facts.size(), 2U);
  ASSERT_EQ(b.escalations.size(), 1U);
  ASSERT_EQ(b.avoid.size(), 1U);
  EXPECT_NE(b.avoid[0].find("it's our policy"), std::string::npos);
  const std::string text = brief_to_text(b);
  for (const char* part :
       {"Handoff brief at 03:20.0", "Caller ", "Wants ", "Trajectory ", "Tried and offered",
        "Account facts", "Do not", "Timeline", "threat_legal: \"my solicitor\""}) {
    EXPECT_NE(text.find(part), std::string::npos) << part << "\n" << text;
  }
}

TEST(Brief, StopsAtTheMomentAskedFor) {
  const HandoffBrief b = make_brief(a_call(), 45000);
  EXPECT_EQ(b.trajectory, "calm -> tense 00:35.0");
  EXPECT_TRUE(b.tried.empty());
  EXPECT_TRUE(b.escalations.empty());
  EXPECT_EQ(b.demands.size(), 1U);
}

TEST(Brief, AnEmptyCallSaysSo) {
  const HandoffBrief b = make_brief({}, 0);
  EXPECT_EQ(b.caller, "not identified in the call");
  EXPECT_EQ(b.wants, "not stated yet");
  EXPECT_NE(brief_to_text(b).find("(nothing notable)"), std::string::npos);
}

}  // namespace
}  // namespace composure
