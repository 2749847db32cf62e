#include "guide/guide.h"

#include <gtest/gtest.h>

#include <random>
#include <sstream>

namespace composure {
namespace {

constexpr const char* kPlaybook = R"(suggestions:
  - id: venter_let_them_finish
    technique: listen_without_interrupting
    priority: 95
    cooldown_s: 60
    when:
      caller_type: [venter]
      stage: [venting]
    say: ["Let them finish before you fix anything."]
  - id: offer_two_options
    technique: offer_choices
    priority: 70
    when:
      stage: [resolution, discovery]
      needs: [options]
    say: ["Offer the choice: {options}."]
  - id: impatient_fastest_path
    technique: fastest_path
    priority: 90
    when:
      caller_type: [impatient]
      needs: [eta]
    say: ["Skip the script: it arrives {eta}. Say that first.", "Lead with the date: {eta}."]
  - id: validate_first
    technique: validate_feeling
    priority: 85
    cooldown_s: 60
    when:
      band_at_least: tense
      agent_has_not: [validation, empathy]
    done_by: [validation, empathy]
    say: ["Name what went wrong before you fix it."]
  - id: use_name
    technique: use_name_and_history
    priority: 40
    when:
      needs: [first_name]
      agent_has_not: [uses_name]
    done_by: [uses_name]
    say: ["Use their name: {first_name}."]
nudges:
  - id: no_policy_talk
    technique: validate_feeling
    cooldown_s: 30
    when:
      cues: [trigger_phrase]
    say: ["Drop the policy line; say what you can do."]
escalations:
  - id: legal
    decision: escalate
    to: team_leader
    reason: "Legal threat: a team leader should own the reply."
    when:
      cues: [threat_legal]
  - id: abuse_boundary
    decision: boundary
    reason: "Abuse: set a boundary calmly."
    when:
      cues: [personal_attack, profanity]
  - id: abuse_disconnect
    decision: disconnect
    reason: "Abuse went on after the warning."
    when:
      cues: [personal_attack, profanity]
      count_at_least: 2
      after: [boundary_warning]
  - id: beyond_authority
    decision: escalate
    to: team_leader
    reason: "The caller asks for more than you may give."
    when:
      beyond_authority: true
)";

// The knowledge store as plain tables: a fixture for the interface, filled per test.
struct Tables final : KnowledgeBase {
  std::vector<Customer> customers;
  std::vector<Order> orders;
  std::vector<PolicyLimit> limits;
  std::optional<Customer> customer(std::string_view id) const override {
    for (const auto& c : customers) {
      if (c.id == id) return c;
    }
    return std::nullopt;
  }
  std::optional<Customer> customer_by_name(std::string_view name) const override {
    for (const auto& c : customers) {
      if (c.name == name) return c;
    }
    return std::nullopt;
  }
  std::optional<Customer> customer_by_account(std::string_view digits) const override {
    for (const auto& c : customers) {
      if (c.account_number == digits) return c;
    }
    return std::nullopt;
  }
  std::optional<Order> order(std::string_view id) const override {
    for (const auto& o : orders) {
      if (o.id == id) return o;
    }
    return std::nullopt;
  }
  std::vector<Order> orders_of(std::string_view) const override { return orders; }
  std::vector<PastContact> contacts_of(std::string_view) const override {
    return {{"2026-11-20", "phone", "asked where the desk was", "promised a call back"}};
  }
  std::vector<Complaint> complaints_of(std::string_view) const override { return {}; }
  std::optional<Policy> policy(std::string_view id) const override {
    return Policy{std::string(id), "Late deliveries", ""};
  }
  std::vector<PolicyLimit> limits_for(std::string_view situation) const override {
    std::vector<PolicyLimit> out;
    for (const auto& l : limits) {
      if (l.situation == situation || l.situation == "any") out.push_back(l);
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.max_amount > b.max_amount; });
    return out;
  }
};

