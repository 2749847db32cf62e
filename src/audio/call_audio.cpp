#include "audio/call_audio.h"

#include <utility>

#include "audio/resample.h"
#include "core/frame.h"

namespace composure {

Result<CallAudio> to_call_audio(const PcmAudio& pcm, std::string_view name, ChannelLayout layout) {
  const auto error = [&](const std::string& what) {
    std::string message(name);
    message.append(": ").append(what);
    return fail(std::move(message));
  };
  const std::size_t channel_count = pcm.channels.size();
  if (channel_count == 0) return error("no audio: no channels");
  if (channel_count > 2) {
    return error(std::to_string(channel_count) +
                 " channels; Composure takes mono or two-party stereo (agent and caller)");
  }
  const std::size_t frames = pcm.channels[0].size();
  if (channel_count == 2 && pcm.channels[1].size() != frames) {
    return error("stereo channels differ in length (" + std::to_string(frames) + " and " +
                 std::to_string(pcm.channels[1].size()) + " samples)");
  }
  if (frames == 0) return error("no audio: 0 samples");
  if (pcm.sample_rate <= 0) return error("invalid sample rate " + std::to_string(pcm.sample_rate));

  CallAudio call;
  call.mono = channel_count == 1;
  call.format = pcm.format;
  call.duration_ms = static_cast<std::int64_t>(frames) * 1000 / pcm.sample_rate;
  const auto convert = [&](std::size_t channel, std::vector<std::int16_t>& out) -> Result<void> {
    auto resampled = resample_to_int16(pcm.channels[channel], pcm.sample_rate, kSampleRate);
    if (!resampled) return error(resampled.error().message);
    out = std::move(*resampled);
    return {};
  };
  if (call.mono) {
    if (auto ok = convert(0, call.caller); !ok) return tl::unexpected(ok.error());
    return call;
  }
  const std::size_t agent_channel = layout == ChannelLayout::AgentLeft ? 0 : 1;
  if (auto ok = convert(agent_channel, call.agent); !ok) return tl::unexpected(ok.error());
  if (auto ok = convert(1 - agent_channel, call.caller); !ok) return tl::unexpected(ok.error());
  return call;
}

Result<CallAudio> load_call_audio(const std::filesystem::path& path, ChannelLayout layout) {
  auto pcm = load_audio_file(path);
  if (!pcm) return tl::unexpected(std::move(pcm).error());
  return to_call_audio(*pcm, path.string(), layout);
}

}  // namespace composure
