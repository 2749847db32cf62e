// Offline analysis: a whole recorded call replayed through the Pipeline at full speed, frame by
// frame in the order a live call would deliver them.
#pragma once

#include <cstdint>
#include <functional>

#include "audio/call_audio.h"
#include "engine/pipeline.h"

namespace composure {

// progress(done_ms, total_ms) is called about every minute of call audio, if given.
[[nodiscard]] Result<CallSummary> analyze_call(
    const CallAudio& audio, PipelineConfig config, EventSink& sink,
    const std::function<void(std::int64_t, std::int64_t)>& progress = {});

}  // namespace composure
