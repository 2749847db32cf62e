#include "serve/media_stream.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cstring>
#include <nlohmann/json.hpp>

#include "speech/transcript.h"

namespace composure {
namespace {

using nlohmann::json;

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<int, 256> make_decode_table() {
  std::array<int, 256> t{};
  for (auto& v : t) v = -1;
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
    t[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int>(i);
  }
  return t;
}
constexpr auto kDecode = make_decode_table();

// Twilio sends numbers as strings; both forms are accepted.
Result<std::int64_t> number(const json& j, const std::string& path) {
  if (j.is_number_integer()) return j.get<std::int64_t>();
  if (j.is_string()) {
    const auto& s = j.get_ref<const std::string&>();
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && end == s.data() + s.size() && !s.empty()) return v;
  }
  return fail(path + ": expected a whole number, got " + j.dump());
}

Result<std::string> text(const json& obj, const char* key, const std::string& path) {
  if (!obj.contains(key)) return fail(path + "." + key + ": missing");
  const auto& v = obj[key];
  if (!v.is_string()) return fail(path + "." + key + ": expected text, got " + v.dump());
  return v.get<std::string>();
}

Result<const json*> object(const json& obj, const char* key) {
  if (!obj.contains(key)) return fail(std::string(key) + ": missing");
  const auto& v = obj[key];
  if (!v.is_object()) return fail(std::string(key) + ": expected an object");
  return &v;
}

Result<void> read_start(const json& j, MediaMessage& m) {
  auto start = object(j, "start");
  if (!start) return tl::unexpected(start.error());
  const json& s = **start;
  if (auto sid = text(s, "callSid", "start"); sid) {
    m.call_sid = *sid;
  } else {
    return tl::unexpected(sid.error());
  }
  if (s.contains("accountSid") && s["accountSid"].is_string()) {
    m.account_sid = s["accountSid"].get<std::string>();
  }
  if (m.stream_sid.empty() && s.contains("streamSid") && s["streamSid"].is_string()) {
    m.stream_sid = s["streamSid"].get<std::string>();
  }
  if (s.contains("tracks")) {
    if (!s["tracks"].is_array()) return fail("start.tracks: expected a list");
    for (const auto& t : s["tracks"]) {
      const std::string name = t.is_string() ? t.get<std::string>() : t.dump();
      if (name == "inbound" || name == "inbound_track") {
        m.inbound = true;
      } else if (name == "outbound" || name == "outbound_track") {
        m.outbound = true;
      } else if (name == "both" || name == "both_tracks") {
        m.inbound = m.outbound = true;
      } else {
        return fail("start.tracks: unknown track " + name + " (expected inbound, outbound)");
      }
    }
  } else {
    m.inbound = true;
  }
  if (!m.inbound && !m.outbound) return fail("start.tracks: empty");
  if (s.contains("mediaFormat")) {
    const auto& f = s["mediaFormat"];
    if (!f.is_object()) return fail("start.mediaFormat: expected an object");
    const std::string encoding = f.value("encoding", "audio/x-mulaw");
    if (encoding != "audio/x-mulaw") {
      return fail("start.mediaFormat.encoding: " + encoding + " is not supported (audio/x-mulaw)");
    }
    if (f.contains("sampleRate")) {
      auto rate = number(f["sampleRate"], "start.mediaFormat.sampleRate");
      if (!rate) return tl::unexpected(rate.error());
      if (*rate != 8000) {
        return fail("start.mediaFormat.sampleRate: " + std::to_string(*rate) +
                    " Hz is not supported (8000)");
      }
    }
    if (f.contains("channels")) {
      auto ch = number(f["channels"], "start.mediaFormat.channels");
      if (!ch) return tl::unexpected(ch.error());
      if (*ch != 1) return fail("start.mediaFormat.channels: expected 1 per track");
    }
  }
  if (s.contains("customParameters") && s["customParameters"].is_object()) {
    m.custom_parameters = s["customParameters"].dump();
  }
  return {};
}

Result<void> read_media(const json& j, MediaMessage& m) {
  auto media = object(j, "media");
  if (!media) return tl::unexpected(media.error());
  const json& d = **media;
  const std::string track = d.value("track", "inbound");
  if (track == "inbound" || track == "inbound_track") {
    m.track = Track::Inbound;
  } else if (track == "outbound" || track == "outbound_track") {
    m.track = Track::Outbound;
  } else {
    return fail("media.track: unknown track '" + track + "' (expected inbound or outbound)");
  }
  if (d.contains("chunk")) {
    auto c = number(d["chunk"], "media.chunk");
    if (!c) return tl::unexpected(c.error());
    m.chunk = *c;
  }
  if (!d.contains("timestamp")) return fail("media.timestamp: missing");
  auto ts = number(d["timestamp"], "media.timestamp");
  if (!ts) return tl::unexpected(ts.error());
  if (*ts < 0) return fail("media.timestamp: negative");
  m.timestamp_ms = *ts;
  auto payload = text(d, "payload", "media");
  if (!payload) return tl::unexpected(payload.error());
  auto bytes = decode_base64(*payload);
  if (!bytes) return fail("media.payload: " + bytes.error().message);
  m.payload = std::move(*bytes);
  return {};
}

// A checking walk over JSON text that allocates nothing: what parse_media_frame needs to read
// the common message fast and still refuse (to the full parser) anything that is not plainly
// valid. Every method returns false on text it does not take.
class JsonWalk {
 public:
  explicit JsonWalk(std::string_view text) : t_(text) {}

