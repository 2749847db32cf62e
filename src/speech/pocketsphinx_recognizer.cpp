#include "speech/pocketsphinx_recognizer.h"

#include <pocketsphinx.h>
#include <sphinxbase/cmn.h>
#include <sphinxbase/err.h>
#include <sphinxbase/feat.h>
#include <sphinxbase/logmath.h>

#include <algorithm>
#include <array>
#include <mutex>
#include <span>
#include <string_view>
#include <system_error>

#include "audio/resample.h"

namespace composure {
namespace {

// The en-us model's rate and frame shift (feat.params: 16 kHz, -frate 100).
constexpr int kModelRate = 16000;
constexpr std::int64_t kFrameMs = 10;
// How often the cepstral mean follows the utterance.
constexpr int kCmnUpdatesPerSecond = 10;

// Cepstral means every utterance starts from. Telephone audio, upsampled, has no energy above
// 4 kHz, which moves the mean far from the model's wideband cmninit (c1 +27 instead of -5, c2 -50
// instead of 0); starting there, or from whatever the decoder heard last, the decoder spends
// seconds adapting: testdata through a 300-3400 Hz mu-law channel measured 61 % WER with
// pocketsphinx's defaults and the decoder's history, 52 % from this prior. Both priors are the
// average batch means of four pocketsphinx-testdata recordings that the WER sets do not use
// (goforward, numbers, something, tidigits/dhd.2934z) through this front end; `scripts/measure-asr
// --calibrate` reprints them.
constexpr std::array<float, 13> kTelephoneCmnPrior = {40.25f,  26.61f, -49.63f, 29.34f, -16.53f,
                                                      -21.85f, 4.31f,  -35.40f, -2.19f, -10.59f,
                                                      -21.08f, 0.81f,  -12.91f};
constexpr std::array<float, 13> kWidebandCmnPrior = {50.88f, -1.96f, -4.20f, 7.19f,  4.79f,
                                                     -3.92f, -4.16f, -3.46f, -5.73f, 2.25f,
                                                     -7.35f, -0.24f, -0.30f};

struct ConfigDeleter {
  void operator()(cmd_ln_t* config) const { cmd_ln_free_r(config); }
};
struct DecoderDeleter {
  void operator()(ps_decoder_t* decoder) const { ps_free(decoder); }
};
using ConfigHandle = std::unique_ptr<cmd_ln_t, ConfigDeleter>;
using DecoderHandle = std::unique_ptr<ps_decoder_t, DecoderDeleter>;

// sphinxbase's log target is process-wide and reopened by ps_init when -logfn is given, which
// races between threads; switching it off once, before any decoder exists, does neither.
void silence_sphinx_logging() {
  static std::once_flag once;
  std::call_once(once, [] { err_set_logfp(nullptr); });
}

// Fillers from the model's noisedict and the LM's sentence marks: <s>, </s>, <sil>, [NOISE],
// +NSN+, ++LAUGH++.
bool is_filler(std::string_view word) {
  return word.empty() || word.front() == '<' || word.front() == '[' || word.front() == '+';
}

// "word(2)" names the dictionary's second pronunciation of "word"; keyword spotting reports its
// phrases with a trailing space.
std::string_view clean_word(std::string_view word) {
  while (!word.empty() && word.back() == ' ') word.remove_suffix(1);
  if (word.size() < 4 || word.back() != ')') return word;
  const std::size_t open = word.rfind('(');
  if (open == std::string_view::npos || open == 0 || open + 2 >= word.size()) return word;
  const std::string_view digits = word.substr(open + 1, word.size() - open - 2);
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return word;
  }
  return word.substr(0, open);
}

Result<void> check_file(const std::filesystem::path& path, std::string_view what) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) return {};
  return fail("pocketsphinx " + std::string(what) + " " + path.string() + ": no such file" +
              " (Debian: apt-get install pocketsphinx-en-us, or set PocketsphinxConfig)");
}

