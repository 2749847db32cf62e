// asr_eval: recognises a list of recordings with the pocketsphinx recogniser and prints, per file
// and in total, the word error rate against the reference, the real-time factor and the memory
// each decoder takes. scripts/measure-asr drives it.
//
//   asr_eval [--rate 8000|16000] [--decoders N] [--keyphrases FILE] [--chunk-ms MS]
//            [--cmn-prior V1,...,V13] [--set -FLAG VALUE]... [--cmn-mean] LIST
//
// LIST has one recording a line: `path<TAB>reference words`. Recordings must be mono at --rate.
// With --keyphrases the decoder spots those phrases instead of decoding freely, and the output
// lists the phrases found instead of a WER. --cmn-mean prints each recording's mean cepstrum and
// their average instead, which is how the telephone cmn_prior was measured.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "audio/wav_reader.h"
#include "speech/pocketsphinx_recognizer.h"
#include "speech/wer.h"

namespace composure {
namespace {

struct Options {
  int rate = kTelephoneRate;
  int decoders = 1;
  int chunk_ms = 20;
  bool cmn_mean = false;
  int cmn_prior_frames = PocketsphinxConfig{}.cmn_prior_frames;
  std::vector<float> cmn_prior;
  std::vector<std::pair<std::string, std::string>> extra_args;
  std::filesystem::path keyphrases;
  std::filesystem::path list;
};

struct Entry {
  std::string path;
  std::string reference;
  std::vector<std::int16_t> pcm;
};

// CPU seconds this thread has used: unlike the wall clock, not inflated by other processes.
double thread_cpu_s() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

// Resident memory of this process in KiB, from /proc/self/status.
long resident_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return 0;
}

int usage() {
  std::fprintf(stderr,
               "usage: asr_eval [--rate 8000|16000] [--decoders N] [--keyphrases FILE] "
               "[--chunk-ms MS] [--cmn-prior V1,...] [--set -FLAG VALUE]... [--cmn-mean] LIST\n");
  return 2;
}

std::vector<std::int16_t> to_int16(const std::vector<float>& samples) {
  std::vector<std::int16_t> out(samples.size());
  std::transform(samples.begin(), samples.end(), out.begin(), [](float s) {
    return static_cast<std::int16_t>(std::lrint(std::clamp(s * 32768.0f, -32768.0f, 32767.0f)));
  });
  return out;
}

Result<std::vector<Entry>> load_list(const Options& options) {
  std::ifstream list(options.list);
  if (!list) return fail(options.list.string() + ": cannot open");
  std::vector<Entry> entries;
  std::string line;
  while (std::getline(list, line)) {
    if (line.empty() || line.front() == '#') continue;
    const std::size_t tab = line.find('\t');
    Entry entry;
    entry.path = line.substr(0, tab);
    entry.reference = tab == std::string::npos ? "" : line.substr(tab + 1);
    auto audio = load_audio_file(entry.path);
    if (!audio) return tl::unexpected(audio.error());
    if (audio->sample_rate != options.rate || audio->channels.size() != 1) {
      return fail(entry.path + ": " + audio->format + ", expected mono " +
                  std::to_string(options.rate) + " Hz");
    }
    entry.pcm = to_int16(audio->channels.front());
    entries.push_back(std::move(entry));
  }
  return entries;
}

int print_cmn_means(const PocketsphinxConfig& config, const std::vector<Entry>& entries) {
  std::vector<std::vector<std::int16_t>> buffers;
  buffers.reserve(entries.size());
  for (const Entry& entry : entries) buffers.push_back(entry.pcm);
  auto means = measure_cepstral_means(config, buffers);
  if (!means) {
    std::fprintf(stderr, "asr_eval: %s\n", means.error().message.c_str());
    return 1;
  }
  std::vector<double> average;
  for (std::size_t i = 0; i < means->size(); ++i) {
    const std::vector<float>& mean = (*means)[i];
    average.resize(mean.size());
    std::printf("mean\t%s", std::filesystem::path(entries[i].path).filename().c_str());
    for (std::size_t d = 0; d < mean.size(); ++d) {
      std::printf("\t%.2f", mean[d]);
      average[d] += mean[d] / static_cast<double>(means->size());
    }
    std::printf("\n");
  }
  std::printf("average");
  for (std::size_t d = 0; d < average.size(); ++d) {
    std::printf("%s%.2f", d == 0 ? "\t" : ",", average[d]);
  }
  std::printf("\n");
  return 0;
}

int run(const Options& options) {
  auto entries = load_list(options);
  if (!entries) {
    std::fprintf(stderr, "asr_eval: %s\n", entries.error().message.c_str());
    return 1;
  }
  PocketsphinxConfig config;
  config.sample_rate = options.rate;
  config.keyphrases = options.keyphrases;
  config.cmn_prior = options.cmn_prior;
  config.cmn_prior_frames = options.cmn_prior_frames;
  config.extra_args = options.extra_args;
  if (options.cmn_mean) return print_cmn_means(config, *entries);

  const long rss_before = resident_kib();
  const auto load_start = std::chrono::steady_clock::now();
  std::vector<std::unique_ptr<Recognizer>> recognizers;
  for (int i = 0; i < options.decoders; ++i) {
    auto recognizer = make_pocketsphinx_recognizer(config);
    if (!recognizer) {
      std::fprintf(stderr, "asr_eval: %s\n", recognizer.error().message.c_str());
      return 1;
    }
    recognizers.push_back(std::move(*recognizer));
  }
  const double load_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count() /
      options.decoders;
  const long rss_loaded = resident_kib();
  Recognizer& recognizer = *recognizers.front();

  WordErrors total;
  double audio_s = 0;
  double decode_s = 0;
  double decode_cpu_s = 0;
  int files = 0;
  for (const Entry& entry : *entries) {
    const std::vector<std::int16_t>& pcm = entry.pcm;
    const std::size_t chunk = static_cast<std::size_t>(options.rate) * options.chunk_ms / 1000;

    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = thread_cpu_s();
    recognizer.start(Speaker::Caller, 0);
    for (std::size_t at = 0; at < pcm.size(); at += chunk) {
      recognizer.feed(std::span(pcm).subspan(at, std::min(chunk, pcm.size() - at)));
    }
    const Utterance utterance = recognizer.finish();
    decode_cpu_s += thread_cpu_s() - cpu_start;
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    const double duration = static_cast<double>(pcm.size()) / options.rate;
    audio_s += duration;
    decode_s += seconds;
    ++files;
    const std::string name = std::filesystem::path(entry.path).filename().string();
    if (!options.keyphrases.empty()) {
      std::string found;
      for (const Word& w : utterance.words) {
        found += (found.empty() ? "" : "|") + w.text;
      }
      std::printf("file\t%s\t%.2f\t%s\n", name.c_str(), duration, found.c_str());
      continue;
    }
    const WordErrors errors = word_errors(entry.reference, utterance.text());
    total += errors;
    double confidence = 0;
    for (const Word& w : utterance.words) confidence += w.confidence;
    if (!utterance.words.empty()) confidence /= static_cast<double>(utterance.words.size());
    std::printf("file\t%s\t%.2f\twer=%.3f\tconf=%.2f\t%s\n", name.c_str(), duration, errors.rate(),
                confidence, utterance.text().c_str());
  }
  const long rss_after = resident_kib();
  const double per_decoder_mib =
      static_cast<double>(rss_loaded - rss_before) / 1024.0 / options.decoders;
  std::printf(
      "summary\trate=%d\tfiles=%d\taudio_s=%.1f\twords=%zu\tsub=%zu\tdel=%zu\tins=%zu\t"
      "wer=%.3f\trtf=%.3f\twall_rtf=%.3f\tload_s=%.2f\tdecoder_mib=%.0f\tdecode_growth_mib=%.0f\n",
      options.rate, files, audio_s, total.reference_words, total.substitutions, total.deletions,
      total.insertions, total.rate(), audio_s > 0 ? decode_cpu_s / audio_s : 0.0,
      audio_s > 0 ? decode_s / audio_s : 0.0, load_s, per_decoder_mib,
      static_cast<double>(rss_after - rss_loaded) / 1024.0);
  return 0;
}

}  // namespace
}  // namespace composure