Tables desk_shop() {
  Tables t;
  t.customers.push_back({"C1", "Dana Price", "", "", "AB1 2CD", 2016, "gold", "72491308"});
  t.orders.push_back({"418203", "C1", "Oak writing desk", 240, "GBP", "2026-11-10", "delayed",
                      "Northline", "2026-12-02", "Held at the depot"});
  t.limits.push_back({"refund", "late_delivery", 150, "team_leader", "a full refund today"});
  t.limits.push_back({"replacement", "late_delivery", 0, "", "a replacement by express delivery"});
  t.limits.push_back({"credit", "any", 25, "team_leader", "a 25 pound credit on your account"});
  return t;
}

struct Collect final : EventSink {
  void on_event(const Event& e) override { events.push_back(e); }
  std::vector<Event> of(EventKind k) const {
    std::vector<Event> out;
    for (const auto& e : events) {
      if (e.kind == k) out.push_back(e);
    }
    return out;
  }
  std::vector<Event> events;
};

class GuideTest : public ::testing::Test {
 protected:
  GuideTest()
      : playbook_(std::make_shared<const Playbook>(*Playbook::parse({{"t.yaml", kPlaybook}}))) {}

  void make(const KnowledgeBase* kb = nullptr) { guide_.emplace(playbook_, kb); }

  void judge(EventKind kind, const std::string& label, double t_s) {
    Event e;
    e.kind = kind;
    e.label = label;
    e.speaker = Speaker::Caller;
    e.t_ms = static_cast<std::int64_t>(t_s * 1000);
    e.end_ms = e.t_ms;
    e.strength = 0.5F;
    guide_->observe(e, out_);
  }
  void cue(Speaker who, EventKind kind, double t_s, const std::string& quote = "words",
           float strength = 0.7F) {
    Event e;
    e.kind = kind;
    e.speaker = who;
    e.t_ms = static_cast<std::int64_t>(t_s * 1000);
    e.end_ms = e.t_ms;
    e.strength = strength;
    e.evidence.text =
        std::string(who == Speaker::Agent ? "agent" : "caller") + ": \"" + quote + "\"";
    guide_->observe(e, out_);
  }
  void say(Speaker who, double start_s, double end_s, const std::string& text) {
    Utterance u;
    u.speaker = who;
    u.t_ms = static_cast<std::int64_t>(start_s * 1000);
    u.end_ms = static_cast<std::int64_t>(end_s * 1000);
    std::istringstream in(text);
    std::string w;
    while (in >> w) u.words.push_back({u.t_ms, u.end_ms, w, 1});
    Event e;
    e.kind = EventKind::Utterance;
    e.speaker = who;
    e.t_ms = u.t_ms;
    e.end_ms = u.end_ms;
    e.evidence.text = text;
    guide_->observe(e, out_);
    guide_->utterance_done(u, out_);
  }
  std::vector<std::string> techniques() const {
    std::vector<std::string> out;
    for (const auto& e : out_.of(EventKind::Suggestion)) out.push_back(e.label);
    return out;
  }

  std::shared_ptr<const Playbook> playbook_;
  std::optional<Guide> guide_;
  Collect out_;
};

TEST_F(GuideTest, AVenterMidVentIsToldToLetThemFinishNotOfferedASolution) {
  Tables kb = desk_shop();
  make(&kb);
  say(Speaker::Caller, 0, 6, "my order number is four one eight two zero three");
  judge(EventKind::CallerType, "venter", 20);
  judge(EventKind::Stage, "venting", 20);
  say(Speaker::Caller, 10, 30, "and nobody has called me back it is a disgrace");
  const auto t = techniques();
  EXPECT_EQ(std::count(t.begin(), t.end(), "offer_choices"), 0);
  const auto all = out_.of(EventKind::Suggestion);
  const auto it = std::find_if(all.begin(), all.end(), [](const Event& e) {
    return e.label == "listen_without_interrupting";
  });
  ASSERT_NE(it, all.end());
  const Event& s = *it;
  EXPECT_EQ(s.evidence.numbers[1].value, 1);  // ranked first
  EXPECT_NE(std::find(s.because.begin(), s.because.end(), "caller_type:venter"), s.because.end());
  EXPECT_EQ(s.source, "venter_let_them_finish");
}

