// The `composure` command: analyze a recorded call (audio, transcript or both), transcribe its
// speech, and measure the text scorer on labelled lines.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "audio/call_audio.h"
#include "cli/eval_text.h"
#include "cli/report.h"
#include "core/strings.h"
#include "core/timefmt.h"
#include "corpus/call_eval.h"
#include "engine/offline.h"
#include "guide/brief.h"
#include "report/chromium.h"
#include "report/html_report.h"
#include "serve/server.h"
#include "speech/decoder_pool.h"
#include "speech/pocketsphinx_recognizer.h"
#include "speech/transcript.h"
#include "store/sqlite_knowledge.h"

namespace composure {
namespace {

constexpr std::string_view kUsage = R"(usage: composure <command> [options]

commands:
  analyze [FILE]       analyse a recorded call (WAV: PCM 8/16/24/32-bit, float, G.711 mu-law
                       or A-law, any rate; or raw mu-law .ul/.ulaw/.mulaw/.raw at 8 kHz), its
                       transcript (--transcript), or both
  transcribe FILE      the recognised words with times, per speaker
  eval-text FILE       precision/recall/F1 of the text frustration scorer on lines of
                       "label<TAB>text" (1 frustrated, 0 not)
  eval [CORPUS_DIR]    caller type, escalation warnings and frustration bands judged on
                       annotated calls (default tests/corpus/test; see tests/corpus/README.md)
  serve [--config FILE]
                       the live server: Twilio-style media streams (/media WebSocket) and
                       Asterisk AudioSocket in, events on the /live WebSocket, a REST API and
                       a SQLite event store (sample configuration: data/serve/composure.yaml)
  brief FILE           the handoff brief of a call as it stands at its end, or at --at mm:ss
                       (same inputs as analyze)
  report FILE --html OUT.html [--pdf OUT.pdf]
                       the post-call report: one self-contained HTML page with a timeline chart
                       (frustration, both voices against their baselines, cues, guidance), the
                       judgements, the guidance shown and the transcript with its cues marked;
                       FILE as for analyze, or a transcript (.json, .txt); --pdf prints it with
                       headless Chromium (/usr/bin/chromium, or $COMPOSURE_CHROMIUM)
  help                 this text

analyze and transcribe options:
  --json                 one JSON object instead of text (analyze: {"call", "events", "summary"};
                         transcribe: {"segments": [...]}, readable again with --transcript)
  --caller-left          stereo files have the caller on the left (default: agent left)
  --mono-speaker WHO     who a one-channel file is: caller (default) or agent
  --decoders N           speech recognisers shared by the call (default: one per core, max 4)
analyze options:
  --all                  show measurements (turns, words, holds) as well as cues
  --transcript FILE      words from a transcript (JSON segments or "[mm:ss] AGENT: ..." lines)
                         instead of recognising them
  --no-asr               no speech recognition: acoustic cues only (unless --transcript)
  --data DIR             read lexicons and the playbook from DIR/lexicons and DIR/playbook
                         instead of the built-in ones
  --crm FILE             the knowledge store (SQLite database, schema in data/crm/README.md)
                         instead of the built-in sample customers, orders and policies
brief options: those of analyze, and
  --at TIME              brief as of this moment of the call (mm:ss, h:mm:ss or seconds)
report options: those of analyze (but --json, --all), and
  --html OUT.html        where to write the report (required)
  --pdf OUT.pdf          also print it to PDF
eval-text options:
  --threshold T          call a line frustrated when the score is at least T
  --baseline lexicon     score with the word-cue lexicon alone, for comparison
eval options:
  --calls                one line per call: annotated and predicted type, warnings, lead
  --min-type-f1 X, --min-warning-precision X, --min-warning-recall X, --min-warning-lead S,
  --max-calm-above-calm N
                         floors: exit 1 when a figure is below its floor (used by CI)
)";

struct Options {
  std::string command;
  std::string file;
  std::string transcript;
  std::string data_dir;
  std::string crm;          // knowledge store database file; empty: the built-in sample
  std::string html_out;     // report: the HTML file to write
  std::string pdf_out;      // report: the PDF file to print, if any
  std::int64_t at_ms = -1;  // brief: the moment to brief at; -1: the end of the call
  bool json = false;
  bool all = false;
  bool asr = true;
  int decoders = 0;  // 0: default
  ChannelLayout layout = ChannelLayout::AgentLeft;
  Speaker mono_speaker = Speaker::Caller;
};

// "02:37", "1:02:37.5" or "157" (seconds) -> milliseconds.
std::optional<std::int64_t> parse_clock(std::string_view text) {
  double total = 0;
  std::size_t pos = 0;
  int parts = 0;
  while (pos <= text.size() && parts < 3) {
    const auto colon = text.find(':', pos);
    const std::string part(text.substr(pos, colon == std::string_view::npos ? colon : colon - pos));
    if (part.empty() || part.find_first_not_of("0123456789.") != std::string::npos) {
      return std::nullopt;
    }
    total = total * 60 + std::atof(part.c_str());
    ++parts;
    if (colon == std::string_view::npos)
      return static_cast<std::int64_t>(std::llround(total * 1000));
    pos = colon + 1;
  }
  return std::nullopt;
}

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

Result<std::unique_ptr<DecoderPool>> make_recognizers(int requested) {
  const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
  const auto n = static_cast<std::size_t>(requested > 0 ? requested : std::min(cores, 4U));
  return DecoderPool::create(n, [] { return make_pocketsphinx_recognizer(PocketsphinxConfig{}); });
}

std::string layout_text(const Options& opt, const CallAudio& audio) {
  if (audio.mono) return "mono: " + std::string(to_string(opt.mono_speaker));
  return opt.layout == ChannelLayout::AgentLeft ? "agent left, caller right"
                                                : "caller left, agent right";
}

// Says on stderr what went wrong with an analysis, or what was lost from it; false on failure.
bool reported_ok(const Options& opt, const Result<CallSummary>& summary) {
  if (!summary) {
    std::cerr << "composure: " << opt.file << ": " << summary.error().message << "\n";
    return false;
  }
  if (summary->recognition_errors > 0) {
    std::cerr << "composure: warning: " << summary->recognition_errors
              << " speech segment(s) could not be recognised: " << summary->first_recognition_error
              << "\n";
  }
  return true;
}

// A call analysed as `analyze` does it, for any of the commands that show one.
struct Analysis {
  CallInfo call;
  std::vector<Event> events;  // by start time
  CallSummary summary;
  std::vector<Utterance> words;  // the transcript's or the recognised utterances
  bool mono = false;
};

// Loads the inputs, runs the pipeline; says on stderr what went wrong and returns nothing on
// failure.
std::optional<Analysis> run_analysis(const Options& opt) {
  std::optional<CallAudio> audio;
  if (!opt.file.empty()) {
    auto loaded = load_call_audio(opt.file, opt.layout);
    if (!loaded) {
      std::cerr << "composure: " << loaded.error().message << "\n";
      return std::nullopt;
    }
    audio = std::move(*loaded);
  }
  std::optional<std::vector<Utterance>> transcript;
  if (!opt.transcript.empty()) {
    auto loaded = load_transcript(opt.transcript);
    if (!loaded) {
      std::cerr << "composure: " << loaded.error().message << "\n";
      return std::nullopt;
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
    return std::nullopt;
  }
  config.lexicon = *lexicon;
  auto scorer = TextScorer::load_default();
  if (!scorer) {
    std::cerr << "composure: " << scorer.error().message << "\n";
    return std::nullopt;
  }
  config.text_scorer = *scorer;
  auto playbook = opt.data_dir.empty()
                      ? Playbook::load_default()
                      : Playbook::load_dir(std::filesystem::path(opt.data_dir) / "playbook");
  if (!playbook) {
    std::cerr << "composure: " << playbook.error().message << "\n";
    return std::nullopt;
  }
  config.playbook = *playbook;
  std::error_code exists_error;
  if (!opt.crm.empty() && !std::filesystem::is_regular_file(opt.crm, exists_error)) {
    std::cerr << "composure: " << opt.crm << ": no such database file\n";
    return std::nullopt;
  }
  auto knowledge =
      opt.crm.empty() ? SqliteKnowledgeBase::open_sample() : SqliteKnowledgeBase::open(opt.crm);
  if (!knowledge) {
    std::cerr << "composure: " << knowledge.error().message << "\n";
    return std::nullopt;
  }
  config.knowledge = knowledge->get();

  std::unique_ptr<DecoderPool> recognizers;
  if (audio && !transcript && opt.asr) {
    auto pool = make_recognizers(opt.decoders);
    if (!pool) {
      std::cerr << "composure: speech recognition unavailable (" << pool.error().message
                << "); use --no-asr for acoustic cues only\n";
      return std::nullopt;
    }
    recognizers = std::move(*pool);
  }

  Analysis out;
  VectorSink sink;
  constexpr std::int64_t kProgressFromMs = std::int64_t{5} * 60'000;
  const bool progress =
      audio && isatty(STDERR_FILENO) == 1 && audio->duration_ms >= kProgressFromMs;
  CallInputs inputs;
  inputs.audio = audio ? &*audio : nullptr;
  inputs.transcript = transcript ? &*transcript : nullptr;
  inputs.recognizer = recognizers.get();
  inputs.recognized = &out.words;
  auto summary =
      analyze_call(inputs, config, sink, progress ? Progress(show_progress) : Progress());
  if (!reported_ok(opt, summary)) return std::nullopt;
  out.summary = std::move(*summary);
  out.events = std::move(sink.events);
  std::stable_sort(out.events.begin(), out.events.end(),
                   [](const Event& a, const Event& b) { return a.t_ms < b.t_ms; });
  if (transcript) out.words = std::move(*transcript);
  std::stable_sort(out.words.begin(), out.words.end(),
                   [](const Utterance& a, const Utterance& b) { return a.t_ms < b.t_ms; });
  CallInfo& call = out.call;
  if (audio) {
    call.file = opt.file;
    call.format = audio->format;
    call.duration_ms = audio->duration_ms;
    call.mono = audio->mono;
    call.layout = layout_text(opt, *audio);
    out.mono = audio->mono;
  } else {
    call.file = opt.transcript;
    call.format = "transcript";
    call.duration_ms = out.summary.duration_ms;
    call.layout = "words only";
  }
  if (transcript) {
    call.words = "transcript " + opt.transcript;
  } else if (recognizers) {
    call.words = "recognised by pocketsphinx en-us";
  }
  return out;
}

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) {
    std::cerr << "composure: " << path << ": cannot write the report here\n";
    return false;
  }
  return true;
}