int main(int argc, char** argv) {
  composure::Options options;
  std::vector<std::string> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const bool has_value = i + 1 < args.size();
    if (arg == "--rate" && has_value) {
      options.rate = std::atoi(args[++i].c_str());
    } else if (arg == "--decoders" && has_value) {
      options.decoders = std::max(1, std::atoi(args[++i].c_str()));
    } else if (arg == "--chunk-ms" && has_value) {
      options.chunk_ms = std::max(1, std::atoi(args[++i].c_str()));
    } else if (arg == "--cmn-prior-frames" && has_value) {
      options.cmn_prior_frames = std::max(0, std::atoi(args[++i].c_str()));
    } else if (arg == "--cmn-mean") {
      options.cmn_mean = true;
    } else if (arg == "--cmn-prior" && has_value) {
      std::string values = args[++i];
      for (std::size_t at = 0; at < values.size();) {
        const std::size_t comma = std::min(values.find(',', at), values.size());
        options.cmn_prior.push_back(std::strtof(values.substr(at, comma - at).c_str(), nullptr));
        at = comma + 1;
      }
    } else if (arg == "--set" && i + 2 < args.size()) {
      options.extra_args.emplace_back(args[i + 1], args[i + 2]);
      i += 2;
    } else if (arg == "--keyphrases" && has_value) {
      options.keyphrases = args[++i];
    } else if (!arg.empty() && arg.front() != '-' && options.list.empty()) {
      options.list = arg;
    } else {
      return composure::usage();
    }
  }
  if (options.list.empty()) return composure::usage();
  return composure::run(options);
}
