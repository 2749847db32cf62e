#include "corpus/call_eval.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "understand/lexicon.h"
#include "understand/text_scorer.h"

namespace composure {
namespace {

PipelineConfig words_config() {
  PipelineConfig c;
  c.lexicon = Lexicon::load_default().value();
  c.text_scorer = TextScorer::load_default().value();
  return c;
}

constexpr std::string_view kCalm = R"(# types: none
agent: Good morning, thank you for calling Harbor Energy, this is Priya. How can I help?
caller: Hello. I would like to send you a meter reading, please.
agent: Of course. Could I take your account number?
caller: It is four four two, one nine eight.
agent: Thank you. And the reading?
caller: It is one two three four five.
agent: Lovely, that is on your account now. Is there anything else I can help with?
caller: No, that is all. Thank you very much.
agent: You are welcome. Have a lovely day.
)";

constexpr std::string_view kThreats = R"(# types: threat-maker
agent: Thanks for calling Brightline, this is Sam. How can I help?
caller: My internet has been down for a week and nobody has fixed it.
agent: I am sorry to hear that. Can I take your account number?
caller [raised esc]: I have given it three times already, to three different people, and every time I am told it is being looked at. This is ridiculous, I am fed up with this.
agent: I understand. Let me look at the fault.
caller [raised]: I work from home and I have lost a week of work because of this. If this is not fixed today I am cancelling my contract and switching provider.
agent: I can see an engineer visit was missed.
caller [high]: Missed? Unbelievable. Nobody even rang to tell me they were not coming. I am going to report you to the regulator, and I will post about this everywhere.
agent: I can book a new visit for tomorrow.
caller [high peak]: Tomorrow is not good enough! I will be speaking to my lawyer about this, and you can tell your manager.
agent: I will escalate this now.
)";

class CorpusDir : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() /
        ("composure_corpus_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::string& name, std::string_view text) { std::ofstream(dir_ / name) << text; }
  std::filesystem::path dir_;
};

TEST_F(CorpusDir, CalmCallIsNoTypeAndStaysCalm) {
  const auto d = parse_dialogue(kCalm, "calm.dialogue");
  ASSERT_TRUE(d);
  const auto v = judge_call(*d, words_config());
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->predicted_type, "none");
  EXPECT_EQ(v->peak_band, "calm");
  EXPECT_TRUE(v->warnings_ms.empty());
  EXPECT_EQ(v->band_hits, v->caller_lines);
}

TEST_F(CorpusDir, ThreateningCallerIsAThreatMakerWarnedBeforeThePeak) {
  const auto d = parse_dialogue(kThreats, "threats.dialogue");
  ASSERT_TRUE(d);
  const auto v = judge_call(*d, words_config());
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->predicted_type, "threat-maker");
  ASSERT_FALSE(v->warnings_ms.empty());
  EXPECT_EQ(v->correct_warnings, static_cast<int>(v->warnings_ms.size()));
  EXPECT_GT(v->lead_ms, 0);
  EXPECT_NE(v->peak_band, "calm");
}

TEST_F(CorpusDir, ScoresAFolderAndPrintsTheJsonLineLast) {
  write("a_calm.dialogue", kCalm);
  write("b_threats.dialogue", kThreats);
  write("notes.txt", "not a call");
  const auto s = evaluate_corpus(dir_, words_config());
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_EQ(s->calls.size(), 2U);
  EXPECT_EQ(s->calls[0].name, "a_calm");
  EXPECT_EQ(s->calm_calls, 1);
  EXPECT_EQ(s->calm_calls_above_calm, 0);
  EXPECT_EQ(s->escalating_calls, 1);
  EXPECT_DOUBLE_EQ(s->warning_precision, 1.0);
  // Threat-maker right and no other type annotated or predicted: macro-F1 is 1.
  EXPECT_NEAR(s->type_macro_f1, 1.0, 1e-9);
  std::ostringstream out;
  print_corpus_score(*s, true, out);
  const std::string text = out.str();
  const auto last = text.rfind('{');
  ASSERT_NE(last, std::string::npos);
  EXPECT_EQ(text.find('\n', last), text.size() - 1);
  EXPECT_NE(text.find("\"type_macro_f1\"", last), std::string::npos);
  EXPECT_NE(text.find("\"warning_lead_s\"", last), std::string::npos);
}

TEST_F(CorpusDir, ABadCallNamesItsFileAndLine) {
  write("bad.dialogue", "agent: Hello.\ncaller [furious]: No.\n");
  const auto s = evaluate_corpus(dir_, words_config());
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("bad.dialogue:2: unknown tag 'furious'"), std::string::npos);
}

TEST_F(CorpusDir, WithVoiceACallThatWasNotRenderedIsAnErrorNamingIt) {
  write("calm.dialogue", kCalm);
  const auto audio = dir_ / "audio";
  std::filesystem::create_directories(audio);
  const auto score = evaluate_corpus(dir_, words_config(), audio);
  ASSERT_FALSE(score);
  EXPECT_NE(score.error().message.find("calm.dialogue: not rendered"), std::string::npos)
      << score.error().message;
}

TEST_F(CorpusDir, SetChangesASettingForTheRunAndRefusesUnknownNames) {
  write("b_threats.dialogue", kThreats);
  const std::string dir = dir_.string();
  std::ostringstream plain;
  std::ostringstream err;
  ASSERT_EQ(eval_calls_main({dir}, plain, err), 0) << err.str();
  EXPECT_NE(plain.str().find("\"warning_precision\":1"), std::string::npos) << plain.str();
  // A warning that needs more than the whole level scale never fires.
  std::ostringstream strict;
  ASSERT_EQ(eval_calls_main({dir, "--set", "warn_min_level=2", "--set", "warn_cue_min_level=2"},
                            strict, err),
            0)
      << err.str();
  EXPECT_NE(strict.str().find("\"warning_precision\":0"), std::string::npos) << strict.str();
  std::ostringstream bad_out;
  std::ostringstream bad_err;
  EXPECT_EQ(eval_calls_main({dir, "--set", "warn_rize=0.3"}, bad_out, bad_err), 2);
  EXPECT_NE(bad_err.str().find("warn_rise"), std::string::npos) << bad_err.str();
  EXPECT_EQ(eval_calls_main({dir, "--set", "warn_rise=abc"}, bad_out, bad_err), 2);
  EXPECT_EQ(eval_calls_main({dir, "--set", "warn_rise=nan"}, bad_out, bad_err), 2);
  EXPECT_EQ(eval_calls_main({dir, "--set", "venting_words=1e12"}, bad_out, bad_err), 2);
  EXPECT_EQ(eval_calls_main({dir, "--set"}, bad_out, bad_err), 2);
}

TEST(CorpusEval, FloorsFailTheCommand) {
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(eval_calls_main({"/nonexistent/corpus"}, out, err), 1);
  EXPECT_NE(err.str().find("not a folder"), std::string::npos);
  EXPECT_EQ(eval_calls_main({"--min-type-f1"}, out, err), 2);
  EXPECT_EQ(eval_calls_main({"--bogus"}, out, err), 2);
}

}  // namespace
}  // namespace composure
