// Turns raw per-frame speech decisions into talk spurts and pauses: fills gaps shorter than a
// pause, drops blips shorter than a syllable, and places each boundary to the nearest 10 ms. It
// looks ahead kDelayFrames, so its output for a frame arrives that much after the frame.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "core/frame.h"

namespace composure {

struct Segment {
  std::int64_t start_ms = 0;
  std::int64_t end_ms = 0;

  std::int64_t length_ms() const { return end_ms - start_ms; }
  bool operator==(const Segment&) const = default;
};

// The segmenter's verdict on one frame, kDelayFrames after it was pushed.
struct ActivityFrame {
  std::int64_t t_ms = 0;
  bool speech = false;
  std::optional<std::int64_t> started_ms;  // a talk spurt starts in this frame (refined time)
  std::optional<Segment> ended;            // a talk spurt ended just before this frame
};

class Segmenter {
 public:
  static constexpr int kMinPauseFrames = 10;  // 200 ms: shorter gaps are inside a spurt
  static constexpr int kMinSpeechFrames = 2;  // 40 ms: shorter blips are not speech
  static constexpr int kDelayFrames = kMinPauseFrames;
  static constexpr std::int64_t kDelayMs = std::int64_t{kDelayFrames} * kFrameMs;

  // raw_speech: the frame sounds like speech. half_active: whether each 10 ms half is above the
  // speech gate, used only to place boundaries. Returns the verdict for the frame pushed
  // kDelayFrames ago (nothing until the look-ahead has filled).
  std::optional<ActivityFrame> push(std::int64_t t_ms, bool raw_speech,
                                    std::array<bool, 2> half_active);

  // Verdicts for the frames still held back, at the end of a call; `emit` is called per frame.
  template <typename Fn>
  void flush(Fn&& emit) {
    while (count_ > 0) emit(decide());
  }

  // After flush: the spurt still open when the call ended, closed at the last frame's end.
  std::optional<Segment> close();

 private:
  struct Raw {
    std::int64_t t_ms = 0;
    bool speech = false;
    std::array<bool, 2> half{};
  };
  static constexpr int kRing = kDelayFrames + 1;

  const Raw& at(int i) const { return ring_[(head_ + i) % kRing]; }  // 0 = oldest held
  ActivityFrame decide();

  std::array<Raw, kRing> ring_{};
  int head_ = 0;
  int count_ = 0;
  bool in_speech_ = false;
  std::int64_t spurt_start_ms_ = 0;
  Raw last_out_{};
};

}  // namespace composure
