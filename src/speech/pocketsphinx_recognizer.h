// The pocketsphinx backend of Recognizer: CMU's en-us continuous model (Debian
// pocketsphinx-en-us) decoding telephone audio upsampled to the model's 16 kHz.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "speech/recognizer.h"

namespace composure {

struct PocketsphinxConfig {
  // The acoustic model directory (mdef, means, variances, ...), the pronunciation dictionary and
  // the n-gram language model. Defaults are where Debian installs them.
  std::filesystem::path acoustic_model = "/usr/share/pocketsphinx/model/en-us/en-us";
  std::filesystem::path dictionary = "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict";
  std::filesystem::path language_model = "/usr/share/pocketsphinx/model/en-us/en-us.lm.bin";
  // The rate of the audio fed. Telephone audio (8 kHz) is upsampled to the model's 16 kHz;
  // 16000 feeds wideband audio straight through (for measuring what the telephone band costs).
  int sample_rate = kTelephoneRate;
  // The cepstral mean each utterance starts from (13 values). Empty: one measured on speech
  // through the telephone channel for 8 kHz input, on wideband speech for 16 kHz. Every
  // utterance starts from it, so a result never depends on what the decoder heard before
  // (pooled decoders hop between calls); within an utterance the decoder adapts as usual.
  std::vector<float> cmn_prior;
  // How many frames (10 ms) of speech the prior counts as; the mean then follows the utterance's
  // own frames as they arrive, so short utterances adapt too.
  int cmn_prior_frames = 100;
  // Keyword spotting instead of free decoding: a pocketsphinx keyphrase file, one phrase a line
  // with its detection threshold ("supervisor /1e-20/"). Each Word is then a spotted phrase.
  std::filesystem::path keyphrases;
  // Further decoder options as pocketsphinx flags, e.g. {"-beam", "1e-40"}; applied last.
  std::vector<std::pair<std::string, std::string>> extra_args;
};

// Loads a decoder: about 0.3 s and 95-110 MB resident each, so share a few through a
// DecoderPool rather than creating one per call. Errors name the missing or unreadable file.
// Thread-safe (creation is serialised internally); each Recognizer is used by one thread at a
// time.
[[nodiscard]] Result<std::unique_ptr<Recognizer>> make_pocketsphinx_recognizer(
    const PocketsphinxConfig& config);

// The mean cepstrum of each buffer (at config.sample_rate) through this config's front end,
// upsampling included: how a cmn_prior for a kind of channel is measured (asr_eval --cmn-mean).
[[nodiscard]] Result<std::vector<std::vector<float>>> measure_cepstral_means(
    const PocketsphinxConfig& config, std::span<const std::vector<std::int16_t>> buffers);

}  // namespace composure
