#include "voice/vad.h"

#include <string>

// libwebrtc-audio-processing 0.3 exports the plain C VAD but installs no header for it; these are
// the exported signatures (checked against the library's symbols).
// NOLINTBEGIN(readability-identifier-naming): the library's own names.
extern "C" {
struct WebRtcVadInst;
WebRtcVadInst* WebRtcVad_Create();
void WebRtcVad_Free(WebRtcVadInst* handle);
int WebRtcVad_Init(WebRtcVadInst* handle);
int WebRtcVad_set_mode(WebRtcVadInst* handle, int mode);
int WebRtcVad_Process(WebRtcVadInst* handle, int fs, const std::int16_t* audio_frame,
                      std::size_t frame_length);
}
// NOLINTEND(readability-identifier-naming)

namespace composure {

void detail::VadHandleDeleter::operator()(void* handle) const {
  WebRtcVad_Free(static_cast<WebRtcVadInst*>(handle));
}

Result<Vad> Vad::create(int aggressiveness) {
  if (aggressiveness < 0 || aggressiveness > 3) {
    return fail("VAD aggressiveness must be 0..3, got " + std::to_string(aggressiveness));
  }
  WebRtcVadInst* handle = WebRtcVad_Create();
  if (handle == nullptr) return fail("could not create the WebRTC VAD");
  Vad vad(handle);
  if (WebRtcVad_Init(handle) != 0 || WebRtcVad_set_mode(handle, aggressiveness) != 0) {
    return fail("could not initialise the WebRTC VAD");
  }
  return vad;
}

bool Vad::is_speech(std::span<const std::int16_t, kFrameSamples> pcm) {
  return WebRtcVad_Process(static_cast<WebRtcVadInst*>(handle_.get()), kSampleRate, pcm.data(),
                           pcm.size()) == 1;
}

}  // namespace composure