  bool eat(char c) {
    space();
    if (i_ >= t_.size() || t_[i_] != c) return false;
    ++i_;
    return true;
  }

  bool at_end() {
    space();
    return i_ == t_.size();
  }

  // A string without escapes (ASCII only): its content.
  bool plain_string(std::string_view& out) {
    space();
    bool escaped = false;
    const std::size_t from = i_ + 1;
    if (!string(escaped) || escaped) return false;
    out = t_.substr(from, i_ - 1 - from);
    return true;
  }

  // A whole number, as a JSON integer or a string of digits (Twilio sends strings).
  bool integer(std::int64_t& out) {
    space();
    std::string_view digits;
    if (i_ < t_.size() && t_[i_] == '"') {
      if (!plain_string(digits)) return false;
    } else {
      const std::size_t from = i_;
      bool fraction = false;
      if (!number(fraction) || fraction) return false;
      digits = t_.substr(from, i_ - from);
    }
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
    return ec == std::errc() && end == digits.data() + digits.size() && !digits.empty();
  }

  bool skip_value(int depth) {
    space();
    if (i_ >= t_.size() || depth > kMaxDepth) return false;
    const char c = t_[i_];
    if (c == '"') {
      bool escaped = false;
      return string(escaped);
    }
    if (c == '{' || c == '[') {
      const char close = c == '{' ? '}' : ']';
      ++i_;
      if (eat(close)) return true;
      for (;;) {
        if (c == '{') {
          bool escaped = false;
          space();
          if (!string(escaped) || !eat(':')) return false;
        }
        if (!skip_value(depth + 1)) return false;
        if (eat(',')) continue;
        return eat(close);
      }
    }
    for (const std::string_view word : {"true", "false", "null"}) {
      if (t_.substr(i_, word.size()) == word) {
        i_ += word.size();
        return true;
      }
    }
    bool fraction = false;
    return number(fraction);
  }

 private:
  static constexpr int kMaxDepth = 64;

  void space() {
    while (i_ < t_.size() &&
           (t_[i_] == ' ' || t_[i_] == '\t' || t_[i_] == '\n' || t_[i_] == '\r')) {
      ++i_;
    }
  }

  static bool digit(char c) { return c >= '0' && c <= '9'; }

  // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
  bool number(bool& fraction) {
    if (i_ < t_.size() && t_[i_] == '-') ++i_;
    if (i_ >= t_.size() || !digit(t_[i_])) return false;
    if (t_[i_] == '0') {
      ++i_;
    } else {
      while (i_ < t_.size() && digit(t_[i_])) ++i_;
    }
    if (i_ < t_.size() && t_[i_] == '.') {
      fraction = true;
      ++i_;
      if (i_ >= t_.size() || !digit(t_[i_])) return false;
      while (i_ < t_.size() && digit(t_[i_])) ++i_;
    }
    if (i_ < t_.size() && (t_[i_] == 'e' || t_[i_] == 'E')) {
      fraction = true;
      ++i_;
      if (i_ < t_.size() && (t_[i_] == '+' || t_[i_] == '-')) ++i_;
      if (i_ >= t_.size() || !digit(t_[i_])) return false;
      while (i_ < t_.size() && digit(t_[i_])) ++i_;
    }
    return true;
  }

  // At a '"': past the closing quote. Control characters and non-ASCII bytes are refused (the
  // full parser checks UTF-8; media messages are ASCII).
  // True when none of the 8 bytes ends or escapes a string or needs a closer look (a quote, a
  // backslash, a control character, anything outside ASCII).
  static bool plain8(std::uint64_t w) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
    const auto has_zero = [](std::uint64_t v) { return ((v - kOnes) & ~v & kHigh) != 0; };
    const bool below_space = ((w - kOnes * 0x20) & ~w & kHigh) != 0;
    return (w & kHigh) == 0 && !below_space && !has_zero(w ^ (kOnes * '"')) &&
           !has_zero(w ^ (kOnes * '\\'));
  }

