// Drives the real `composure` binary: exit codes, messages for bad files, the JSON contract.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace composure {
namespace {

namespace fs = std::filesystem;

struct CmdResult {
  int code = -1;
  std::string out;  // stdout and stderr together
};

CmdResult run(const std::string& args) {
  CmdResult r;
  const std::string cmd = std::string(COMPOSURE_BIN) + " " + args + " 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) return r;
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), static_cast<int>(buf.size()), pipe) != nullptr) r.out += buf.data();
  const int status = pclose(pipe);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

fs::path temp_file(const std::string& name, const std::vector<unsigned char>& bytes) {
  const fs::path dir =
      fs::temp_directory_path() / ("composure_cli_test_" + std::to_string(getpid()));
  fs::create_directories(dir);
  const fs::path p = dir / name;
  std::ofstream(p, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
  return p;
}

void put16(std::vector<unsigned char>& b, unsigned v) {
  b.push_back(static_cast<unsigned char>(v & 0xff));
  b.push_back(static_cast<unsigned char>((v >> 8) & 0xff));
}
void put32(std::vector<unsigned char>& b, unsigned v) {
  put16(b, v & 0xffff);
  put16(b, v >> 16);
}

// A WAV header with the given format tag, then `data_bytes` declared and `actual` present.
std::vector<unsigned char> wav(unsigned format, unsigned channels, unsigned rate, unsigned bits,
                               unsigned data_bytes, unsigned actual) {
  std::vector<unsigned char> b = {'R', 'I', 'F', 'F'};
  put32(b, 36 + data_bytes);
  for (char c : std::string("WAVEfmt ")) b.push_back(static_cast<unsigned char>(c));
  put32(b, 16);
  put16(b, format);
  put16(b, channels);
  put32(b, rate);
  put32(b, rate * channels * bits / 8);
  put16(b, channels * bits / 8);
  put16(b, bits);
  for (char c : std::string("data")) b.push_back(static_cast<unsigned char>(c));
  put32(b, data_bytes);
  for (unsigned i = 0; i < actual; ++i) b.push_back(static_cast<unsigned char>((i * 37) & 0xff));
  return b;
}

TEST(Cli, NoArgumentsPrintsUsageAndFails) {
  const CmdResult r = run("");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("usage: composure"), std::string::npos);
}

TEST(Cli, UnknownOptionIsAUsageError) {
  const CmdResult r = run("analyze x.wav --bogus");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("unknown option '--bogus'"), std::string::npos);
}

TEST(Cli, MissingFileNamesTheFile) {
  const CmdResult r = run("analyze /nonexistent/call.wav");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("/nonexistent/call.wav"), std::string::npos) << r.out;
}

TEST(Cli, Mp3InWavIsRejectedNamingFormatAndOffset) {
  const auto p = temp_file("mp3.wav", wav(0x55, 1, 8000, 16, 320, 320));
  const CmdResult r = run("analyze " + p.string());
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find(p.string()), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("0x0055"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("byte 20"), std::string::npos) << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << "one clear line: " << r.out;
}

TEST(Cli, TruncatedDataIsRejectedNamingTheChunk) {
  const auto p = temp_file("truncated.wav", wav(1, 2, 8000, 16, 96000, 1000));
  const CmdResult r = run("analyze " + p.string());
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("truncated"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("data"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("byte"), std::string::npos) << r.out;
}

TEST(Cli, TextFileIsNotAWav) {
  const auto p =
      temp_file("notes.wav", {'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd', '!'});
  const CmdResult r = run("analyze " + p.string());
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("RIFF"), std::string::npos) << r.out;
}

