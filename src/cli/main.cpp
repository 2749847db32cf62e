// The `composure` command. Only `analyze` so far: a recorded call in, a timeline of cues out.
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audio/call_audio.h"
#include "cli/report.h"
#include "engine/offline.h"
#include "speech/transcript.h"

namespace composure {
namespace {

constexpr std::string_view kUsage = R"(usage: composure <command> [options]

commands:
  analyze [FILE]    analyse a recorded call (WAV: PCM 8/16/24/32-bit, float, G.711 mu-law or
                    A-law, any rate; or raw mu-law .ul/.ulaw/.mulaw/.raw at 8 kHz), its
                    transcript (--transcript), or both
  help              this text

analyze options:
  --json                 one JSON object {"call", "events", "summary"} instead of the timeline
  --all                  show measurements (turns, words, holds) as well as cues
  --transcript FILE      words from a transcript: JSON segments or "[mm:ss] AGENT: ..." lines
  --data DIR             read lexicons from DIR/lexicons instead of the built-in ones
  --caller-left          stereo files have the caller on the left (default: agent left)
  --mono-speaker WHO     who a one-channel file is: caller (default) or agent
)";

struct AnalyzeOptions {
  std::string file;
  std::string transcript;
  std::string data_dir;  // edited copies of data/ instead of the built-in defaults
  bool json = false;
  bool all = false;
  ChannelLayout layout = ChannelLayout::AgentLeft;
  Speaker mono_speaker = Speaker::Caller;
};

int usage_error(const std::string& message) {
  std::cerr << "composure: " << message << "\n\n" << kUsage;
  return 2;
}

void show_progress(std::int64_t done_ms, std::int64_t total_ms) {
  if (total_ms <= 0) return;
  const int pct = static_cast<int>(100 * done_ms / total_ms);
  const int filled = pct / 5;
  std::fprintf(stderr, "\ranalysing [%-20s] %3d%%",
               std::string(static_cast<std::size_t>(filled), '#').c_str(), pct);
  if (done_ms >= total_ms) std::fprintf(stderr, "\r%40s\r", "");
  std::fflush(stderr);
}

int analyze(const AnalyzeOptions& opt) {
  std::optional<CallAudio> audio;
  if (!opt.file.empty()) {
    auto loaded = load_call_audio(opt.file, opt.layout);
    if (!loaded) {
      std::cerr << "composure: " << loaded.error().message << "\n";
      return 1;
    }
    audio = std::move(*loaded);
  }
  std::optional<std::vector<Utterance>> transcript;
  if (!opt.transcript.empty()) {
    auto loaded = load_transcript(opt.transcript);
    if (!loaded) {
      std::cerr << "composure: " << loaded.error().message << "\n";
      return 1;
    }
    transcript = std::move(*loaded);
  }
  PipelineConfig config;
  config.mono_speaker = opt.mono_speaker;
  auto lexicon = opt.data_dir.empty()
                     ? Lexicon::load_default()
                     : Lexicon::load_dir(std::filesystem::path(opt.data_dir) / "lexicons");
  if (!lexicon) {
    std::cerr << "composure: " << lexicon.error().message << "\n";
    return 1;
  }
  config.lexicon = *lexicon;
  VectorSink sink;
  constexpr std::int64_t kProgressFromMs = std::int64_t{5} * 60'000;
  const bool progress =
      audio && isatty(STDERR_FILENO) == 1 && audio->duration_ms >= kProgressFromMs;
  CallInputs inputs;
  inputs.audio = audio ? &*audio : nullptr;
  inputs.transcript = transcript ? &*transcript : nullptr;
  auto summary =
      analyze_call(inputs, config, sink, progress ? Progress(show_progress) : Progress());
  if (!summary) {
    std::cerr << "composure: " << opt.file << ": " << summary.error().message << "\n";
    return 1;
  }
  auto events = std::move(sink.events);
  std::stable_sort(events.begin(), events.end(),
                   [](const Event& a, const Event& b) { return a.t_ms < b.t_ms; });
  CallInfo call;
  if (audio) {
    call.file = opt.file;
    call.format = audio->format;
    call.duration_ms = audio->duration_ms;
    call.mono = audio->mono;
    call.layout = audio->mono
                      ? "mono: " + std::string(to_string(opt.mono_speaker))
                      : (opt.layout == ChannelLayout::AgentLeft ? "agent left, caller right"
                                                                : "caller left, agent right");
  } else {
    call.file = opt.transcript;
    call.format = "transcript";
    call.duration_ms = summary->duration_ms;
    call.layout = "words only";
  }
  if (transcript) call.words = "transcript " + opt.transcript;
  if (opt.json) {
    std::cout << call_to_json(call, events, *summary).dump(2) << "\n";
  } else {
    if (audio && audio->mono) {
      std::cerr << "composure: note: " << opt.file
                << " has one channel; two-party cues need the agent and caller on separate "
                   "channels\n";
    }
    std::cout << render_timeline(call, events, *summary, opt.all);
  }
  return 0;
}

int run(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  if (args[0] != "analyze") return usage_error("unknown command '" + std::string(args[0]) + "'");
  AnalyzeOptions opt;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string_view a = args[i];
    if (a == "--json") {
      opt.json = true;
    } else if (a == "--all") {
      opt.all = true;
    } else if (a == "--transcript") {
      if (i + 1 >= args.size()) return usage_error("--transcript needs a FILE");
      opt.transcript = args[++i];
    } else if (a == "--data") {
      if (i + 1 >= args.size()) return usage_error("--data needs a DIR");
      opt.data_dir = args[++i];
    } else if (a == "--caller-left") {
      opt.layout = ChannelLayout::CallerLeft;
    } else if (a == "--mono-speaker") {
      if (i + 1 >= args.size()) return usage_error("--mono-speaker needs agent or caller");
      const auto who = parse_speaker(args[++i]);
      if (!who)
        return usage_error("--mono-speaker takes agent or caller, not '" + std::string(args[i]) +
                           "'");
      opt.mono_speaker = *who;
    } else if (a.starts_with("--")) {
      return usage_error("unknown option '" + std::string(a) + "'");
    } else if (opt.file.empty()) {
      opt.file = a;
    } else {
      return usage_error("analyze takes one file; got '" + opt.file + "' and '" + std::string(a) +
                         "'");
    }
  }
  if (opt.file.empty() && opt.transcript.empty()) {
    return usage_error("analyze needs an audio FILE, a --transcript FILE, or both");
  }
  return analyze(opt);
}

}  // namespace
}  // namespace composure

int main(int argc, char** argv) {
  try {
    return composure::run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "composure: internal error: " << e.what() << "\n";
    return 3;
  }
}
