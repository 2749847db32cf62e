#include "voice/channel_analyzer.h"

#include <utility>

namespace composure {

Result<ChannelAnalyzer> ChannelAnalyzer::create(const VoiceConfig& config) {
  auto vad = Vad::create(config.vad_aggressiveness);
  if (!vad) return tl::unexpected(vad.error());
  return ChannelAnalyzer(config, std::move(*vad));
}

ChannelAnalyzer::Output ChannelAnalyzer::push(const Frame& frame) {
  const std::span<const std::int16_t, kFrameSamples> pcm(frame.pcm);
  Output out;
  VoiceFrame& v = out.frame;
  v.t_ms = frame.t_ms;
  v.level_db = level_db(pcm);
  floor_.update(v.level_db);
  v.floor_db = floor_.db();

  const float gate = std::max(v.floor_db + config_.gate_above_floor_db, config_.gate_min_db);
  v.vad = vad_.is_speech(pcm);
  v.speech = v.vad && v.level_db > gate;
  if (v.speech) {
    v.f0_hz = pitch_.push(pcm).f0_hz;
  } else {
    pitch_.push_unanalysed(pcm);
  }
  v.nuclei = syllables_.push(pcm, v.voiced(), v.floor_db);

  const auto halves = half_frame_levels_db(pcm);
  out.activity = segmenter_.push(frame.t_ms, v.speech, {halves[0] > gate, halves[1] > gate});
  return out;
}

}  // namespace composure