// `composure report`: the call as one self-contained HTML page, and as PDF through Chromium.
int report(const Options& opt, const Analysis& a) {
  ReportCall call;
  call.title = std::filesystem::path(a.call.file).filename().string();
  call.source = a.call.format + ", " + format_clock(a.call.duration_ms) + ", " + a.call.layout;
  if (!a.call.words.empty()) call.source += "; words: " + a.call.words;
  call.duration_ms = a.call.duration_ms;
  const std::string page = render_html_report(call, a.events, a.summary, &a.words);
  if (!write_file(opt.html_out, page)) return 1;
  std::cout << "wrote " << opt.html_out << " (" << (page.size() + 1023) / 1024 << " KiB)\n";
  if (opt.pdf_out.empty()) return 0;
  const auto printed = print_to_pdf(opt.html_out, opt.pdf_out);
  if (!printed) {
    std::cerr << "composure: " << printed.error().message << "\n";
    return 1;
  }
  std::cout << "wrote " << opt.pdf_out << "\n";
  return 0;
}

int analyze(const Options& opt) {
  if (opt.command == "report" && !opt.pdf_out.empty()) {
    // Before the analysis: a missing Chromium should not cost a long wait.
    const auto chromium = find_chromium();
    if (!chromium) {
      std::cerr << "composure: " << chromium.error().message << "\n";
      return 1;
    }
  }
  const auto analysis = run_analysis(opt);
  if (!analysis) return 1;
  const Analysis& a = *analysis;
  if (opt.command == "report") return report(opt, a);
  if (opt.command == "brief") {
    const std::int64_t at = opt.at_ms >= 0 ? opt.at_ms : a.summary.duration_ms;
    const HandoffBrief brief = make_brief(a.events, at);
    if (opt.json) {
      std::cout << brief_to_json(brief).dump(2) << "\n";
    } else {
      std::cout << brief_to_text(brief);
    }
    return 0;
  }
  if (opt.json) {
    std::cout << call_to_json(a.call, a.events, a.summary).dump(2) << "\n";
  } else {
    if (a.mono) {
      std::cerr << "composure: note: " << opt.file
                << " has one channel; two-party cues need the agent and caller on separate "
                   "channels\n";
    }
    std::cout << render_timeline(a.call, a.events, a.summary, opt.all);
  }
  return 0;
}

