// Speech recognition behind one streaming interface, so that pocketsphinx today and a stronger
// engine later plug into the pipeline the same way: utterances of 8 kHz telephone audio in,
// words with call-timeline times and confidences out.
//
//   auto rec = make_pocketsphinx_recognizer({});           // pocketsphinx_recognizer.h
//   (*rec)->start(Speaker::Caller, 12'340);
//   for (auto chunk : chunks) (*rec)->feed(chunk);         // 8 kHz PCM16, any chunk size
//   Utterance so_far = (*rec)->partial();                  // any time, final == false
//   Utterance done = (*rec)->finish();                     // final words, times, confidences
#pragma once

#include <cstdint>
#include <span>

#include "core/speaker.h"
#include "core/word.h"

namespace composure {

// Telephone audio: the rate every Recognizer is fed at.
inline constexpr int kTelephoneRate = 8000;

// One decoder's stream of utterances. An instance is not thread-safe: one thread at a time (the
// DecoderPool gives each decoder to one worker at a time).
class Recognizer {
 public:
  virtual ~Recognizer() = default;

  // Begins an utterance that starts at `t_ms` on the call timeline. Starting while an utterance is
  // open abandons the open one.
  virtual void start(Speaker speaker, std::int64_t t_ms) = 0;
  // Adds 8 kHz 16-bit mono samples to the open utterance.
  virtual void feed(std::span<const std::int16_t> pcm_8k) = 0;
  // The words recognised so far (final == false); times may still move and words may change.
  virtual Utterance partial() = 0;
  // Ends the utterance: its final words with start/end times and confidences in [0, 1]. The
  // utterance spans [t_ms, t_ms + audio fed]. Without an open utterance: an empty final one.
  virtual Utterance finish() = 0;

 protected:
  Recognizer() = default;
  Recognizer(const Recognizer&) = default;
  Recognizer& operator=(const Recognizer&) = default;
};

// Recognises one whole buffer as one utterance: start, feed, finish.
Utterance recognize(Recognizer& recognizer, Speaker speaker, std::int64_t t_ms,
                    std::span<const std::int16_t> pcm_8k);

}  // namespace composure
