#include "engine/offline.h"

#include <algorithm>

namespace composure {
namespace {

void fill(Frame& f, const std::vector<std::int16_t>& pcm, std::size_t offset) {
  const std::size_t n =
      std::min<std::size_t>(kFrameSamples, pcm.size() - std::min(pcm.size(), offset));
  std::copy_n(pcm.begin() + static_cast<std::ptrdiff_t>(offset), n, f.pcm.begin());
  std::fill(f.pcm.begin() + static_cast<std::ptrdiff_t>(n), f.pcm.end(), std::int16_t{0});
}

}  // namespace

Result<CallSummary> analyze_call(const CallAudio& audio, PipelineConfig config, EventSink& sink,
                                 const std::function<void(std::int64_t, std::int64_t)>& progress) {
  config.two_party = !audio.mono;
  auto pipeline = Pipeline::create(config, sink);
  if (!pipeline) return tl::unexpected(pipeline.error());
  const std::size_t samples = std::max(audio.agent.size(), audio.caller.size());
  Frame agent;
  agent.speaker = Speaker::Agent;
  Frame caller;
  caller.speaker = audio.mono ? config.mono_speaker : Speaker::Caller;
  constexpr std::int64_t kProgressEveryMs = 60'000;
  for (std::size_t offset = 0; offset < samples; offset += kFrameSamples) {
    const auto t_ms = static_cast<std::int64_t>(offset / (kSampleRate / 1000));
    if (!audio.mono) {
      agent.t_ms = t_ms;
      fill(agent, audio.agent, offset);
      pipeline->push(agent);
    }
    caller.t_ms = t_ms;
    fill(caller, audio.caller, offset);
    pipeline->push(caller);
    if (progress && t_ms % kProgressEveryMs == 0) progress(t_ms, audio.duration_ms);
  }
  pipeline->finish();
  if (progress) progress(audio.duration_ms, audio.duration_ms);
  return pipeline->summary();
}

}  // namespace composure
