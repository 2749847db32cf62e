// Sample-rate conversion to the pipeline's 16-bit PCM, built on libsoxr: whole signals for file
// loading, and a streaming form for live ingest that keeps the filter state between blocks.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/result.h"

namespace composure {

// Converts one channel from `from_rate` to `to_rate` (high quality), and to int16 with clipping.
// Output length is round(in.size() * to_rate / from_rate).
[[nodiscard]] Result<std::vector<std::int16_t>> resample_to_int16(std::span<const float> in,
                                                                  int from_rate, int to_rate);

class StreamResampler {
 public:
  [[nodiscard]] static Result<StreamResampler> create(int from_rate, int to_rate);

  StreamResampler(StreamResampler&&) noexcept;
  StreamResampler& operator=(StreamResampler&&) noexcept;
  ~StreamResampler();

  // Appends the output that is ready. The filter holds back its delay's worth of input until
  // more arrives or the stream is flushed, so output lags input by a few milliseconds.
  void process(std::span<const float> in, std::vector<std::int16_t>& out);
  // Ends the stream: appends the held-back tail, then resets for a new stream at the same rates.
  void flush(std::vector<std::int16_t>& out);

 private:
  struct State;
  explicit StreamResampler(std::unique_ptr<State> state);

  std::unique_ptr<State> state_;
};

}  // namespace composure
