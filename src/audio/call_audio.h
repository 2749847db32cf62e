// Turns a loaded audio file into the pipeline's two speaker channels at 8 kHz 16-bit: agent and
// caller from a two-party stereo recording, or the caller alone from a mono one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "audio/wav_reader.h"
#include "core/result.h"

namespace composure {

// Which side of a stereo recording is which party; recorders disagree.
enum class ChannelLayout { AgentLeft, CallerLeft };

struct CallAudio {
  std::vector<std::int16_t> agent;   // 8 kHz; empty for mono input
  std::vector<std::int16_t> caller;  // 8 kHz; for mono input the single channel goes here
  bool mono = false;
  std::int64_t duration_ms = 0;
  std::string format;  // description of the source, from PcmAudio.format
};

// `name` (usually the file's path) prefixes error messages.
[[nodiscard]] Result<CallAudio> to_call_audio(const PcmAudio& pcm, std::string_view name,
                                              ChannelLayout layout = ChannelLayout::AgentLeft);

[[nodiscard]] Result<CallAudio> load_call_audio(const std::filesystem::path& path,
                                                ChannelLayout layout = ChannelLayout::AgentLeft);

}  // namespace composure
