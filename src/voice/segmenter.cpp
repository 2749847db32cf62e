#include "voice/segmenter.h"

namespace composure {

std::optional<ActivityFrame> Segmenter::push(std::int64_t t_ms, bool raw_speech,
                                             std::array<bool, 2> half_active) {
  ring_[(head_ + count_) % kRing] = Raw{t_ms, raw_speech, half_active};
  ++count_;
  if (count_ < kRing) return std::nullopt;
  return decide();
}

ActivityFrame Segmenter::decide() {
  const Raw cur = at(0);
  bool speech = cur.speech;
  if (in_speech_ && !speech) {
    // Inside a spurt, a gap shorter than a pause is still the spurt.
    for (int i = 1; i < count_; ++i) {
      if (at(i).speech) {
        speech = true;
        break;
      }
    }
  } else if (!in_speech_ && speech) {
    // A spurt must last a syllable or so to count.
    for (int i = 1; i < kMinSpeechFrames; ++i) {
      if (i >= count_ || !at(i).speech) {
        speech = false;
        break;
      }
    }
  }

  ActivityFrame out;
  out.t_ms = cur.t_ms;
  out.speech = speech;
  if (speech && !in_speech_) {
    // Starts with the first half of this frame unless only the second half is loud.
    spurt_start_ms_ = cur.t_ms + ((!cur.half[0] && cur.half[1]) ? kFrameMs / 2 : 0);
    out.started_ms = spurt_start_ms_;
  } else if (!speech && in_speech_) {
    // Ends at the end of the previous frame unless its second half was already quiet.
    std::int64_t end = last_out_.t_ms + kFrameMs;
    if (last_out_.half[0] && !last_out_.half[1]) end -= kFrameMs / 2;
    out.ended = Segment{spurt_start_ms_, end};
  }
  in_speech_ = speech;
  last_out_ = cur;
  head_ = (head_ + 1) % kRing;
  --count_;
  return out;
}

std::optional<Segment> Segmenter::close() {
  if (!in_speech_) return std::nullopt;
  in_speech_ = false;
  return Segment{spurt_start_ms_, last_out_.t_ms + kFrameMs};
}

}  // namespace composure