TEST(Cli, JsonHasCallEventsAndSummaryWithTheRequiredEventFields) {
  const char* dir = std::getenv("COMPOSURE_SAMPLES");
  ASSERT_NE(dir, nullptr);
  const CmdResult r = run("analyze --no-asr --json " +
                          (fs::path(dir) / "interrupting_agent_with_hold.wav").string());
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_TRUE(j.contains("call"));
  ASSERT_TRUE(j.contains("summary"));
  ASSERT_TRUE(j["events"].is_array());
  ASSERT_FALSE(j["events"].empty());
  for (const auto& e : j["events"]) {
    for (const char* key : {"t_ms", "end_ms", "speaker", "type", "strength", "evidence"}) {
      EXPECT_TRUE(e.contains(key)) << key << " missing in " << e.dump();
    }
    EXPECT_LE(e["t_ms"].get<long>(), e["end_ms"].get<long>());
    EXPECT_FALSE(e["evidence"]["text"].get<std::string>().empty());
  }
  EXPECT_EQ(j["call"]["channels"], "stereo");
  EXPECT_EQ(j["summary"]["holds"]["count"], 2);
  EXPECT_GE(j["summary"]["cues"]["talk_over"].get<int>(), 1);
}

TEST(Cli, TimelineShowsCuesWithEvidenceAndASummary) {
  const char* dir = std::getenv("COMPOSURE_SAMPLES");
  ASSERT_NE(dir, nullptr);
  const CmdResult r =
      run("analyze --no-asr " + (fs::path(dir) / "escalating_late_delivery.wav").string());
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("raised voice"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("over their baseline"), std::string::npos);
  EXPECT_NE(r.out.find("Summary"), std::string::npos);
}

TEST(Cli, MonoFileIsOneSpeakerWithANotice) {
  // One channel of a sample, written as mono PCM16 by the test.
  const char* dir = std::getenv("COMPOSURE_SAMPLES");
  ASSERT_NE(dir, nullptr);
  const fs::path mono =
      fs::temp_directory_path() / ("composure_mono_" + std::to_string(getpid()) + ".wav");
  const std::string cmd = "sox " + (fs::path(dir) / "escalating_late_delivery.wav").string() +
                          " -e signed-integer -b 16 " + mono.string() + " remix 2";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  const CmdResult r = run("analyze --no-asr " + mono.string());
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("two-party cues need"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("mono: caller"), std::string::npos) << r.out;
  const CmdResult j = run("analyze --no-asr --json --mono-speaker agent " + mono.string());
  ASSERT_EQ(j.code, 0);
  const auto parsed = nlohmann::json::parse(j.out.substr(j.out.find('{')));
  EXPECT_EQ(parsed["call"]["channels"], "mono");
  fs::remove(mono);
}

}  // namespace
}  // namespace composure

namespace composure {
namespace {

TEST(CliSlow, TranscribeJsonReadsBackAsATranscript) {
  const char* dir = std::getenv("COMPOSURE_SAMPLES");
  ASSERT_NE(dir, nullptr);
  const CmdResult r =
      run("transcribe --json " + (fs::path(dir) / "agent_loses_composure.wav").string());
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out.substr(r.out.find('{')));
  ASSERT_FALSE(j["segments"].empty());
  bool agent = false;
  bool caller = false;
  for (const auto& s : j["segments"]) {
    agent |= s["speaker"] == "agent";
    caller |= s["speaker"] == "caller";
    EXPECT_LE(s["start"].get<double>(), s["end"].get<double>());
    EXPECT_FALSE(s["words"].empty());
  }
  EXPECT_TRUE(agent && caller);
  // What transcribe writes, analyze --transcript reads.
  const fs::path saved = temp_file("recognised.json", {});
  std::ofstream(saved) << j.dump();
  const CmdResult again = run("analyze --json --transcript " + saved.string());
  ASSERT_EQ(again.code, 0) << again.out;
  const auto analysed = nlohmann::json::parse(again.out);
  EXPECT_EQ(analysed["summary"]["utterances"].get<std::size_t>(), j["segments"].size());
}

TEST(Cli, BrokenTranscriptIsRejectedWithFileAndLine) {
  const auto p = temp_file("broken.txt", {'[', '0', '0', ':', '0', '1', ']', ' ', 'B', 'O', 'T',
                                          ':', ' ', 'h', 'i', '\n'});
  const CmdResult r = run("analyze --transcript " + p.string());
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find(p.string() + ":1: unknown speaker"), std::string::npos) << r.out;
}

