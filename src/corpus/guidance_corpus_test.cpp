// Guidance on the development calls (tests/corpus/dev): the right family of suggestion for each
// caller type and stage, escalations only where a call calls for one, cooldowns and the two-
// suggestion limit respected everywhere. The calls go in as transcripts, with the built-in
// playbook and the sample knowledge store.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "corpus/call_eval.h"
#include "guide/playbook.h"
#include "store/sqlite_knowledge.h"
#include "understand/lexicon.h"
#include "understand/text_scorer.h"

namespace composure {
namespace {

struct JudgedCall {
  Dialogue dialogue;
  CallVerdict verdict;
  std::vector<Event> events;
  bool has_type(const std::string& t) const {
    const auto& ts = verdict.truth_types;
    return std::find(ts.begin(), ts.end(), t) != ts.end();
  }
};

class DevCorpus : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    knowledge_ = SqliteKnowledgeBase::open_sample().value();
    PipelineConfig config;
    config.lexicon = Lexicon::load_default().value();
    config.text_scorer = TextScorer::load_default().value();
    config.playbook = Playbook::load_default().value();
    config.knowledge = knowledge_.get();
    playbook_ = config.playbook;
    calls_ = new std::vector<JudgedCall>();
    const std::filesystem::path dir =
        std::filesystem::path(COMPOSURE_SOURCE_DIR) / "tests/corpus/dev";
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      if (e.path().extension() == ".dialogue") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      JudgedCall c{load_dialogue(f).value(), {}, {}};
      c.verdict = judge_call(c.dialogue, config, &c.events).value();
      calls_->push_back(std::move(c));
    }
  }
  static void TearDownTestSuite() {
    delete calls_;
    calls_ = nullptr;
    knowledge_.reset();
  }

  static std::vector<JudgedCall>* calls_;
  static std::unique_ptr<SqliteKnowledgeBase> knowledge_;
  static std::shared_ptr<const Playbook> playbook_;
};

std::vector<JudgedCall>* DevCorpus::calls_ = nullptr;
std::unique_ptr<SqliteKnowledgeBase> DevCorpus::knowledge_;
std::shared_ptr<const Playbook> DevCorpus::playbook_;

std::set<std::string> techniques_of(const JudgedCall& c) {
  std::set<std::string> out;
  for (const Event& e : c.events) {
    if (e.kind == EventKind::Suggestion) {
      out.insert(e.label);
      out.insert("entry:" + e.source);  // the playbook entry, where the technique is shared
    }
  }
  return out;
}

TEST_F(DevCorpus, EveryCallIsJudged) {
  EXPECT_GE(calls_->size(), 50U);
}

TEST_F(DevCorpus, EachCallerTypeGetsItsOwnTactic) {
  // The tactic family each predicted caller type must be offered at some point in its call.
  const std::map<std::string, std::set<std::string>> tactics = {
      // Once the fix is under way, a talker is wrapped up warmly rather than steered back.
      {"talkative", {"steer_back", "entry:talkative_wrap_up"}},
      {"demanding", {"take_ownership", "set_realistic_expectations", "fastest_path"}},
      {"indecisive", {"two_clear_options"}},
      {"complainer", {"take_ownership", "specific_apology"}},
      {"silent", {"ask_clarifying_questions"}},
      {"skeptical", {"answer_with_specifics"}},
      {"venter", {"listen_without_interrupting"}},
      {"impatient", {"fastest_path"}},
      {"aggrieved",
       {"use_name_and_history", "correct_without_blame", "show_empathy", "specific_apology"}},
      {"misinformed", {"correct_without_blame"}},
      {"threat-maker", {"firm_but_constructive"}},
      {"aggressive", {"set_boundaries", "dont_take_it_personally"}},
  };
  int checked = 0;
  for (const auto& c : *calls_) {
    const auto it = tactics.find(c.verdict.predicted_type);
    if (it == tactics.end()) continue;
    // A type first named in the caller's last two utterances has nothing left to steer.
    int caller_lines_after = -1;
    for (const Event& e : c.events) {
      if (e.kind == EventKind::CallerType && e.label == c.verdict.predicted_type &&
          caller_lines_after < 0) {
        caller_lines_after = 0;
      }
      if (caller_lines_after >= 0 && e.kind == EventKind::Utterance &&
          e.speaker == Speaker::Caller) {
        ++caller_lines_after;
      }
    }
    if (caller_lines_after < 2) continue;
    const auto got = techniques_of(c);
    const bool offered = std::any_of(it->second.begin(), it->second.end(),
                                     [&](const std::string& t) { return got.count(t) > 0; });
    EXPECT_TRUE(offered) << c.dialogue.name << " (" << c.verdict.predicted_type << ")";
    ++checked;
  }
  EXPECT_GE(checked, 40);
}

