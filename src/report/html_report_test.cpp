// The post-call report drawn from each sample call, from stored events alone, and from hostile
// transcripts; and its PDF through headless Chromium where that is installed.
#include "report/html_report.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "audio/call_audio.h"
#include "engine/offline.h"
#include "report/chromium.h"
#include "speech/transcript.h"
#include "store/sqlite_knowledge.h"

namespace composure {
namespace {

namespace fs = std::filesystem;

fs::path samples_dir() {
  const char* dir = std::getenv("COMPOSURE_SAMPLES");
  return dir != nullptr ? fs::path(dir) : fs::path("samples");
}

// The sample calls, and the corpus calls rendered to audio beside them ("corpus/NAME").
std::vector<std::string> sample_names() {
  std::vector<std::string> names;
  for (const std::string sub : {"", "corpus"}) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(samples_dir() / sub, ec)) {
      const std::string file = entry.path().filename().string();
      const std::string suffix = ".truth.json";
      if (file.size() > suffix.size() && file.ends_with(suffix)) {
        const std::string name = file.substr(0, file.size() - suffix.size());
        names.push_back(sub.empty() ? name : std::string(sub).append("/").append(name));
      }
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

// The sample's script as a transcript with the rendered line times.
std::vector<Utterance> script_of(const std::string& name) {
  std::ifstream in(samples_dir() / (name + ".truth.json"));
  const auto truth = nlohmann::json::parse(in);
  nlohmann::json segments = nlohmann::json::array();
  for (const auto& line : truth["lines"]) {
    segments.push_back({{"speaker", line["speaker"]},
                        {"start_ms", line["start_ms"]},
                        {"end_ms", line["end_ms"]},
                        {"text", line["text"]}});
  }
  auto words = parse_json_transcript(nlohmann::json{{"segments", segments}}.dump(), name);
  EXPECT_TRUE(words) << words.error().message;
  return words ? *words : std::vector<Utterance>{};
}

struct Analysis {
  std::vector<Event> events;
  CallSummary summary;
};

// The whole pipeline as `composure analyze` runs it: lexicons, scorer, playbook, sample store.
Analysis analyse(const CallAudio* audio, const std::vector<Utterance>* words) {
  static const auto knowledge = SqliteKnowledgeBase::open_sample();
  PipelineConfig config;
  config.lexicon = Lexicon::load_default().value();
  config.text_scorer = TextScorer::load_default().value();
  config.playbook = Playbook::load_default().value();
  config.knowledge = knowledge.value().get();
  VectorSink sink;
  CallInputs in;
  in.audio = audio;
  in.transcript = words;
  auto summary = analyze_call(in, config, sink);
  EXPECT_TRUE(summary) << summary.error().message;
  return {sink.events, summary ? *summary : CallSummary{}};
}

int occurrences(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

// What the chart marks in the speakers' rows: cues, the agent's validation judgements, and text
// scores over the scorer's threshold.
int chart_cues(const std::vector<Event>& events) {
  int n = 0;
  for (const Event& e : events) {
    if (e.kind == EventKind::TextFrustration) {
      for (const auto& m : e.evidence.numbers) {
        if (m.name == "threshold" && e.strength >= m.value) ++n;
      }
      continue;
    }
    const bool judged = e.kind >= EventKind::Frustration && e.kind <= EventKind::Stage;
    const bool guidance = e.kind >= EventKind::Suggestion;
    if (is_cue(e.kind) && !judged && !guidance) ++n;
  }
  return n;
}

int count(const std::vector<Event>& events, EventKind k) {
  return static_cast<int>(
      std::count_if(events.begin(), events.end(), [k](const Event& e) { return e.kind == k; }));
}

std::string label_of(EventKind k) {
  std::string s(to_string(k));
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

// The page fetches nothing and runs nothing.
// An attribute that loads or links something: src=", href=" or xlink:href=" after white space
// (escaped text has no '"' to open a value with).
bool has_loading_attribute(const std::string& lower) {
  for (const std::string name : {"src", "href", "xlink:href"}) {
    for (std::size_t at = lower.find(name); at != std::string::npos;
         at = lower.find(name, at + 1)) {
      if (at == 0 || std::isspace(static_cast<unsigned char>(lower[at - 1])) == 0) continue;
      std::size_t k = at + name.size();
      while (k < lower.size() && std::isspace(static_cast<unsigned char>(lower[k])) != 0) ++k;
      if (k >= lower.size() || lower[k] != '=') continue;
      ++k;
      while (k < lower.size() && std::isspace(static_cast<unsigned char>(lower[k])) != 0) ++k;
      if (k < lower.size() && lower[k] == '"') return true;
    }
  }
  return false;
}

void expect_self_contained(const std::string& page) {
  std::string lower = page;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* outside :
       {"<script", "url(", "@import", "<link", "http:", "https:", "<iframe", "<object"}) {
    EXPECT_EQ(lower.find(outside), std::string::npos) << "the page has " << outside;
  }
  // No attribute that loads or links anything (escaped text has no '"' to open a value with).
  EXPECT_FALSE(has_loading_attribute(lower));
  EXPECT_TRUE(page.starts_with("<!DOCTYPE html>"));
  EXPECT_EQ(occurrences(page, "<svg"), 1);
  EXPECT_EQ(occurrences(page, "</svg>"), 1);
}

// The d="..." of the first <path class="CLS" ...> in the page; empty if there is none.
std::string path_d(const std::string& page, const std::string& cls) {
  const std::size_t open = page.find("<path class=\"" + cls + "\"");
  if (open == std::string::npos) return {};
  const std::size_t close = page.find('>', open);
  const std::size_t d = page.find(" d=\"", open);
  if (d == std::string::npos || d > close) return {};
  const std::size_t from = d + 4;
  return page.substr(from, page.find('"', from) - from);
}

// The number of L and H commands in the frustration path: points after the first.
int frustration_points(const std::string& page) {
  const std::string d = path_d(page, "frustration");
  if (d.empty()) return -1;
  return occurrences(d, "L") + occurrences(d, "H");
}

TEST(HtmlReport, TheSelfContainedCheckCatchesALoadingAttribute) {
  EXPECT_TRUE(has_loading_attribute("<img src=\"x.png\">"));
  EXPECT_TRUE(has_loading_attribute("<use xlink:href = \"#a\">"));
  EXPECT_FALSE(has_loading_attribute("<p>src=&quot;x&quot; and the href</p>"));
}

TEST(HtmlReport, EverySampleCallRendersItsChartMarkersGuidanceAndMarkedTranscript) {
  const auto names = sample_names();
  ASSERT_GE(names.size(), 7U) << "no rendered samples in " << samples_dir();
  std::size_t rendered = 0;
  for (const auto& name : names) {
    SCOPED_TRACE(name);
    auto audio = load_call_audio(samples_dir() / (name + ".wav"));
    ASSERT_TRUE(audio) << audio.error().message;
    const auto words = script_of(name);
    const auto [events, summary] = analyse(&*audio, &words);
    const std::string page =
        render_html_report({name + ".wav", audio->format, 0}, events, summary, &words);
    ++rendered;
    expect_self_contained(page);
    // The frustration line has a point for every second of the call.
    EXPECT_GE(frustration_points(page), static_cast<int>(summary.duration_ms / 1000) - 1);
    // Both speakers' loudness and pitch, each with a baseline (once it holds 3 s of their voice).
    for (const char* cls : {"voice agent", "voice caller", "baseline agent", "baseline caller"}) {
      EXPECT_GE(occurrences(path_d(page, cls), "L"), 5) << cls;
    }
    // A marker for each cue, suggestion, nudge, escalation and warning, each with its evidence.
    EXPECT_GT(chart_cues(events), 0);
    EXPECT_EQ(occurrences(page, "<g class=\"marker cue "), chart_cues(events));
    EXPECT_EQ(occurrences(page, "<g class=\"marker suggestion\">"),
              count(events, EventKind::Suggestion));
    EXPECT_EQ(occurrences(page, "<g class=\"marker nudge\">"), count(events, EventKind::Nudge));
    EXPECT_EQ(occurrences(page, "<g class=\"marker escalation\">"),
              count(events, EventKind::Escalation));
    EXPECT_EQ(occurrences(page, "<g class=\"marker warning\">"),
              count(events, EventKind::EscalationWarning));
    // Every line of the script, and every word cue marked on the words that were its evidence.
    EXPECT_EQ(occurrences(page, "<div class=\"line "), static_cast<int>(words.size()));
    int word_cues = 0;
    for (const Event& e : events) {
      if (!is_word_cue(e.kind) || !is_cue(e.kind)) continue;
      ++word_cues;
      EXPECT_NE(page.find(html_escape(label_of(e.kind) + ": " + e.evidence.text)),
                std::string::npos)
          << "no mark for " << e.evidence.text;
    }
    EXPECT_GE(occurrences(page, "<mark "), word_cues > 0 ? 1 : 0);
    // Caller type and stage changes are listed.
    EXPECT_EQ(occurrences(page, "<tr class=\"move caller_type\">"),
              count(events, EventKind::CallerType));
    EXPECT_EQ(occurrences(page, "<tr class=\"move stage\">"), count(events, EventKind::Stage));
    EXPECT_NE(page.find(std::string(to_string(summary.assessment.caller_type))), std::string::npos);
  }
  EXPECT_EQ(rendered, names.size());
}

TEST(HtmlReport, EscalatingCallShowsItsSuggestionsWithTechniqueAndBecause) {
  const auto words = script_of("escalating_late_delivery");
  const auto [events, summary] = analyse(nullptr, &words);
  const std::string page = render_html_report({"late delivery", "", 0}, events, summary, &words);
  ASSERT_GT(count(events, EventKind::Suggestion), 0);
  for (const Event& e : events) {
    if (e.kind != EventKind::Suggestion) continue;
    const std::string row = "<td>" + html_escape(e.label) + "</td><td>" +
                            html_escape(e.evidence.text) + "</td><td class=\"because\">";
    EXPECT_NE(page.find(row), std::string::npos) << e.evidence.text;
  }
  EXPECT_NE(page.find("no audio: the words alone were analysed"), std::string::npos);
  EXPECT_GT(summary.assessment.peak_frustration, 0.25F);
}

TEST(HtmlReport, StoredEventsAloneGiveAReportWithLevelReadingsMarkersAndTranscript) {
  const auto words = script_of("escalating_late_delivery");
  auto audio = load_call_audio(samples_dir() / "escalating_late_delivery.wav");
  ASSERT_TRUE(audio);
  auto [events, summary] = analyse(&*audio, &words);
  // The store returns events in emission order, not by time.
  std::reverse(events.begin(), events.end());
  const std::string page = render_call_report("call-42", events);
  expect_self_contained(page);
  EXPECT_NE(page.find("<title>Call report: call-42</title>"), std::string::npos);
  EXPECT_NE(page.find("from the stored events"), std::string::npos);
  // Stepped: one step per stored reading and band change, and the hold to the end.
  EXPECT_EQ(frustration_points(page),
            count(events, EventKind::Frustration) + count(events, EventKind::FrustrationLevel) + 1);
  EXPECT_NE(page.find("no voice trace"), std::string::npos);
  EXPECT_EQ(occurrences(page, "<g class=\"marker cue "), chart_cues(events));
  EXPECT_EQ(occurrences(page, "<g class=\"marker suggestion\">"),
            count(events, EventKind::Suggestion));
  EXPECT_EQ(occurrences(page, "<div class=\"line "), count(events, EventKind::Utterance));
  for (const Event& e : events) {
    if (!is_word_cue(e.kind) || !is_cue(e.kind)) continue;
    EXPECT_NE(page.find(html_escape(label_of(e.kind) + ": " + e.evidence.text)), std::string::npos)
        << "no mark for " << e.evidence.text;
  }
  // The final caller type and the peak band come from the judgements.
  std::string last_type;
  for (const Event& e : events) {
    if (e.kind == EventKind::CallerType && last_type.empty()) last_type = e.label;  // reversed
  }
  ASSERT_FALSE(last_type.empty());
  EXPECT_NE(page.find("<span>Caller type at the end</span><b>" + last_type + "</b>"),
            std::string::npos);
}

TEST(HtmlReport, HostileTranscriptTextIsEscapedEverywhere) {
  const std::string hostile = "<script>alert('x')</script> I am \"FURIOUS\" & this is a joke";
  std::vector<Utterance> words = {
      Utterance{Speaker::Agent, 0, 3000, spread_words("How can I help you today?", 0, 3000), true,
                true},
      Utterance{Speaker::Caller, 3500, 9000, spread_words(hostile, 3500, 9000), true, true},
      Utterance{
          Speaker::Caller, 9500, 14000,
          spread_words("<img src=x onerror=alert(1)> I want to speak to your manager", 9500, 14000),
          true, true},
  };
  const auto [events, summary] = analyse(nullptr, &words);
  ReportCall call{"<b>call</b> \"1\"", "</p><script>bad()</script>", 0};
  for (const std::string& page :
       {render_html_report(call, events, summary, &words), render_html_report(call, events)}) {
    expect_self_contained(page);
    EXPECT_NE(page.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), std::string::npos);
    EXPECT_NE(page.find("&quot;FURIOUS&quot; &amp; this"), std::string::npos);
    EXPECT_NE(page.find("&lt;img"), std::string::npos);
    EXPECT_EQ(page.find("<img"), std::string::npos);
    EXPECT_EQ(page.find("<b>call"), std::string::npos);
    EXPECT_NE(page.find("&lt;b&gt;call&lt;/b&gt; &quot;1&quot;"), std::string::npos);
  }
  // Labels and evidence of stored events are untrusted too (a store may be edited).
  Event forged;
  forged.kind = EventKind::Suggestion;
  forged.t_ms = 1000;
  forged.label = "\"><script>x()</script>";
  forged.evidence.text = "<svg onload=x()>";
  forged.because = {"<i>anger</i>"};
  const std::string page = render_call_report("c", {forged});
  expect_self_contained(page);
  EXPECT_EQ(occurrences(page, "<svg"), 1);
  EXPECT_NE(page.find("&lt;svg onload=x()&gt;"), std::string::npos);
  EXPECT_EQ(page.find("<i>anger"), std::string::npos);
}

TEST(HtmlReport, EscapeCoversMarkupQuotesAndControlCharacters) {
  EXPECT_EQ(html_escape("a<b>&\"c\"'d'"), "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;");
  EXPECT_EQ(html_escape("x\x01y\x7fz\ttab\nline"), "xyz\ttab\nline");
  EXPECT_EQ(html_escape("caf\xc3\xa9"), "caf\xc3\xa9");  // UTF-8 passes through
}

TEST(HtmlReport, EmptyCallStillRendersAPage) {
  const std::string page = render_call_report("empty", {});
  expect_self_contained(page);
  EXPECT_NE(page.find("No words"), std::string::npos);
  EXPECT_EQ(frustration_points(page), 1);
}

// The voice trace the chart draws keeps the baseline the prosody tracker judged against.
TEST(VoiceTrace, BaselineIsTheOneEachVoiceCueWasJudgedAgainst) {
  int checked = 0;
  for (const auto& name : sample_names()) {
    SCOPED_TRACE(name);
    auto audio = load_call_audio(samples_dir() / (name + ".wav"));
    ASSERT_TRUE(audio);
    const auto [events, summary] = analyse(&*audio, nullptr);
    for (const Event& e : events) {
      if (e.kind != EventKind::RaisedVoice && e.kind != EventKind::PitchRising) continue;
      double judged = 0;
      for (const auto& m : e.evidence.numbers) {
        if (m.name == "baseline") judged = m.value;
      }
      // The point of the second in which the cue was decided.
      const auto& trace = summary.voice_trace[static_cast<std::size_t>(e.speaker)];
      const auto at = std::find_if(trace.begin(), trace.end(), [&](const VoicePoint& p) {
        return p.t_ms <= e.end_ms && e.end_ms < p.t_ms + 1000;
      });
      if (at == trace.end()) continue;  // too little voiced speech in that second for a point
      const double drawn =
          e.kind == EventKind::RaisedVoice ? at->baseline_level_db : at->baseline_f0_hz;
      const double tolerance = e.kind == EventKind::RaisedVoice ? 0.5 : judged * 0.02;
      EXPECT_NEAR(drawn, judged, tolerance) << e.evidence.text;
      ++checked;
    }
    // A point for most seconds in which each party spoke.
    for (const Speaker s : {Speaker::Agent, Speaker::Caller}) {
      const auto& trace = summary.voice_trace[static_cast<std::size_t>(s)];
      const auto speech_s = summary.speakers[static_cast<std::size_t>(s)].prosody.voiced_ms / 1000;
      EXPECT_GE(static_cast<std::int64_t>(trace.size()), speech_s / 2);
      EXPECT_TRUE(std::is_sorted(trace.begin(), trace.end(),
                                 [](const auto& a, const auto& b) { return a.t_ms < b.t_ms; }));
    }
  }
  EXPECT_GE(checked, 5);
}

fs::path temp_dir() {
  fs::path dir = fs::temp_directory_path() / ("composure_report_test_" + std::to_string(getpid()));
  fs::create_directories(dir);
  return dir;
}

TEST(Chromium, MissingBinaryIsAClearError) {
  setenv("COMPOSURE_CHROMIUM", "/nonexistent/chromium", 1);
  const auto r = print_to_pdf("x.html", "x.pdf");
  unsetenv("COMPOSURE_CHROMIUM");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("/nonexistent/chromium not found"), std::string::npos);
  EXPECT_NE(r.error().message.find("apt-get install chromium"), std::string::npos);
}

TEST(Chromium, ReportPrintsToPdf) {
  if (!find_chromium()) GTEST_SKIP() << "no Chromium installed";
  const auto words = script_of("deescalating_billing");
  const auto [events, summary] = analyse(nullptr, &words);
  const fs::path dir = temp_dir();
  const fs::path html = dir / "report.html";
  std::ofstream(html) << render_html_report({"billing", "", 0}, events, summary, &words);
  const fs::path pdf = dir / "report.pdf";
  const auto r = print_to_pdf(html, pdf);
  ASSERT_TRUE(r) << r.error().message;
  std::ifstream in(pdf, std::ios::binary);
  std::string head(5, '\0');
  in.read(head.data(), 5);
  EXPECT_EQ(head, "%PDF-");
  EXPECT_GT(fs::file_size(pdf), 20'000U);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace composure
