// Transcripts in both forms, made from a sample call's ground-truth lines, give the same events
// through the pipeline, alone or alongside the call's audio.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "audio/call_audio.h"
#include "engine/offline.h"
#include "speech/transcript.h"

namespace composure {
namespace {

namespace fs = std::filesystem;

nlohmann::json truth(const std::string& name) {
  const char* dir = std::getenv("COMPOSURE_SAMPLES");
  std::ifstream in(fs::path(dir != nullptr ? dir : "samples") / (name + ".truth.json"));
  return nlohmann::json::parse(in);
}

// "[mm:ss.t] AGENT: ..." with times to the tenth, and the JSON equivalent with the same times.
std::pair<std::string, std::string> transcripts(const nlohmann::json& t) {
  std::string text;
  nlohmann::json segments = nlohmann::json::array();
  const auto& lines = t["lines"];
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto start = lines[i]["start_ms"].get<std::int64_t>() / 100 * 100;
    char stamp[32];
    std::snprintf(stamp, sizeof stamp, "[%02lld:%04.1f]", static_cast<long long>(start / 60000),
                  static_cast<double>(start % 60000) / 1000.0);
    const std::string who = lines[i]["speaker"].get<std::string>();
    text += std::string(stamp) + " " + (who == "agent" ? "AGENT" : "CALLER") + ": " +
            lines[i]["text"].get<std::string>() + "\n";
    segments.push_back({{"speaker", who},
                        {"start", static_cast<double>(start) / 1000.0},
                        {"text", lines[i]["text"]}});
  }
  return {text, nlohmann::json{{"segments", segments}}.dump()};
}

std::vector<Event> run(const std::vector<Utterance>& words, const CallAudio* audio) {
  VectorSink sink;
  CallInputs in;
  in.audio = audio;
  in.transcript = &words;
  EXPECT_TRUE(analyze_call(in, {}, sink));
  return sink.events;
}

TEST(TranscriptReplay, TextAndJsonFormsGiveTheSameEvents) {
  const auto t = truth("escalating_late_delivery");
  const auto [text, json] = transcripts(t);
  auto from_text = parse_text_transcript(text, "t.txt");
  auto from_json = parse_json_transcript(json, "t.json");
  ASSERT_TRUE(from_text) << from_text.error().message;
  ASSERT_TRUE(from_json) << from_json.error().message;
  ASSERT_EQ(from_text->size(), t["lines"].size());
  // JSON without ends gets the same speaking-rate estimate; cut at the next start like text.
  for (std::size_t i = 0; i + 1 < from_json->size(); ++i) {
    auto& u = (*from_json)[i];
    const std::int64_t next = (*from_json)[i + 1].t_ms;
    if (u.end_ms > next && next > u.t_ms) {
      u.end_ms = next;
      u.words = spread_words(u.text(), u.t_ms, next);
    }
  }
  const auto a = run(*from_text, nullptr);
  const auto b = run(*from_json, nullptr);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i], b[i]) << a[i].evidence.text;
  std::size_t utterances = 0;
  for (const auto& e : a) utterances += e.kind == EventKind::Utterance ? 1 : 0;
  EXPECT_EQ(utterances, t["lines"].size());
}

TEST(TranscriptReplay, WordsAlongsideAudioKeepTheAcousticCues) {
  const auto t = truth("escalating_late_delivery");
  const char* dir = std::getenv("COMPOSURE_SAMPLES");
  auto audio =
      load_call_audio(fs::path(dir != nullptr ? dir : "samples") / "escalating_late_delivery.wav");
  ASSERT_TRUE(audio);
  auto words = parse_text_transcript(transcripts(t).first, "t.txt");
  ASSERT_TRUE(words);
  VectorSink acoustic_only;
  ASSERT_TRUE(analyze_call(*audio, {}, acoustic_only));
  const auto both = run(*words, &*audio);
  for (const auto& e : acoustic_only.events) {
    EXPECT_NE(std::find(both.begin(), both.end(), e), both.end()) << e.evidence.text;
  }
  EXPECT_GT(both.size(), acoustic_only.events.size());
}

}  // namespace
}  // namespace composure
