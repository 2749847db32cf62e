#include "guide/playbook.h"

#include <gtest/gtest.h>

namespace composure {
namespace {

constexpr const char* kGood = R"(suggestions:
  - id: venter_let_them_finish
    technique: listen_without_interrupting
    priority: 90
    cooldown_s: 120
    when:
      caller_type: [venter]
      stage: [venting]
      band_at_least: tense
      cues: [anger, sarcasm]
      within_s: 20
      agent_has_not: [validation]
      needs: [customer_name]
    done_by: [validation, empathy]
    say:
      - "Let {first_name} finish."
      - "No fixes yet, {customer_name}: just listen."
nudges:
  - id: stop_policy_talk
    technique: validate_feeling
    when:
      cues: [trigger_phrase]
    say: "Drop 'policy'. Say what you can do."
escalations:
  - id: legal
    decision: escalate
    to: team_leader
    reason: "Legal threat."
    when:
      cues: [threat_legal]
  - id: abuse_after_warning
    decision: disconnect
    reason: "Abuse went on after a warning."
    when:
      cues: [personal_attack, profanity]
      count_at_least: 2
      after: [boundary_warning]
)";

Result<Playbook> parse_one(const std::string& text, const std::string& name = "playbook/t.yaml") {
  return Playbook::parse({{name, text}});
}

TEST(Playbook, ReadsEntriesWithEveryCondition) {
  const auto p = parse_one(kGood);
  ASSERT_TRUE(p) << p.error().message;
  ASSERT_EQ(p->entries().size(), 2U);
  const PlaybookEntry& e = p->entries()[0];
  EXPECT_EQ(e.id, "venter_let_them_finish");
  EXPECT_FALSE(e.nudge);
  EXPECT_EQ(e.priority, 90);
  EXPECT_EQ(e.cooldown_s, 120);
  EXPECT_EQ(e.when.caller_types, std::vector<CallerType>{CallerType::Venter});
  EXPECT_EQ(e.when.stages, std::vector<CallStage>{CallStage::Venting});
  EXPECT_EQ(e.when.band_at_least, FrustrationBand::Tense);
  EXPECT_EQ(e.when.cues, (std::vector<EventKind>{EventKind::Anger, EventKind::Sarcasm}));
  EXPECT_EQ(e.when.within_s, 20);
  EXPECT_EQ(e.when.needs, std::vector<std::string>{"customer_name"});
  EXPECT_EQ(e.done_by, (std::vector<EventKind>{EventKind::Validation, EventKind::Empathy}));
  EXPECT_EQ(e.say.size(), 2U);
  EXPECT_EQ(e.origin, "playbook/t.yaml:2");
  const PlaybookEntry& n = p->entries()[1];
  EXPECT_TRUE(n.nudge);
  EXPECT_EQ(n.when.cue_speaker, Speaker::Agent);
  EXPECT_EQ(n.say, std::vector<std::string>{"Drop 'policy'. Say what you can do."});
  ASSERT_EQ(p->escalations().size(), 2U);
  EXPECT_EQ(p->escalations()[1].decision, EscalationDecision::Disconnect);
  EXPECT_EQ(p->escalations()[1].count_at_least, 2);
  EXPECT_EQ(p->escalations()[1].after, std::vector<EventKind>{EventKind::BoundaryWarning});
}

struct BadCase {
  const char* yaml;
  const char* message;
};

class PlaybookErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(PlaybookErrors, NameTheFileLineAndProblem) {
  const auto p = parse_one(GetParam().yaml);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().message, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Playbook, PlaybookErrors,
    ::testing::Values(
        BadCase{"suggestions:\n  - id: a\n    technique: stay_calm\n    when:\n      caller_type: "
                "[ventor]\n    say: x\n",
                "playbook/t.yaml:5: unknown caller type 'ventor' (expected none, talkative, "
                "demanding, indecisive, complainer, silent, skeptical, venter, impatient, "
                "aggrieved, misinformed, threat-maker, aggressive)"},
        BadCase{"suggestions:\n  - id: a\n    technique: be_nice\n    say: x\n",
                "playbook/t.yaml:3: unknown technique 'be_nice' (see data/playbook/README.md)"},
        BadCase{"suggestions:\n  - id: a\n    technique: stay_calm\n    colour: red\n    say: x\n",
                "playbook/t.yaml:4: unknown field 'colour'"},
        BadCase{"suggestions:\n  - id: a\n    technique: stay_calm\n    when:\n      cues: "
                "[angry]\n    say: x\n",
                "playbook/t.yaml:5: unknown event type 'angry' in 'cues'"},
        BadCase{"suggestions:\n  - id: a\n    technique: stay_calm\n    say: \"Hi {nickname}\"\n",
                "playbook/t.yaml:2: 'a' uses an unknown placeholder {nickname}"},
        BadCase{
            "suggestions:\n  - id: a\n    technique: stay_calm\n    priority: 500\n    say: x\n",
            "playbook/t.yaml:4: 'priority' must be a whole number from 1 to 100"},
        BadCase{"suggestions:\n  - id: a\n    technique: stay_calm\n    say: [x\n",
                "playbook/t.yaml:5: end of sequence flow not found"},
        BadCase{"escalations:\n  - id: bye\n    decision: disconnect\n    reason: r\n    when:\n  "
                "    cues: [profanity]\n",
                "playbook/t.yaml:2: 'bye': disconnect is only recommended after a warning (add "
                "after: [boundary_warning])"},
        BadCase{"tips:\n  - id: a\n",
                "playbook/t.yaml:1: unknown section 'tips' (expected "
                "suggestions, nudges, escalations)"}));

TEST(Playbook, DuplicateIdsAcrossFilesAreRefused) {
  const std::string one = "suggestions:\n  - id: a\n    technique: stay_calm\n    say: x\n";
  const auto p = Playbook::parse({{"playbook/one.yaml", one}, {"playbook/two.yaml", one}});
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().message, "playbook/two.yaml:2: duplicate id 'a'");
}

TEST(Playbook, FindsPlaceholders) {
  EXPECT_EQ(placeholders_in("Hi {first_name}, order {order_id}."),
            (std::vector<std::string>{"first_name", "order_id"}));
  EXPECT_TRUE(placeholders_in("no placeholders").empty());
}

TEST(PlaybookDefault, LoadsWithEnoughForEveryCallerTypeAndTheGuardRails) {
  const auto p = Playbook::load_default();
  ASSERT_TRUE(p) << p.error().message;
  for (int t = 1; t < kCallerTypeCount; ++t) {
    const auto type = static_cast<CallerType>(t);
    const auto n =
        std::count_if((*p)->entries().begin(), (*p)->entries().end(), [&](const auto& e) {
          const auto& ts = e.when.caller_types;
          return std::find(ts.begin(), ts.end(), type) != ts.end();
        });
    EXPECT_GE(n, 2) << to_string(type);
  }
  const auto nudges = std::count_if((*p)->entries().begin(), (*p)->entries().end(),
                                    [](const auto& e) { return e.nudge; });
  EXPECT_GE(nudges, 5);
  EXPECT_GE((*p)->escalations().size(), 5U);
}

}  // namespace
}  // namespace composure
