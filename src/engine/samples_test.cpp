// End-to-end against the rendered sample calls: every cue the ground truth calls for fires where
// the annotation says, and nothing fires where it does not. The truth files come from the
// dialogue scripts' hand-written markers (samples/*.dialogue), timed by the real rendering.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "audio/call_audio.h"
#include "engine/offline.h"

namespace composure {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path samples_dir() {
  const char* dir = std::getenv("COMPOSURE_SAMPLES");
  return dir != nullptr ? fs::path(dir) : fs::path("samples");
}

struct Analysed {
  json truth;
  std::vector<Event> events;
  CallSummary summary;

  std::vector<Event> of(EventKind k, std::optional<Speaker> s = std::nullopt) const {
    std::vector<Event> out;
    for (const auto& e : events) {
      if (e.kind == k && (!s || e.speaker == *s)) out.push_back(e);
    }
    return out;
  }
};

Analysed analyse(const std::string& name) {
  Analysed a;
  const fs::path dir = samples_dir();
  std::ifstream in(dir / (name + ".truth.json"));
  EXPECT_TRUE(in.good()) << "missing " << (dir / (name + ".truth.json"))
                         << ": build the 'samples' target first";
  if (!in.good()) return a;
  a.truth = json::parse(in);
  auto audio = load_call_audio(dir / (name + ".wav"));
  EXPECT_TRUE(audio) << (audio ? "" : audio.error().message);
  if (!audio) return a;
  VectorSink sink;
  auto summary = analyze_call(*audio, {}, sink);
  EXPECT_TRUE(summary);
  if (summary) a.summary = *summary;
  a.events = std::move(sink.events);
  return a;
}

bool is_prosody(EventKind k) {
  return k == EventKind::RaisedVoice || k == EventKind::PitchRising ||
         k == EventKind::PaceQuickening;
}

std::string describe(const Event& e) {
  return std::string(to_string(e.kind)) + "/" + std::string(to_string(e.speaker)) + " at " +
         std::to_string(e.t_ms) + "-" + std::to_string(e.end_ms) + ": " + e.evidence.text;
}

class SampleCall : public ::testing::TestWithParam<std::string> {};

TEST_P(SampleCall, ArousalCuesFireInsideAnnotatedRunsOnly) {
  const Analysed a = analyse(GetParam());
  ASSERT_FALSE(a.truth.is_null());
  for (const Speaker s : {Speaker::Agent, Speaker::Caller}) {
    const auto& runs = a.truth["arousal"][std::string(to_string(s))];
    // Each annotated run is warned about while it happens (detection time inside the run).
    for (const auto& run : runs) {
      const std::int64_t start = run["start_ms"];
      const std::int64_t end = run["end_ms"];
      bool warned = false;
      for (const auto& e : a.events) {
        if (e.speaker == s && is_prosody(e.kind) && e.end_ms >= start && e.end_ms <= end) {
          warned = true;
        }
      }
      EXPECT_TRUE(warned) << GetParam() << ": no " << to_string(s) << " arousal cue in run "
                          << start << "-" << end;
    }
    // And nothing is warned about outside the runs (a little slack after a run's last line).
    for (const auto& e : a.events) {
      if (e.speaker != s || !is_prosody(e.kind)) continue;
      bool inside = false;
      for (const auto& run : runs) {
        inside |= e.end_ms >= run["start_ms"].get<std::int64_t>() &&
                  e.end_ms <= run["end_ms"].get<std::int64_t>() + 5000;
      }
      EXPECT_TRUE(inside) << GetParam() << ": unexpected " << describe(e);
    }
  }
}

TEST_P(SampleCall, SpeakersWhoCalmDownAreSeenSettling) {
  const Analysed a = analyse(GetParam());
  ASSERT_FALSE(a.truth.is_null());
  for (const Speaker s : {Speaker::Agent, Speaker::Caller}) {
    const std::string who(to_string(s));
    for (const auto& run : a.truth["arousal"][who]) {
      const std::int64_t end = run["end_ms"];
      // Calm speech by the same speaker after the run, in seconds.
      double calm_after = 0;
      for (const auto& line : a.truth["lines"]) {
        if (line["speaker"] == who && line["start_ms"].get<std::int64_t>() > end &&
            line["arousal"] == "calm") {
          calm_after += (line["end_ms"].get<double>() - line["start_ms"].get<double>()) / 1000.0;
        }
      }
      const auto settled = a.of(EventKind::BackToBaseline, s);
      bool after_run = false;
      for (const auto& e : settled) after_run |= e.end_ms > end;
      if (calm_after >= 8.0) {
        EXPECT_TRUE(after_run) << GetParam() << ": " << who << " calmed for " << calm_after
                               << " s after " << end << " but no back_to_baseline";
      } else if (calm_after == 0) {
        EXPECT_FALSE(after_run) << GetParam() << ": " << who << " never calmed after " << end;
      }
    }
  }
}

TEST_P(SampleCall, InterruptionsAreTalkOversAndBackchannelsAreNot) {
  const Analysed a = analyse(GetParam());
  ASSERT_FALSE(a.truth.is_null());
  const auto overs = a.of(EventKind::TalkOver);
  const auto& truth = a.truth["interruptions"];
  for (const auto& i : truth) {
    const std::int64_t t = i["t_ms"];
    const auto by = parse_speaker(i["by"].get<std::string>());
    bool found = false;
    for (const auto& e : overs) found |= e.speaker == by && std::llabs(e.t_ms - t) <= 1500;
    EXPECT_TRUE(found) << GetParam() << ": interruption by " << i["by"] << " at " << t
                       << " not flagged";
  }
  for (const auto& e : overs) {
    bool matched = false;
    for (const auto& i : truth) {
      matched |= std::llabs(e.t_ms - i["t_ms"].get<std::int64_t>()) <= 1500;
    }
    EXPECT_TRUE(matched) << GetParam() << ": unexpected " << describe(e);
  }
}

TEST_P(SampleCall, HoldsAreMeasuredWithTheirCheckIns) {
  const Analysed a = analyse(GetParam());
  ASSERT_FALSE(a.truth.is_null());
  const auto holds = a.of(EventKind::Hold);
  const auto& truth = a.truth["holds"];
  ASSERT_EQ(holds.size(), truth.size()) << GetParam();
  int overdue_expected = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    EXPECT_NEAR(holds[i].t_ms, truth[i]["start_ms"].get<double>(), 1500.0);
    EXPECT_NEAR(holds[i].end_ms, truth[i]["end_ms"].get<double>(), 1500.0);
    EXPECT_EQ(holds[i].evidence.numbers[1].value, truth[i]["check_ins_ms"].size());
    EXPECT_NEAR(holds[i].evidence.numbers[2].value * 1000,
                truth[i]["longest_wait_ms"].get<double>(), 2000.0);
    overdue_expected += truth[i]["longest_wait_ms"].get<std::int64_t>() >= 30000 ? 1 : 0;
  }
  EXPECT_EQ(static_cast<int>(a.of(EventKind::HoldOverdue).size()), overdue_expected);
  EXPECT_TRUE(a.of(EventKind::DeadAir).empty()) << "holds are not dead air";
}