TEST(Cli, EvalTextPrintsPrecisionRecallAndF1) {
  const std::string lines =
      "1\tThis is absolutely ridiculous, I want my money back now!\n"
      "0\tCould you tell me your opening hours please?\n"
      "1\tI am furious, nobody has called me back in three weeks.\n"
      "0\tThanks, that's all I needed.\n";
  const auto p = temp_file("labels.tsv", std::vector<unsigned char>(lines.begin(), lines.end()));
  for (const std::string extra : {"", " --baseline lexicon"}) {
    const CmdResult r = run("eval-text " + p.string() + extra);
    ASSERT_EQ(r.code, 0) << r.out;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["n"], 4);
    for (const char* key : {"precision", "recall", "f1"}) {
      EXPECT_GE(j[key].get<double>(), 0.0);
      EXPECT_LE(j[key].get<double>(), 1.0);
    }
  }
}

}  // namespace
}  // namespace composure

namespace composure {
namespace {

// A late-delivery call as a text transcript: the order number brings up the sample store's order.
fs::path desk_call() {
  const std::string text =
      "[00:00] AGENT: Thank you for calling Northwind Home, this is Sam. How can I help?\n"
      "[00:05] CALLER: Hi. My desk was meant to come last Tuesday and it still has not arrived.\n"
      "[00:12] AGENT: I'm sorry about that. Can I take the order number?\n"
      "[00:16] CALLER: It is four one eight two zero three. This is the third time I am calling.\n"
      "[00:24] AGENT: It's our policy to wait for the carrier.\n"
      "[00:28] CALLER: That is ridiculous. I am fed up. I will take you to court over this.\n"
      "[00:36] AGENT: I can see why you are angry. Let me sort this out for you now.\n"
      "[00:42] CALLER: Fine. Just get it done.\n";
  return temp_file("desk_call.txt", std::vector<unsigned char>(text.begin(), text.end()));
}

TEST(Cli, AnalyzeJsonCarriesGuidanceWithTechniqueTextAndBecause) {
  const CmdResult r = run("analyze --json --transcript " + desk_call().string());
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  std::map<std::string, int> types;
  for (const auto& e : j["events"]) {
    ++types[e["type"].get<std::string>()];
    if (e["type"] == "suggestion") {
      EXPECT_FALSE(e["technique"].get<std::string>().empty());
      EXPECT_FALSE(e["text"].get<std::string>().empty());
      EXPECT_TRUE(e.contains("because"));
    }
  }
  EXPECT_GT(types["suggestion"], 0);
  EXPECT_GT(types["knowledge_card"], 0) << "order 418203 is in the sample store";
  EXPECT_GT(types["nudge"], 0) << "\"it's our policy\" is a trigger phrase";
  EXPECT_GT(types["escalation"], 0) << "a legal threat";
  EXPECT_TRUE(j["summary"]["assessment"].contains("caller_type"));
  EXPECT_TRUE(j["summary"]["assessment"].contains("peak_frustration"));
}

TEST(Cli, BriefSaysWhoWhatAndWhatNotToSayAndStopsAtTheMomentAsked) {
  const CmdResult r = run("brief --transcript " + desk_call().string());
  ASSERT_EQ(r.code, 0) << r.out;
  for (const char* part : {"Handoff brief at", "Dana Price", "desk was meant to come",
                           "Order 418203", "our policy", "escalate"}) {
    EXPECT_NE(r.out.find(part), std::string::npos) << part << "\n" << r.out;
  }
  const CmdResult early = run("brief --json --at 0:20 --transcript " + desk_call().string());
  ASSERT_EQ(early.code, 0) << early.out;
  const auto j = nlohmann::json::parse(early.out);
  EXPECT_EQ(j["at_ms"], 20000);
  EXPECT_TRUE(j["escalations"].empty());
  EXPECT_EQ(run("brief --at soon --transcript x.txt").code, 2);
}

TEST(Cli, MissingKnowledgeStoreFileIsAnError) {
  const CmdResult r = run("analyze --crm /nonexistent/crm.db --transcript " + desk_call().string());
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("/nonexistent/crm.db: no such database file"), std::string::npos) << r.out;
}

fs::path sample(const std::string& name) {
  const char* dir = std::getenv("COMPOSURE_SAMPLES");
  return fs::path(dir != nullptr ? dir : "samples") / name;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST(Cli, ReportWritesOneSelfContainedHtmlPageWithItsChart) {
  const fs::path out = temp_file("report.html", {});
  fs::remove(out);
  const CmdResult r = run("report " + sample("escalating_late_delivery.wav").string() +
                          " --transcript " + desk_call().string() + " --html " + out.string());
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("wrote " + out.string()), std::string::npos) << r.out;
  const std::string page = slurp(out);
  EXPECT_TRUE(page.starts_with("<!DOCTYPE html>"));
  EXPECT_NE(page.find("<path class=\"frustration\" d=\"M"), std::string::npos);
  EXPECT_NE(page.find("<path class=\"voice caller\""), std::string::npos);
  EXPECT_NE(page.find("<g class=\"marker cue "), std::string::npos);
  EXPECT_NE(page.find("<g class=\"marker suggestion\">"), std::string::npos);
  EXPECT_NE(page.find("<mark "), std::string::npos);
  EXPECT_NE(page.find("Call report: escalating_late_delivery.wav"), std::string::npos);
  EXPECT_EQ(page.find("<script"), std::string::npos);
}

TEST(Cli, ReportTakesATranscriptAsItsFile) {
  const fs::path out = temp_file("words_report.html", {});
  const CmdResult r = run("report " + desk_call().string() + " --html " + out.string());
  ASSERT_EQ(r.code, 0) << r.out;
  const std::string page = slurp(out);
  EXPECT_NE(page.find("no audio: the words alone were analysed"), std::string::npos);
  EXPECT_NE(page.find("fed up"), std::string::npos);
  EXPECT_NE(page.find("<g class=\"marker escalation\">"), std::string::npos) << "a legal threat";
}

TEST(Cli, ReportOnAMissingFileFailsNamingItAndWritesNothing) {
  const fs::path out = temp_file("never.html", {});
  fs::remove(out);
  const CmdResult r = run("report /nonexistent/call.wav --no-asr --html " + out.string());
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("/nonexistent/call.wav"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(out));
  const CmdResult words = run("report /nonexistent/words.json --html " + out.string());
  EXPECT_EQ(words.code, 1);
  EXPECT_NE(words.out.find("/nonexistent/words.json"), std::string::npos) << words.out;
}

TEST(Cli, ReportUsageErrors) {
  const std::string call = desk_call().string();
  const CmdResult no_html = run("report " + call);
  EXPECT_EQ(no_html.code, 2);
  EXPECT_NE(no_html.out.find("report needs --html OUT.html"), std::string::npos) << no_html.out;
  EXPECT_EQ(run("report " + call + " --html").code, 2);
  EXPECT_EQ(run("report " + call + " --json --html x.html").code, 2);
  EXPECT_EQ(run("analyze --html x.html " + call).code, 2) << "--html is the report's alone";
}

TEST(Cli, ReportIntoAFolderThatDoesNotExistFails) {
  const CmdResult r = run("report " + desk_call().string() + " --html /nonexistent/dir/r.html");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("/nonexistent/dir/r.html: cannot write"), std::string::npos) << r.out;
}

TEST(Cli, ReportPdfWithoutChromiumSaysWhatIsMissing) {
  setenv("COMPOSURE_CHROMIUM", "/nonexistent/chromium", 1);
  const fs::path out = temp_file("nopdf.html", {});
  fs::remove(out);
  const CmdResult r = run("report " + desk_call().string() + " --html " + out.string() + " --pdf " +
                          temp_file("nopdf.pdf", {}).string());
  unsetenv("COMPOSURE_CHROMIUM");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("/nonexistent/chromium not found"), std::string::npos) << r.out;
}

TEST(Cli, ReportPrintsToPdfThroughChromium) {
  if (!fs::exists("/usr/bin/chromium")) GTEST_SKIP() << "no /usr/bin/chromium";
  const fs::path html = temp_file("printed.html", {});
  const fs::path pdf = temp_file("printed.pdf", {});
  fs::remove(pdf);
  const CmdResult r =
      run("report " + desk_call().string() + " --html " + html.string() + " --pdf " + pdf.string());
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("wrote " + pdf.string()), std::string::npos) << r.out;
  EXPECT_TRUE(slurp(pdf).starts_with("%PDF-"));
}

}  // namespace
}  // namespace composure
