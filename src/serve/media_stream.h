// Twilio-style Media Streams: the JSON text messages a telephony platform sends over a WebSocket
// for one call (connected, start, media, mark, dtmf, stop), parsed and checked, and the messages
// we send back (media, mark, clear). Wire format in /work/shared/PROTOCOLS.md and the README.
//
//   auto m = parse_media_message(text);   // "media.payload: not base64 (at character 17)"
//   if (m && m->kind == MediaKind::Media) use(m->track, m->timestamp_ms, m->payload);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/word.h"

namespace composure {

// Transcript is ours, not Twilio's: words from the operator's own recogniser for this call,
// {"event": "transcript", "speaker": "caller", "start": 12.3, "end": 15.1, "text": "...",
//  "words": [{"word": "...", "start": 12.3, "end": 12.6, "confidence": 0.9}, ...]}.
enum class MediaKind : std::uint8_t { Connected, Start, Media, Mark, Dtmf, Stop, Transcript };

enum class Track : std::uint8_t { Inbound, Outbound };

struct MediaMessage {
  MediaKind kind = MediaKind::Connected;
  std::int64_t sequence = -1;  // sequenceNumber; -1 when absent
  std::string stream_sid;
  // start
  std::string call_sid;
  std::string account_sid;
  bool inbound = false;  // the tracks the stream carries
  bool outbound = false;
  std::string custom_parameters = "{}";  // JSON object, as sent
  // media
  Track track = Track::Inbound;
  std::int64_t chunk = -1;
  std::int64_t timestamp_ms = 0;
  std::vector<std::uint8_t> payload;  // mu-law bytes, decoded from base64
  // mark and dtmf
  std::string name;  // the mark's name, or the DTMF digit
  // transcript: the segment's words (none when its text was empty)
  std::vector<Utterance> utterances;
};

// Parses one text message. Fails with a message that says what is wrong and where (the JSON
// path), for malformed JSON, an unknown event, a missing field, a media format other than
// audio/x-mulaw at 8000 Hz mono, or a payload that is not base64.
Result<MediaMessage> parse_media_message(std::string_view text);

// The common message, parsed without allocating: a plainly well-formed "media" message (the
// whole text is checked to be JSON; ASCII only, no escapes in the fields read, no repeated
// keys). Fills `frame` and `payload` (mu-law bytes, resized) and returns true only when
// parse_media_message would accept the message with the same track, timestamp, chunk, sequence
// and payload; false: anything else (then parse_media_message decides, and names any error).
struct MediaFrame {
  Track track = Track::Inbound;
  std::int64_t timestamp_ms = 0;
  std::int64_t chunk = -1;
  std::int64_t sequence = -1;
};
bool parse_media_frame(std::string_view text, MediaFrame& frame,
                       std::vector<std::uint8_t>& payload);

// Strict base64 (RFC 4648, '=' padding optional): fails naming the first bad character.
Result<std::vector<std::uint8_t>> decode_base64(std::string_view text);
// The same into `out` (resized; its capacity is kept); false when `text` is not base64.
bool decode_base64_into(std::string_view text, std::vector<std::uint8_t>& out);
std::string encode_base64(const std::vector<std::uint8_t>& bytes);

// Messages to the platform, for a bidirectional stream (the AI agent's voice, later).
std::string media_reply(std::string_view stream_sid, const std::vector<std::uint8_t>& mulaw);
std::string mark_reply(std::string_view stream_sid, std::string_view name);
std::string clear_reply(std::string_view stream_sid);

}  // namespace composure
