#include "cli/eval_text.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace composure {
namespace {

int next_temp_id() {
  static int next = 0;
  return next++;
}

// A scratch file that removes itself, named after the running test (ctest runs tests in
// parallel processes).
class TempFile {
 public:
  explicit TempFile(const std::string& content)
      : path_(std::filesystem::temp_directory_path() /
              ("eval_text_test_" +
               std::string(testing::UnitTest::GetInstance()->current_test_info()->name()) + "_" +
               std::to_string(next_temp_id()) + ".tsv")) {
    std::ofstream(path_, std::ios::binary) << content;
  }
  ~TempFile() { std::filesystem::remove(path_); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  [[nodiscard]] std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

struct CliRun {
  int code = 0;
  std::string out;
  std::string err;
};

CliRun run_eval(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  const int code = eval_text_main(args, out, err);
  return {code, out.str(), err.str()};
}

TEST(ParseLabelledText, ReadsLabelsAndTextsAcceptingCrlfAndBlankLines) {
  auto lines = parse_labelled_text("1\tthis is awful\r\n\n0\thello\tthere\n0\t\n", "f.tsv");
  ASSERT_TRUE(lines.has_value()) << lines.error().message;
  EXPECT_EQ(*lines, (std::vector<LabelledText>{
                        {true, "this is awful"}, {false, "hello\tthere"}, {false, ""}}));
}

TEST(ParseLabelledText, ErrorsNameTheFileAndLine) {
  EXPECT_EQ(parse_labelled_text("1\tok\n2\tbad label\n", "f.tsv").error().message,
            "f.tsv:2: expected LABEL<TAB>TEXT with LABEL 0 or 1");
  EXPECT_EQ(parse_labelled_text("1\tok\n\n1 no tab\n", "f.tsv").error().message,
            "f.tsv:3: expected LABEL<TAB>TEXT with LABEL 0 or 1");
}

TEST(Evaluate, CountsAgainstTheLabels) {
  const std::vector<LabelledText> lines = {{true, "awful!"}, {true, "awful"}, {true, "meh!"},
                                           {false, "fine!"}, {false, "ok"},   {false, "sure"},
                                           {false, "thanks"}};
  const auto c = evaluate(lines, [](std::string_view t) { return t.ends_with('!'); });
  EXPECT_EQ(c, (TextEvalCounts{.tp = 2, .fp = 1, .fn = 1, .tn = 3}));
  EXPECT_EQ(c.n(), 7);
  EXPECT_DOUBLE_EQ(c.precision(), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(c.recall(), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(c.f1(), 2.0 / 3.0);
}

TEST(Evaluate, NoPredictionsGiveZeroesNotNans) {
  const auto c = evaluate({{true, "a"}, {false, "b"}}, [](std::string_view) { return false; });
  EXPECT_EQ(c.precision(), 0.0);
  EXPECT_EQ(c.recall(), 0.0);
  EXPECT_EQ(c.f1(), 0.0);
}

TEST(EvalTextMain, PrintsOneJsonObjectWithTheCounts) {
  const TempFile file(
      "1\tthis is absolutely ridiculous, I've been waiting for weeks\n"
      "1\tI hate this, it's the worst service ever!\n"
      "0\tcould you tell me the opening hours\n"
      "0\tthank you, that's very helpful\n");
  const CliRun r = run_eval({file.path()});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["n"], 4);
  EXPECT_EQ(j["predictor"], "text-scorer");
  EXPECT_EQ(j["tp"].get<int>() + j["fn"].get<int>(), 2);
  EXPECT_EQ(j["fp"].get<int>() + j["tn"].get<int>(), 2);
  EXPECT_EQ(j["tp"], 2);
  EXPECT_EQ(j["tn"], 2);
  EXPECT_DOUBLE_EQ(j["f1"].get<double>(), 1.0);
  EXPECT_EQ(r.out.find('\n'), r.out.size() - 1);  // one line
}

TEST(EvalTextMain, ThresholdOptionDecidesTheCalls) {
  const TempFile file("1\tthis is absolutely ridiculous\n0\tthank you\n");
  const auto everything = nlohmann::json::parse(run_eval({file.path(), "--threshold", "0"}).out);
  EXPECT_EQ(everything["threshold"], 0.0);
  EXPECT_EQ(everything["tp"], 1);
  EXPECT_EQ(everything["fp"], 1);
  const auto nothing = nlohmann::json::parse(run_eval({"--threshold", "1", file.path()}).out);
  EXPECT_EQ(nothing["tp"].get<int>() + nothing["fp"].get<int>(), 0);
}

TEST(EvalTextMain, MalformedFileIsAnErrorNamingTheLine) {
  const TempFile file("1\tfine\nfrustrated\tno\n");
  const CliRun r = run_eval({file.path()});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find(file.path() + ":2: expected LABEL<TAB>TEXT"), std::string::npos) << r.err;
}

TEST(EvalTextMain, MissingFileAndBadUsageAreErrors) {
  EXPECT_EQ(run_eval({"/no/such/file.tsv"}).code, 1);
  EXPECT_NE(run_eval({"/no/such/file.tsv"}).err.find("/no/such/file.tsv: cannot open"),
            std::string::npos);
  EXPECT_EQ(run_eval({}).code, 2);
  EXPECT_EQ(run_eval({"a.tsv", "--threshold"}).code, 2);
  EXPECT_EQ(run_eval({"a.tsv", "--threshold", "high"}).code, 2);
  EXPECT_EQ(run_eval({"a.tsv", "--threshold", "1.5"}).code, 2);
  EXPECT_EQ(run_eval({"a.tsv", "--frobnicate"}).code, 2);
  EXPECT_EQ(run_eval({"a.tsv", "b.tsv"}).code, 2);
}

}  // namespace
}  // namespace composure
