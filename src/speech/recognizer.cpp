#include "speech/recognizer.h"

namespace composure {

Utterance recognize(Recognizer& recognizer, Speaker speaker, std::int64_t t_ms,
                    std::span<const std::int16_t> pcm_8k) {
  recognizer.start(speaker, t_ms);
  recognizer.feed(pcm_8k);
  return recognizer.finish();
}

}  // namespace composure
