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
};

// Features of the frame just pushed (no look-ahead).
struct VoiceFrame {
  std::int64_t t_ms = 0;
  float level_db = kSilenceDb;
  float floor_db = kSilenceDb;
  float f0_hz = 0;      // 0 when unvoiced or not speech
  bool vad = false;     // WebRTC's verdict alone
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

 private:
  ChannelAnalyzer(const VoiceConfig& config, Vad vad) : config_(config), vad_(std::move(vad)) {}

  VoiceConfig config_;
  Vad vad_;
  NoiseFloor floor_;
  PitchTracker pitch_;
  SyllableDetector syllables_;
  Segmenter segmenter_;
};

}  // namespace composure