Result<void> check_model(const PocketsphinxConfig& config) {
  std::error_code ec;
  if (!std::filesystem::is_directory(config.acoustic_model, ec)) {
    return fail("pocketsphinx acoustic model " + config.acoustic_model.string() +
                ": no such directory (Debian: apt-get install pocketsphinx-en-us, or set "
                "PocketsphinxConfig::acoustic_model)");
  }
  for (const char* part : {"mdef", "means", "variances", "transition_matrices", "feat.params"}) {
    if (!std::filesystem::is_regular_file(config.acoustic_model / part, ec)) {
      return fail("pocketsphinx acoustic model " + config.acoustic_model.string() + ": no '" +
                  part + "' file; not a pocketsphinx acoustic model directory");
    }
  }
  if (auto ok = check_file(config.dictionary, "dictionary"); !ok) return ok;
  if (!config.keyphrases.empty()) return check_file(config.keyphrases, "keyphrase list");
  return check_file(config.language_model, "language model");
}

class PocketsphinxRecognizer final : public Recognizer {
 public:
  PocketsphinxRecognizer(std::vector<std::string> args, DecoderHandle decoder,
                         StreamResampler upsampler, int sample_rate, std::vector<float> cmn_prior,
                         int cmn_prior_frames)
      : args_(std::move(args)),
        decoder_(std::move(decoder)),
        upsampler_(std::move(upsampler)),
        sample_rate_(sample_rate),
        update_samples_(sample_rate / kCmnUpdatesPerSecond),
        cmn_prior_(cmn_prior.begin(), cmn_prior.end()),
        cmn_prior_frames_(cmn_prior_frames) {
    block_.reserve(static_cast<std::size_t>(update_samples_));
    upsampled_.reserve(static_cast<std::size_t>(2 * update_samples_ + 1024));
  }

  PocketsphinxRecognizer(const PocketsphinxRecognizer&) = delete;
  PocketsphinxRecognizer& operator=(const PocketsphinxRecognizer&) = delete;

  ~PocketsphinxRecognizer() override {
    if (open_) ps_end_utt(decoder_.get());
  }

  void start(Speaker speaker, std::int64_t t_ms) override {
    if (open_) abandon();
    speaker_ = speaker;
    t_ms_ = t_ms;
    samples_ = 0;
    // Each utterance is its own stream: the noise estimate and the cepstral mean start afresh,
    // so the words never depend on the decoder's previous call.
    ps_start_stream(decoder_.get());
    cmn_t* cmn = ps_get_feat(decoder_.get())->cmn_struct;
    cmn_live_set(cmn, cmn_prior_.data());
    if (cmn_prior_frames_ > 0) {
      // cmn_live_set weighs the prior as 500 frames; make it lighter.
      for (int i = 0; i < cmn->veclen; ++i) cmn->sum[i] = cmn_prior_[i] * cmn_prior_frames_;
      cmn->nframe = cmn_prior_frames_;
    }
    open_ = ps_start_utt(decoder_.get()) >= 0;
  }

  void feed(std::span<const std::int16_t> pcm_8k) override {
    if (!open_) return;
    while (!pcm_8k.empty()) {
      // Steps end on the utterance's 100 ms marks, where the cepstral mean is updated, so the
      // words do not depend on how the caller chunks the audio.
      const auto to_mark = static_cast<std::size_t>(update_samples_ - samples_ % update_samples_);
      const std::size_t n = std::min(pcm_8k.size(), to_mark);
      block_.resize(n);
      // 1/32768 matches the resampler's int16 scale, so the samples come back unchanged.
      std::transform(pcm_8k.begin(), pcm_8k.begin() + static_cast<std::ptrdiff_t>(n),
                     block_.begin(),
                     [](std::int16_t s) { return static_cast<float>(s) / 32768.0f; });
      upsampled_.clear();
      upsampler_.process(block_, upsampled_);
      decode(upsampled_);
      samples_ += static_cast<std::int64_t>(n);
      pcm_8k = pcm_8k.subspan(n);
      // Left alone, live CMN moves its mean only every 300 frames; follow the utterance sooner.
      if (cmn_prior_frames_ > 0 && samples_ % update_samples_ == 0) {
        cmn_live_update(ps_get_feat(decoder_.get())->cmn_struct);
      }
    }
  }