  bool string(bool& escaped) {
    if (i_ >= t_.size() || t_[i_] != '"') return false;
    ++i_;
    // Long plain runs (a media payload is 216 base64 characters) eight bytes at a time.
    while (i_ + 8 <= t_.size()) {
      std::uint64_t w = 0;
      std::memcpy(&w, t_.data() + i_, 8);
      if (!plain8(w)) break;
      i_ += 8;
    }
    while (i_ < t_.size()) {
      const auto c = static_cast<unsigned char>(t_[i_++]);
      if (c == '"') return true;
      if (c < 0x20 || c >= 0x80) return false;
      if (c != '\\') continue;
      escaped = true;
      if (i_ >= t_.size()) return false;
      const char e = t_[i_++];
      if (e == 'u') {
        for (int k = 0; k < 4; ++k, ++i_) {
          if (i_ >= t_.size() || std::isxdigit(static_cast<unsigned char>(t_[i_])) == 0) {
            return false;
          }
        }
      } else if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
        return false;
      }
    }
    return false;
  }

  std::string_view t_;
  std::size_t i_ = 0;
};

bool read_media_object(JsonWalk& j, MediaFrame& f, std::vector<std::uint8_t>& payload) {
  if (!j.eat('{')) return false;
  bool track = false;
  bool chunk = false;
  bool timestamp = false;
  bool have_payload = false;
  if (j.eat('}')) return false;  // no timestamp, no payload
  for (;;) {
    std::string_view key;
    if (!j.plain_string(key) || !j.eat(':')) return false;
    if (key == "track") {
      std::string_view v;
      if (track || !j.plain_string(v)) return false;
      track = true;
      if (v == "inbound" || v == "inbound_track") {
        f.track = Track::Inbound;
      } else if (v == "outbound" || v == "outbound_track") {
        f.track = Track::Outbound;
      } else {
        return false;
      }
    } else if (key == "chunk") {
      if (chunk || !j.integer(f.chunk)) return false;
      chunk = true;
    } else if (key == "timestamp") {
      if (timestamp || !j.integer(f.timestamp_ms) || f.timestamp_ms < 0) return false;
      timestamp = true;
    } else if (key == "payload") {
      std::string_view v;
      if (have_payload || !j.plain_string(v) || !decode_base64_into(v, payload)) return false;
      have_payload = true;
    } else if (!j.skip_value(2)) {
      return false;
    }
    if (j.eat(',')) continue;
    if (!j.eat('}')) return false;
    return timestamp && have_payload;
  }
}

}  // namespace

bool parse_media_frame(std::string_view text, MediaFrame& frame,
                       std::vector<std::uint8_t>& payload) {
  JsonWalk j(text);
  MediaFrame f;
  bool event = false;
  bool media = false;
  bool sequence = false;
  if (!j.eat('{') || j.eat('}')) return false;
  for (;;) {
    std::string_view key;
    if (!j.plain_string(key) || !j.eat(':')) return false;
    if (key == "event") {
      std::string_view v;
      if (event || !j.plain_string(v) || v != "media") return false;
      event = true;
    } else if (key == "sequenceNumber") {
      if (sequence || !j.integer(f.sequence)) return false;
      sequence = true;
    } else if (key == "media") {
      if (media || !read_media_object(j, f, payload)) return false;
      media = true;
    } else if (!j.skip_value(1)) {
      return false;
    }
    if (j.eat(',')) continue;
    if (!j.eat('}')) return false;
    break;
  }
  if (!j.at_end() || !event || !media) return false;
  frame = f;
  return true;
}

bool decode_base64_into(std::string_view s, std::vector<std::uint8_t>& out) {
  while (!s.empty() && s.back() == '=') s.remove_suffix(1);
  if (s.size() % 4 == 1) return false;
  out.resize(s.size() * 3 / 4);
  std::size_t n = 0;
  std::size_t i = 0;
  for (; i + 4 <= s.size(); i += 4) {
    const int a = kDecode[static_cast<unsigned char>(s[i])];
    const int b = kDecode[static_cast<unsigned char>(s[i + 1])];
    const int c = kDecode[static_cast<unsigned char>(s[i + 2])];
    const int d = kDecode[static_cast<unsigned char>(s[i + 3])];
    if ((a | b | c | d) < 0) return false;
    const auto v = static_cast<std::uint32_t>(a << 18 | b << 12 | c << 6 | d);
    out[n++] = static_cast<std::uint8_t>(v >> 16);
    out[n++] = static_cast<std::uint8_t>(v >> 8 & 0xFF);
    out[n++] = static_cast<std::uint8_t>(v & 0xFF);
  }
  std::uint32_t acc = 0;
  int bits = 0;
  for (; i < s.size(); ++i) {
    const int v = kDecode[static_cast<unsigned char>(s[i])];
    if (v < 0) return false;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = static_cast<std::uint8_t>((acc >> bits) & 0xFF);
    }
  }
  out.resize(n);
  return true;
}

