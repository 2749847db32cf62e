// libFuzzer entry point for parse_wav: any byte string must give either audio that keeps the
// PcmAudio promises or a one-line error naming the file, never a crash, leak or UB.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>

#include "audio/wav_reader.h"

namespace {

void require(bool condition) {
  // abort() makes libFuzzer save the input as a crash artifact, like a sanitizer report.
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto result = composure::parse_wav(std::span(data, size), "fuzz.wav");
  if (!result) {
    const std::string& message = result.error().message;
    require(message.starts_with("fuzz.wav: ") && message.size() > 10);
    require(message.find('\n') == std::string::npos);
    return 0;
  }
  require(result->sample_rate >= 1 && result->sample_rate <= 384000);
  require(!result->channels.empty() && !result->format.empty());
  const std::size_t frames = result->channels.front().size();
  require(frames > 0);
  // Decoded audio can never outgrow the bytes it came from.
  require(frames * result->channels.size() <= size);
  for (const auto& channel : result->channels) {
    require(channel.size() == frames);
    for (float sample : channel) require(std::isfinite(sample) && std::abs(sample) <= 1.0f);
  }
  return 0;
}
