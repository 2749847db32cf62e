// Audio in from files: parses WAV (PCM, float, G.711, extensible) and raw mu-law captures into
// floating-point channels, with errors that say which file, what is wrong and at which byte.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace composure {

struct PcmAudio {
  int sample_rate = 0;
  std::vector<std::vector<float>> channels;  // one vector per channel, samples in [-1, 1]
  std::string format;                        // e.g. "WAV PCM16 stereo 44100 Hz"
};

// Parses a whole WAV file held in memory. `name` is used in error messages.
[[nodiscard]] Result<PcmAudio> parse_wav(std::span<const std::uint8_t> bytes,
                                         std::string_view name);

// Raw headerless G.711 mu-law, mono, at the given rate.
[[nodiscard]] PcmAudio decode_raw_ulaw(std::span<const std::uint8_t> bytes, int sample_rate);

// Reads a file: .wav (by RIFF header, whatever the extension), or raw mu-law when the extension
// is .ul/.ulaw/.mulaw/.mu/.raw/.pcmu (8000 Hz assumed). Errors for unreadable files name the path.
[[nodiscard]] Result<PcmAudio> load_audio_file(const std::filesystem::path& path);

}  // namespace composure
