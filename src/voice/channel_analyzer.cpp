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
  const FrameLevels levels = frame_levels(pcm);
  v.level_db = levels.db;
  floor_.update(v.level_db);
  v.floor_db = floor_.db();

  const float gate = std::max(v.floor_db + config_.gate_above_floor_db, config_.gate_min_db);
  quiet_frames_ = v.level_db > gate ? 0 : quiet_frames_ + 1;
  const int rest_after = config_.vad_rest_after_frames;
  if (rest_after <= 0 || quiet_frames_ <= rest_after) {
    v.vad = vad_.is_speech(pcm);
    ++vad_frames_;
  }
  v.speech = v.vad && v.level_db > gate;
  if (v.speech) {
    v.f0_hz = pitch_.push(pcm).f0_hz;
  } else {
    pitch_.push_unanalysed(pcm);
  }
  v.nuclei = syllables_.push(pcm, v.voiced(), v.floor_db);

  out.activity =
      segmenter_.push(frame.t_ms, v.speech, {levels.half_db[0] > gate, levels.half_db[1] > gate});
  return out;
}

}  // namespace composure
