// Voice activity per 20 ms frame at telephone quality, from WebRTC's GMM detector
// (libwebrtc-audio-processing). One instance per channel; it keeps a little adaptive state.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "core/frame.h"
#include "core/result.h"

namespace composure {

namespace detail {
struct VadHandleDeleter {
  void operator()(void* handle) const;
};
}  // namespace detail

class Vad {
 public:
  // aggressiveness: 0 (flags most as speech) .. 3 (flags least). 2 suits telephone noise.
  [[nodiscard]] static Result<Vad> create(int aggressiveness);

  bool is_speech(std::span<const std::int16_t, kFrameSamples> pcm);

 private:
  explicit Vad(void* handle) : handle_(handle) {}
  std::unique_ptr<void, detail::VadHandleDeleter> handle_;
};

}  // namespace composure