Result<std::vector<std::uint8_t>> decode_base64(std::string_view s) {
  while (!s.empty() && s.back() == '=') s.remove_suffix(1);
  if (s.size() % 4 == 1) return fail("not base64 (length " + std::to_string(s.size()) + ")");
  std::vector<std::uint8_t> out;
  out.reserve(s.size() * 3 / 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const int v = kDecode[static_cast<unsigned char>(s[i])];
    if (v < 0) return fail("not base64 (at character " + std::to_string(i + 1) + ")");
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

std::string encode_base64(const std::vector<std::uint8_t>& bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const std::uint32_t v =
        (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
    for (int shift = 18; shift >= 0; shift -= 6) out += kAlphabet[(v >> shift) & 0x3F];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t v = std::uint32_t{bytes[i]} << 16;
    if (rest == 2) v |= std::uint32_t{bytes[i + 1]} << 8;
    out += kAlphabet[(v >> 18) & 0x3F];
    out += kAlphabet[(v >> 12) & 0x3F];
    out += rest == 2 ? kAlphabet[(v >> 6) & 0x3F] : '=';
    out += '=';
  }
  return out;
}

Result<MediaMessage> parse_media_message(std::string_view text_in) {
  const json j = json::parse(text_in, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return fail("not JSON");
  if (!j.is_object()) return fail("expected a JSON object, got " + std::string(j.type_name()));
  auto event = text(j, "event", "message");
  if (!event) return fail("event: missing or not text");
  MediaMessage m;
  if (j.contains("sequenceNumber")) {
    auto seq = number(j["sequenceNumber"], "sequenceNumber");
    if (!seq) return tl::unexpected(seq.error());
    m.sequence = *seq;
  }
  if (j.contains("streamSid") && j["streamSid"].is_string()) {
    m.stream_sid = j["streamSid"].get<std::string>();
  }
  const std::string& e = *event;
  Result<void> ok;
  if (e == "connected") {
    m.kind = MediaKind::Connected;
  } else if (e == "start") {
    m.kind = MediaKind::Start;
    ok = read_start(j, m);
  } else if (e == "media") {
    m.kind = MediaKind::Media;
    ok = read_media(j, m);
  } else if (e == "mark") {
    m.kind = MediaKind::Mark;
    if (j.contains("mark") && j["mark"].is_object()) m.name = j["mark"].value("name", "");
  } else if (e == "dtmf") {
    m.kind = MediaKind::Dtmf;
    auto d = object(j, "dtmf");
    if (!d) return tl::unexpected(d.error());
    auto digit = text(**d, "digit", "dtmf");
    if (!digit) return tl::unexpected(digit.error());
    m.name = *digit;
  } else if (e == "stop") {
    m.kind = MediaKind::Stop;
  } else if (e == "transcript") {
    // One segment of the operator's own recogniser, in the transcript JSON form (times in
    // seconds, or start_ms/end_ms; words optional).
    m.kind = MediaKind::Transcript;
    auto words = parse_json_transcript(json::array({j}).dump(), "transcript");
    if (!words) {
      std::string why = words.error().message;
      constexpr std::string_view kPrefix = "transcript: segments[0]";
      if (why.starts_with(kPrefix)) why = "transcript" + why.substr(kPrefix.size());
      return fail(why);
    }
    m.utterances = std::move(*words);
  } else {
    return fail("event: unknown event '" + e +
                "' (expected connected, start, media, mark, dtmf, stop, transcript)");
  }
  if (!ok) return tl::unexpected(ok.error());
  return m;
}

std::string media_reply(std::string_view stream_sid, const std::vector<std::uint8_t>& mulaw) {
  return json{
      {"event", "media"}, {"streamSid", stream_sid}, {"media", {{"payload", encode_base64(mulaw)}}}}
      .dump();
}

std::string mark_reply(std::string_view stream_sid, std::string_view name) {
  return json{{"event", "mark"}, {"streamSid", stream_sid}, {"mark", {{"name", name}}}}.dump();
}

std::string clear_reply(std::string_view stream_sid) {
  return json{{"event", "clear"}, {"streamSid", stream_sid}}.dump();
}

}  // namespace composure