TEST_F(GuideTest, AnImpatientCallerGetsTheFastestPathWithTheDate) {
  Tables kb = desk_shop();
  make(&kb);
  judge(EventKind::CallerType, "impatient", 5);
  say(Speaker::Caller, 6, 10, "order 418203 how long is this going to take");
  const auto s = out_.of(EventKind::Suggestion);
  const auto fast =
      std::find_if(s.begin(), s.end(), [](const Event& e) { return e.label == "fastest_path"; });
  ASSERT_NE(fast, s.end());
  EXPECT_NE(fast->evidence.text.find("2026-12-02"), std::string::npos) << fast->evidence.text;
}

TEST_F(GuideTest, ASuggestionIsNotRepeatedWithinItsCooldown) {
  make();
  judge(EventKind::Frustration, "tense", 1);
  say(Speaker::Caller, 1, 3, "this is the third time");
  say(Speaker::Caller, 4, 6, "still nothing");
  say(Speaker::Caller, 30, 32, "nothing at all");
  const auto first = techniques();
  EXPECT_EQ(std::count(first.begin(), first.end(), "validate_feeling"), 1);
  say(Speaker::Caller, 70, 72, "I am still waiting");  // 60 s cooldown over, still not validated
  const auto t = techniques();
  EXPECT_EQ(std::count(t.begin(), t.end(), "validate_feeling"), 2);
}

TEST_F(GuideTest, NothingIsSuggestedThatTheAgentHasJustDone) {
  make();
  judge(EventKind::Frustration, "tense", 1);
  cue(Speaker::Agent, EventKind::Validation, 2, "I can see why that is maddening");
  say(Speaker::Caller, 3, 5, "it is");
  const auto t = techniques();
  EXPECT_EQ(std::count(t.begin(), t.end(), "validate_feeling"), 0);
}

TEST_F(GuideTest, ASuggestionTheAgentCarriesOutLeavesTheScreenWithSuggestionDone) {
  make();
  judge(EventKind::Frustration, "tense", 1);
  say(Speaker::Caller, 1, 3, "this is the third time");
  ASSERT_EQ(out_.of(EventKind::Suggestion).front().label, "validate_feeling");
  EXPECT_TRUE(out_.of(EventKind::SuggestionDone).empty());
  cue(Speaker::Agent, EventKind::Validation, 4, "I can see why that is maddening");
  const auto done = out_.of(EventKind::SuggestionDone);
  ASSERT_EQ(done.size(), 1U);
  EXPECT_EQ(done[0].label, "validate_feeling");
  EXPECT_EQ(done[0].source, out_.of(EventKind::Suggestion).front().source);
  EXPECT_EQ(done[0].evidence.text, "done: the agent's validation");
}

TEST_F(GuideTest, ASuggestionLeavesTheScreenWhenItExpires) {
  make();
  judge(EventKind::Frustration, "tense", 1);
  say(Speaker::Caller, 1, 3, "this is the third time");
  say(Speaker::Caller, 20, 22, "hello");  // 19 s on: still shown
  EXPECT_TRUE(out_.of(EventKind::SuggestionDone).empty());
  say(Speaker::Caller, 50, 52, "hello");  // past the 45 s it is shown for
  const auto done = out_.of(EventKind::SuggestionDone);
  ASSERT_FALSE(done.empty());
  EXPECT_EQ(done[0].evidence.text, "expired: shown for 45 s");
}

TEST_F(GuideTest, AtMostTwoSuggestionsAreActiveAndTheMostImportantLeads) {
  Tables kb = desk_shop();
  make(&kb);
  judge(EventKind::Frustration, "tense", 1);
  judge(EventKind::Stage, "resolution", 1);
  say(Speaker::Caller, 1, 4, "my account number is 72491308 and order 418203");
  // validate_feeling (85), offer_choices (70) and use_name (40) all hold: two are shown.
  const auto s = out_.of(EventKind::Suggestion);
  ASSERT_EQ(s.size(), 2U);
  EXPECT_EQ(s[0].label, "validate_feeling");
  EXPECT_EQ(s[1].label, "offer_choices");
}