  // Decodes `pcm` as one whole utterance with batch CMN and returns the utterance's mean. Only on
  // a fresh decoder: streaming switches the front end to live CMN for good.
  std::vector<float> batch_cepstral_mean(std::span<const std::int16_t> pcm) {
    std::vector<std::int16_t> upsampled;
    std::vector<float> samples(pcm.size());
    std::transform(pcm.begin(), pcm.end(), samples.begin(),
                   [](std::int16_t s) { return static_cast<float>(s) / 32768.0f; });
    upsampler_.process(samples, upsampled);
    upsampler_.flush(upsampled);
    ps_start_utt(decoder_.get());
    ps_process_raw(decoder_.get(), upsampled.data(), upsampled.size(), /*no_search=*/0,
                   /*full_utt=*/1);
    ps_end_utt(decoder_.get());
    const cmn_t* cmn = ps_get_feat(decoder_.get())->cmn_struct;
    return {cmn->cmn_mean, cmn->cmn_mean + cmn->veclen};
  }

  Utterance partial() override {
    Utterance out = header(false);
    if (open_) collect_words(false, out);
    return out;
  }

  Utterance finish() override {
    Utterance out = header(true);
    if (!open_) return out;
    upsampled_.clear();
    upsampler_.flush(upsampled_);
    decode(upsampled_);
    open_ = false;
    if (ps_end_utt(decoder_.get()) < 0) return out;
    collect_words(true, out);
    return out;
  }

 private:
  Utterance header(bool final) const {
    Utterance out;
    out.speaker = speaker_;
    out.t_ms = t_ms_;
    out.end_ms = t_ms_ + samples_ * 1000 / sample_rate_;
    out.final = final;
    return out;
  }

  void decode(std::span<const std::int16_t> pcm_16k) {
    if (pcm_16k.empty()) return;
    ps_process_raw(decoder_.get(), pcm_16k.data(), pcm_16k.size(), /*no_search=*/0,
                   /*full_utt=*/0);
  }

  void abandon() {
    upsampled_.clear();
    upsampler_.flush(upsampled_);
    ps_end_utt(decoder_.get());
    open_ = false;
  }

  // Word segments of the best path. Posteriors exist only once the utterance has ended (from
  // the lattice); mid-utterance the backpointer table has none, so partial words carry 0.
  void collect_words(bool final, Utterance& out) {
    logmath_t* logmath = ps_get_logmath(decoder_.get());
    for (ps_seg_t* seg = ps_seg_iter(decoder_.get()); seg != nullptr; seg = ps_seg_next(seg)) {
      const char* raw = ps_seg_word(seg);
      if (raw == nullptr || is_filler(raw)) continue;
      int start_frame = 0;
      int end_frame = 0;
      ps_seg_frames(seg, &start_frame, &end_frame);
      Word word;
      word.text = std::string(clean_word(raw));
      word.t_ms = std::min(out.end_ms, t_ms_ + start_frame * kFrameMs);
      word.end_ms = std::clamp(t_ms_ + (end_frame + 1) * kFrameMs, word.t_ms, out.end_ms);
      if (final) {
        std::int32_t acoustic = 0;
        std::int32_t language = 0;
        std::int32_t backoff = 0;
        const std::int32_t log_posterior = ps_seg_prob(seg, &acoustic, &language, &backoff);
        word.confidence =
            static_cast<float>(std::clamp(logmath_exp(logmath, log_posterior), 0.0, 1.0));
      } else {
        word.confidence = 0;
      }
      out.words.push_back(std::move(word));
    }
  }

  std::vector<std::string> args_;  // cmd_ln may point into these for the decoder's life
  DecoderHandle decoder_;
  StreamResampler upsampler_;
  int sample_rate_;  // of the audio fed
  std::int64_t update_samples_;
  std::vector<mfcc_t> cmn_prior_;
  int cmn_prior_frames_;  // 0: pocketsphinx's own live CMN
  std::vector<float> block_;
  std::vector<std::int16_t> upsampled_;
  Speaker speaker_ = Speaker::Caller;
  std::int64_t t_ms_ = 0;
  std::int64_t samples_ = 0;  // samples fed to the open utterance
  bool open_ = false;
};

