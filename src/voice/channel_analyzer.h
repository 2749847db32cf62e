// Everything measured on one speaker's channel, frame by frame: voice activity, loudness, pitch,
// syllable nuclei, and the talk spurts and pauses between them. Allocation-free after create().
#pragma once

#include <cstdint>
#include <optional>

#include "core/frame.h"
#include "core/result.h"
#include "voice/level.h"
#include "voice/pitch.h"
#include "voice/segmenter.h"
#include "voice/syllables.h"
#include "voice/vad.h"

namespace composure {

struct VoiceConfig {
  int vad_aggressiveness = 2;
  float gate_above_floor_db = 9.0F;  // speech must stand this far above the line noise
  float gate_min_db = -60.0F;        // and be at least this loud in absolute terms
  // The VAD's verdict only counts on frames above the gate, so once the line has stayed under it
  // this many frames in a row (a pause, the other party talking, a hold) the VAD rests until a
  // frame is loud again: about half its work on a call, and it is the costliest part of the
  // channel. While resting its noise model does not adapt, which flips about 1 speech frame in
  // 700 on the sample calls (2 s; 1 s flips 1 in 400). 0: the VAD hears every frame.
  int vad_rest_after_frames = 100;
};

// Features of the frame just pushed (no look-ahead).
struct VoiceFrame {
  std::int64_t t_ms = 0;
  float level_db = kSilenceDb;
  float floor_db = kSilenceDb;
  float f0_hz = 0;      // 0 when unvoiced or not speech
  bool vad = false;     // WebRTC's verdict alone (false while it rests)
  bool speech = false;  // VAD and loud enough above the floor
  int nuclei = 0;       // syllable nuclei confirmed in this frame

  bool voiced() const { return f0_hz > 0; }
};

class ChannelAnalyzer {
 public:
  [[nodiscard]] static Result<ChannelAnalyzer> create(const VoiceConfig& config = {});

  struct Output {
    VoiceFrame frame;
    std::optional<ActivityFrame> activity;  // verdict for the frame Segmenter::kDelayMs ago
  };

  Output push(const Frame& frame);

  // End of call: remaining activity verdicts, then the spurt left open (if any).
  template <typename Fn>
  void flush(Fn&& emit_activity) {
    segmenter_.flush(emit_activity);
  }
  std::optional<Segment> close() { return segmenter_.close(); }

  // Frames the VAD has heard so far (it rests through long quiet stretches).
  std::int64_t vad_frames() const { return vad_frames_; }

 private:
  ChannelAnalyzer(const VoiceConfig& config, Vad vad) : config_(config), vad_(std::move(vad)) {}

  VoiceConfig config_;
  Vad vad_;
  NoiseFloor floor_;
  PitchTracker pitch_;
  SyllableDetector syllables_;
  Segmenter segmenter_;
  int quiet_frames_ = 0;  // frames in a row under the speech gate
  std::int64_t vad_frames_ = 0;
};

}  // namespace composure