TEST_F(GuideTest, ATriggerPhraseGetsANudgeOnceWithinItsCooldown) {
  make();
  cue(Speaker::Agent, EventKind::TriggerPhrase, 5, "it's our policy");
  cue(Speaker::Agent, EventKind::TriggerPhrase, 15, "it's our policy");
  cue(Speaker::Agent, EventKind::TriggerPhrase, 40, "that's our policy");
  const auto n = out_.of(EventKind::Nudge);
  ASSERT_EQ(n.size(), 2U);
  EXPECT_EQ(n[0].evidence.text, "Drop the policy line; say what you can do.");
  EXPECT_EQ(n[0].because, std::vector<std::string>{"trigger_phrase"});
}

TEST_F(GuideTest, AnOrderNumberBringsUpTheOrderTheCustomerAndWhatThePolicyAllows) {
  Tables kb = desk_shop();
  make(&kb);
  say(Speaker::Caller, 0, 6, "it is order four one eight two zero three");
  std::vector<std::string> kinds;
  for (const auto& c : out_.of(EventKind::KnowledgeCard)) kinds.push_back(c.label);
  EXPECT_EQ(kinds, (std::vector<std::string>{"order", "customer", "history", "policy"}));
  EXPECT_EQ(guide_->known().at("customer_name"), "Dana Price");
  // £240 is over the £150 refund limit: only the replacement and the credit are offered.
  EXPECT_EQ(guide_->known().at("options"),
            "a replacement by express delivery, or a 25 pound credit on your account");
  EXPECT_EQ(guide_->known().at("agent_limit"), "£150");
}

TEST_F(GuideTest, NamingAProductOfAKnownCustomerBringsUpThatOrder) {
  Tables kb = desk_shop();
  make(&kb);
  say(Speaker::Caller, 0, 4, "my account number is 72491308");
  EXPECT_EQ(guide_->known().count("order_id"), 0U);
  say(Speaker::Caller, 5, 9, "it's about the desk, it never came");
  EXPECT_EQ(guide_->known().at("order_id"), "418203");
}

TEST_F(GuideTest, CardsAreShownOnceEach) {
  Tables kb = desk_shop();
  make(&kb);
  say(Speaker::Caller, 0, 6, "order 418203");
  say(Speaker::Caller, 8, 12, "yes 418203 that one");
  EXPECT_EQ(out_.of(EventKind::KnowledgeCard).size(), 4U);
}

TEST_F(GuideTest, ALegalThreatEscalatesOnceWithItsReason) {
  make();
  cue(Speaker::Caller, EventKind::ThreatLegal, 10, "my solicitor");
  say(Speaker::Caller, 10, 12, "my solicitor will hear about this");
  cue(Speaker::Caller, EventKind::ThreatLegal, 20, "see you in court");
  say(Speaker::Caller, 20, 22, "see you in court");
  const auto e = out_.of(EventKind::Escalation);
  ASSERT_EQ(e.size(), 1U);
  EXPECT_EQ(e[0].label, "escalate");
  EXPECT_EQ(e[0].source, "legal");
  EXPECT_NE(e[0].evidence.text.find("team_leader"), std::string::npos);
}

TEST_F(GuideTest, AHintOfALegalThreatDoesNotEscalateButAClearOneDoes) {
  make();
  // "Has my solicitor got the offer yet?" in a house purchase: the lexicon's hint, not a threat.
  cue(Speaker::Caller, EventKind::ThreatLegal, 10, "my solicitor", 0.45F);
  say(Speaker::Caller, 10, 12, "has my solicitor got the offer yet");
  EXPECT_TRUE(out_.of(EventKind::Escalation).empty());
  cue(Speaker::Caller, EventKind::ThreatLegal, 20, "see you in court", 0.95F);
  say(Speaker::Caller, 20, 22, "then I will see you in court");
  EXPECT_EQ(out_.of(EventKind::Escalation).size(), 1U);
}