Result<std::unique_ptr<PocketsphinxRecognizer>> make_recognizer(const PocketsphinxConfig& config) {
  if (auto ok = check_model(config); !ok) return tl::unexpected(ok.error());
  if (config.sample_rate != kTelephoneRate && config.sample_rate != kModelRate) {
    return fail("pocketsphinx: input rate " + std::to_string(config.sample_rate) +
                " Hz; the recogniser takes 8000 (telephone) or 16000 Hz");
  }
  auto upsampler = StreamResampler::create(config.sample_rate, kModelRate);
  if (!upsampler) return tl::unexpected(upsampler.error());

  std::vector<std::string> args = {"composure", "-hmm", config.acoustic_model.string(), "-dict",
                                   config.dictionary.string(), "-samprate",
                                   std::to_string(kModelRate),
                                   // Its VAD drops silent frames, which shifts every later word's
                                   // frame index off the audio's timeline; the pipeline's own
                                   // VAD cuts the utterances.
                                   "-remove_silence", "no"};
  if (config.keyphrases.empty()) {
    args.insert(args.end(), {"-lm", config.language_model.string()});
  } else {
    args.insert(args.end(), {"-kws", config.keyphrases.string()});
  }
  for (const auto& [flag, value] : config.extra_args) {
    args.push_back(flag);
    args.push_back(value);
  }
  std::vector<char*> argv;
  argv.reserve(args.size());
  for (std::string& arg : args) argv.push_back(arg.data());

  silence_sphinx_logging();
  DecoderHandle decoder;
  {
    // Model loading touches sphinxbase globals (the log target, the debug level); one at a time.
    static std::mutex loading;
    const std::lock_guard lock(loading);
    const ConfigHandle parsed(cmd_ln_parse_r(nullptr, ps_args(),
                                             static_cast<std::int32_t>(argv.size()), argv.data(),
                                             /*strict=*/1));
    if (!parsed) {
      std::string flags;
      for (const auto& [flag, value] : config.extra_args) {
        flags.append(" ").append(flag).append(" ").append(value);
      }
      return fail("pocketsphinx: invalid decoder options:" + flags);
    }
    decoder.reset(ps_init(parsed.get()));  // retains the config
  }
  if (!decoder) {
    return fail("pocketsphinx: cannot load the model (acoustic model " +
                config.acoustic_model.string() + ", dictionary " + config.dictionary.string() +
                ", " +
                (config.keyphrases.empty() ? "language model " + config.language_model.string()
                                           : "keyphrases " + config.keyphrases.string()) +
                "); are the files a pocketsphinx model and readable?");
  }

  cmn_t* cmn = ps_get_feat(decoder.get())->cmn_struct;
  const auto dimensions = static_cast<std::size_t>(cmn->veclen);
  std::vector<float> prior = config.cmn_prior;
  if (prior.empty()) {
    const auto& measured =
        config.sample_rate == kTelephoneRate ? kTelephoneCmnPrior : kWidebandCmnPrior;
    prior.assign(measured.begin(), measured.end());
  }
  if (prior.size() != dimensions) {
    return fail("pocketsphinx: cmn_prior has " + std::to_string(prior.size()) +
                " values; the model's cepstra have " + std::to_string(dimensions));
  }
  return std::make_unique<PocketsphinxRecognizer>(std::move(args), std::move(decoder),
                                                  std::move(*upsampler), config.sample_rate,
                                                  std::move(prior), config.cmn_prior_frames);
}

}  // namespace

Result<std::unique_ptr<Recognizer>> make_pocketsphinx_recognizer(const PocketsphinxConfig& config) {
  auto recognizer = make_recognizer(config);
  if (!recognizer) return tl::unexpected(std::move(recognizer).error());
  return std::unique_ptr<Recognizer>(std::move(*recognizer));
}

Result<std::vector<std::vector<float>>> measure_cepstral_means(
    const PocketsphinxConfig& config, std::span<const std::vector<std::int16_t>> buffers) {
  std::vector<std::vector<float>> means;
  for (const std::vector<std::int16_t>& buffer : buffers) {
    // A fresh decoder each time: batch CMN only happens before any streaming has switched the
    // front end to live CMN.
    auto recognizer = make_recognizer(config);
    if (!recognizer) return tl::unexpected(std::move(recognizer).error());
    means.push_back((*recognizer)->batch_cepstral_mean(buffer));
  }
  return means;
}

}  // namespace composure