int transcribe(const Options& opt) {
  auto audio = load_call_audio(opt.file, opt.layout);
  if (!audio) {
    std::cerr << "composure: " << audio.error().message << "\n";
    return 1;
  }
  auto pool = make_recognizers(opt.decoders);
  if (!pool) {
    std::cerr << "composure: speech recognition unavailable: " << pool.error().message << "\n";
    return 1;
  }
  PipelineConfig config;
  config.mono_speaker = opt.mono_speaker;
  std::vector<Utterance> words;
  CallInputs inputs;
  inputs.audio = &*audio;
  inputs.recognizer = pool->get();
  inputs.recognized = &words;
  VectorSink ignored;
  auto summary = analyze_call(inputs, config, ignored);
  if (!reported_ok(opt, summary)) return 1;
  std::stable_sort(words.begin(), words.end(),
                   [](const Utterance& a, const Utterance& b) { return a.t_ms < b.t_ms; });
  if (opt.json) {
    std::cout << transcript_to_json(words).dump(2) << "\n";
  } else {
    std::cout << render_transcript(words);
  }
  return 0;
}

int run(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  Options opt;
  opt.command = args[0];
  if (opt.command == "eval-text") {
    return eval_text_main(std::vector<std::string>(args.begin() + 1, args.end()), std::cout,
                          std::cerr);
  }
  if (opt.command == "serve") {
    return serve_main(std::vector<std::string>(args.begin() + 1, args.end()), std::cout, std::cerr);
  }
  if (opt.command == "eval") {
    return eval_calls_main(std::vector<std::string>(args.begin() + 1, args.end()), std::cout,
                           std::cerr);
  }
  if (opt.command != "analyze" && opt.command != "transcribe" && opt.command != "brief" &&
      opt.command != "report") {
    return usage_error("unknown command '" + opt.command + "'");
  }
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string_view a = args[i];
    const auto value = [&]() -> std::optional<std::string_view> {
      if (i + 1 >= args.size()) return std::nullopt;
      return args[++i];
    };
    if (a == "--json") {
      opt.json = true;
    } else if (a == "--all") {
      opt.all = true;
    } else if (a == "--no-asr") {
      opt.asr = false;
    } else if (a == "--transcript" || a == "--data" || a == "--crm") {
      const auto v = value();
      if (!v) return usage_error(std::string(a) + " needs a value");
      (a == "--transcript" ? opt.transcript : a == "--data" ? opt.data_dir : opt.crm) = *v;
    } else if ((a == "--html" || a == "--pdf") && opt.command == "report") {
      const auto v = value();
      if (!v || v->empty() || v->starts_with("--")) {
        return usage_error(std::string(a) + " needs a file name");
      }
      (a == "--html" ? opt.html_out : opt.pdf_out) = *v;
    } else if (a == "--at") {
      const auto v = value();
      const auto t = v ? parse_clock(*v) : std::nullopt;
      if (!t) return usage_error("--at takes a time in the call: mm:ss, h:mm:ss or seconds");
      opt.at_ms = *t;
    } else if (a == "--decoders") {
      const auto v = value();
      const int n = v ? std::atoi(std::string(*v).c_str()) : 0;
      if (n < 1 || n > 64) return usage_error("--decoders takes a number from 1 to 64");
      opt.decoders = n;
    } else if (a == "--caller-left") {
      opt.layout = ChannelLayout::CallerLeft;
    } else if (a == "--mono-speaker") {
      const auto v = value();
      const auto who = v ? parse_speaker(*v) : std::nullopt;
      if (!who) return usage_error("--mono-speaker takes agent or caller");
      opt.mono_speaker = *who;
    } else if (a.starts_with("--")) {
      return usage_error("unknown option '" + std::string(a) + "'");
    } else if (opt.file.empty()) {
      opt.file = a;
    } else {
      return usage_error(opt.command + " takes one file; got '" + opt.file + "' and '" +
                         std::string(a) + "'");
    }
  }
  if (opt.command == "transcribe") {
    if (opt.file.empty()) return usage_error("transcribe needs an audio FILE");
    return transcribe(opt);
  }
  if (opt.command == "report") {
    if (opt.json || opt.all || opt.at_ms >= 0) {
      return usage_error("report takes neither --json, --all nor --at");
    }
    if (opt.html_out.empty()) return usage_error("report needs --html OUT.html");
    // A transcript given as the FILE itself.
    const std::string ext = lower_ascii(std::filesystem::path(opt.file).extension().string());
    if (opt.transcript.empty() && (ext == ".json" || ext == ".txt")) {
      opt.transcript = opt.file;
      opt.file.clear();
    }
  }
  if (opt.file.empty() && opt.transcript.empty()) {
    return usage_error(opt.command + " needs an audio FILE, a --transcript FILE, or both");
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