TEST_F(DevCorpus, NoSolutionIsOfferedWhileAVenterIsVenting) {
  const std::set<std::string> solutions = {"offer_choices", "two_clear_options", "fastest_path",
                                           "close_positively"};
  int vents = 0;
  for (const auto& c : *calls_) {
    std::string stage = "opening";
    bool listened = false;
    for (const Event& e : c.events) {
      if (e.kind == EventKind::Stage) stage = e.label;
      if (e.kind != EventKind::Suggestion || stage != "venting") continue;
      EXPECT_EQ(solutions.count(e.label), 0U)
          << c.dialogue.name << ": '" << e.label << "' while the caller vents";
      if (e.label == "listen_without_interrupting" || e.label == "validate_feeling")
        listened = true;
    }
    if (c.verdict.predicted_type == "venter") {
      EXPECT_TRUE(listened) << c.dialogue.name;
      ++vents;
    }
  }
  EXPECT_GE(vents, 2);
}

TEST_F(DevCorpus, EscalationsFireOnlyOnThreatsAbuseSpecialistMattersOrRepeatedSupervisorRequests) {
  int fired = 0;
  for (const auto& c : *calls_) {
    for (const Event& e : c.events) {
      if (e.kind != EventKind::Escalation) continue;
      ++fired;
      // A caller who keeps asking for a supervisor gets one, whatever their type.
      const auto supervisor_requests =
          std::count_if(c.events.begin(), c.events.end(), [](const Event& x) {
            return x.kind == EventKind::SupervisorRequest && x.speaker == Speaker::Caller;
          });
      const bool scenario =
          c.has_type("threat-maker") || c.has_type("aggressive") || e.label == "specialist" ||
          std::find(e.because.begin(), e.because.end(), "threat_regulator") != e.because.end() ||
          (e.source == "repeated_supervisor_request" && supervisor_requests >= 2);
      EXPECT_TRUE(scenario) << c.dialogue.name << ": " << e.source << " (" << e.label << ")";
    }
    if (c.has_type("none")) {
      EXPECT_EQ(std::count_if(c.events.begin(), c.events.end(),
                              [](const Event& e) {
                                return e.kind == EventKind::Escalation ||
                                       e.kind == EventKind::Nudge;
                              }),
                0)
          << c.dialogue.name;
    }
  }
  EXPECT_GE(fired, 8);
}

TEST_F(DevCorpus, EveryThreatMakerAndAbusiveCallerIsEscalatedOrBounded) {
  for (const auto& c : *calls_) {
    if (c.verdict.predicted_type != "threat-maker" && c.verdict.predicted_type != "aggressive") {
      continue;
    }
    const bool any = std::any_of(c.events.begin(), c.events.end(),
                                 [](const Event& e) { return e.kind == EventKind::Escalation; });
    EXPECT_TRUE(any) << c.dialogue.name;
  }
}

TEST_F(DevCorpus, CooldownsHoldAndNoMoreThanTwoSuggestionsComeAtOnce) {
  std::map<std::string, int> cooldown_s;
  for (const auto& e : playbook_->entries()) cooldown_s[e.id] = e.cooldown_s;
  for (const auto& c : *calls_) {
    std::map<std::string, std::int64_t> last;
    std::map<std::int64_t, int> at_once;
    for (const Event& e : c.events) {
      if (e.kind != EventKind::Suggestion && e.kind != EventKind::Nudge) continue;
      const auto prev = last.find(e.source);
      if (prev != last.end()) {
        EXPECT_GE(e.t_ms - prev->second, std::int64_t{cooldown_s[e.source]} * 1000)
            << c.dialogue.name << ": " << e.source;
      }
      last[e.source] = e.t_ms;
      if (e.kind == EventKind::Suggestion) {
        EXPECT_LE(++at_once[e.t_ms], 2) << c.dialogue.name;
      }
    }
  }
}

TEST_F(DevCorpus, EverySuggestionSaysWhyAndWhichTechnique) {
  for (const auto& c : *calls_) {
    for (const Event& e : c.events) {
      if (e.kind != EventKind::Suggestion) continue;
      EXPECT_FALSE(e.label.empty());
      EXPECT_FALSE(e.evidence.text.empty());
      EXPECT_EQ(e.evidence.text.find('{'), std::string::npos) << e.evidence.text;
      EXPECT_FALSE(e.source.empty());
    }
  }
}

}  // namespace
}  // namespace composure