TEST_P(SampleCall, LongSilencesAndClippedRepliesAreFound) {
  const Analysed a = analyse(GetParam());
  ASSERT_FALSE(a.truth.is_null());
  std::size_t tense = 0;
  for (const auto& s : a.truth["silences"]) {
    const EventKind kind = s["after"] == "agent" ? EventKind::TenseSilence : EventKind::DeadAir;
    tense += kind == EventKind::TenseSilence ? 1 : 0;
    bool found = false;
    for (const auto& e : a.of(kind)) {
      found |= std::llabs(e.t_ms - s["start_ms"].get<std::int64_t>()) <= 1000 &&
               std::llabs(e.end_ms - s["end_ms"].get<std::int64_t>()) <= 1000;
    }
    EXPECT_TRUE(found) << GetParam() << ": silence at " << s["start_ms"] << " not found";
  }
  EXPECT_EQ(a.of(EventKind::TenseSilence).size(), tense) << GetParam();
  const auto clipped = a.of(EventKind::ClippedAnswers);
  ASSERT_EQ(clipped.size(), a.truth["clipped_runs"].size()) << GetParam();
  for (std::size_t i = 0; i < clipped.size(); ++i) {
    const auto& run = a.truth["clipped_runs"][i];
    EXPECT_GE(clipped[i].t_ms, run["start_ms"].get<std::int64_t>() - 1000);
    EXPECT_LE(clipped[i].end_ms, run["end_ms"].get<std::int64_t>() + 5000);
  }
}

INSTANTIATE_TEST_SUITE_P(Rendered, SampleCall,
                         ::testing::Values("calm_address_change", "escalating_late_delivery",
                                           "deescalating_billing", "interrupting_agent_with_hold",
                                           "agent_loses_composure", "clipped_silent_caller",
                                           "venting_then_resolution"));

TEST(CalmSample, RaisesNoCueAtAll) {
  const Analysed a = analyse("calm_address_change");
  for (const auto& e : a.events) EXPECT_FALSE(is_cue(e.kind)) << describe(e);
  EXPECT_GT(a.summary.turns.speakers[0].turns, 5);
  EXPECT_GT(a.summary.turns.speakers[1].turns, 5);
}

}  // namespace
}  // namespace composure
