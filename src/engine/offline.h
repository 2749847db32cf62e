// Offline analysis: a whole recorded call (audio, transcript, or both) replayed through the
// Pipeline at full speed, in the order a live call would deliver it: frames as they come, words
// once the speech they belong to has ended.
#pragma once

#include <cstdint>
#include <functional>
#include <future>
#include <vector>

#include "audio/call_audio.h"
#include "core/word.h"
#include "engine/pipeline.h"
#include "speech/decoder_pool.h"

namespace composure {

struct CallInputs {
  const CallAudio* audio = nullptr;                    // none: a transcript-only call
  const std::vector<Utterance>* transcript = nullptr;  // words supplied instead of recognised
  DecoderPool* recognizer = nullptr;  // recognise talk spurts (not used when a transcript is given)
  std::vector<Utterance>* recognized = nullptr;  // if set, receives the recognised utterances
};

using Progress = std::function<void(std::int64_t done_ms, std::int64_t total_ms)>;

// progress(done_ms, total_ms) is called about every minute of call audio, if given.
[[nodiscard]] Result<CallSummary> analyze_call(const CallInputs& inputs, PipelineConfig config,
                                               EventSink& sink, const Progress& progress = {});

// Audio only, no recognition.
[[nodiscard]] Result<CallSummary> analyze_call(const CallAudio& audio, PipelineConfig config,
                                               EventSink& sink, const Progress& progress = {});

}  // namespace composure