TEST_F(GuideTest, AbuseGetsABoundaryFirstAndDisconnectOnlyAfterAWarning) {
  make();
  // Word cues are judged when their utterance is done.
  const auto abuse = [&](EventKind kind, double t, const std::string& words) {
    cue(Speaker::Caller, kind, t, words);
    say(Speaker::Caller, t, t + 1, words);
  };
  abuse(EventKind::PersonalAttack, 10, "you idiot");
  abuse(EventKind::Profanity, 20, "damn");
  abuse(EventKind::PersonalAttack, 30, "useless");
  auto e = out_.of(EventKind::Escalation);
  ASSERT_EQ(e.size(), 1U);
  EXPECT_EQ(e[0].label, "boundary");
  cue(Speaker::Agent, EventKind::BoundaryWarning, 40, "if that goes on I will end the call");
  say(Speaker::Agent, 40, 42, "if that goes on I will end the call");
  abuse(EventKind::Profanity, 50, "damn");
  EXPECT_EQ(out_.of(EventKind::Escalation).size(), 1U);  // one abuse after the warning: not yet
  abuse(EventKind::PersonalAttack, 60, "moron");
  e = out_.of(EventKind::Escalation);
  ASSERT_EQ(e.size(), 2U);
  EXPECT_EQ(e[1].label, "disconnect");
}

TEST_F(GuideTest, AskingForMoreThanTheAgentMayGiveEscalates) {
  Tables kb = desk_shop();
  make(&kb);
  say(Speaker::Caller, 0, 4, "order 418203");
  EXPECT_TRUE(out_.of(EventKind::Escalation).empty());
  say(Speaker::Caller, 6, 10, "I want a refund of four hundred pounds for all this");
  const auto e = out_.of(EventKind::Escalation);
  ASSERT_EQ(e.size(), 1U);
  EXPECT_EQ(e[0].source, "beyond_authority");
  EXPECT_NE(e[0].evidence.text.find("£150"), std::string::npos) << e[0].evidence.text;
}

// Property: whatever the policy and the order, {options} offers nothing beyond the agent's
// authority.
TEST(GuideProperty, OptionsNeverExceedThePolicyLimits) {
  const auto playbook = std::make_shared<const Playbook>(*Playbook::parse({{"t.yaml", kPlaybook}}));
  std::mt19937 rng(20261127);
  std::uniform_real_distribution<double> amount(5, 900);
  std::uniform_int_distribution<int> count(0, 5);
  const std::array<std::string, 4> statuses = {"delayed", "lost", "damaged", "delivered"};
  const std::array<std::string, 4> situations = {"late_delivery", "lost", "damaged", "any"};
  for (int trial = 0; trial < 500; ++trial) {
    Tables kb;
    kb.customers.push_back({"C1", "Sam Lee", "", "", "", 2020, "", "11112222"});
    const double total = std::round(amount(rng));
    kb.orders.push_back({"123456", "C1", "Thing", total, "GBP", "2026-01-01",
                         statuses[static_cast<std::size_t>(trial % 4)], "", "", ""});
    const int n = count(rng);
    for (int i = 0; i < n; ++i) {
      const double max = rng() % 3 == 0 ? 0.0 : std::round(amount(rng));
      const std::array<std::string, 4> remedies = {"refund", "replacement", "credit", "fee_waiver"};
      kb.limits.push_back({remedies[rng() % 4], situations[rng() % 4], max, "team_leader",
                           "offer " + std::to_string(i)});
    }
    Guide guide(playbook, &kb);
    Collect out;
    Utterance u;
    u.speaker = Speaker::Caller;
    u.words = {{0, 1000, "order", 1}, {0, 1000, "123456", 1}};
    u.end_ms = 1000;
    guide.utterance_done(u, out);
    const auto it = guide.known().find("options");
    if (it == guide.known().end()) continue;
    for (const auto& l : kb.limits) {
      const bool offered = it->second.find(l.wording) != std::string::npos;
      const bool worth_the_order = l.remedy == "refund" || l.remedy == "replacement";
      const bool allowed = !worth_the_order || l.max_amount <= 0 || total <= l.max_amount;
      if (offered) {
        EXPECT_TRUE(allowed) << "trial " << trial << ": offered '" << l.wording << "' (limit "
                             << l.max_amount << ") on an order of " << total;
      }
    }
  }
}

}  // namespace
}  // namespace composure
