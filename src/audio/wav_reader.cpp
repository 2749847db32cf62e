#include "audio/wav_reader.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <memory>
#include <optional>
#include <system_error>
#include <utility>

#include "audio/g711.h"

namespace composure {
namespace {

constexpr std::uint16_t kFormatPcm = 0x0001;
constexpr std::uint16_t kFormatFloat = 0x0003;
constexpr std::uint16_t kFormatAlaw = 0x0006;
constexpr std::uint16_t kFormatUlaw = 0x0007;
constexpr std::uint16_t kFormatExtensible = 0xFFFE;
constexpr std::uint32_t kMaxSampleRate = 384000;
constexpr std::size_t kChunkHeaderBytes = 8;
constexpr std::size_t kMinFmtBytes = 16;
constexpr std::size_t kExtensibleFmtBytes = 40;
// Writers that stream to a pipe cannot seek back to patch the data size, so they leave one of
// these placeholders; only then is "runs past the end of the file" not truncation.
constexpr std::uint32_t kStreamingSizeZero = 0;
constexpr std::uint32_t kStreamingSizeMax = 0xFFFFFFFF;
// RIFF sizes are 32-bit, so no valid WAV is larger; anything bigger is not worth buffering.
constexpr std::uintmax_t kMaxFileBytes = std::uintmax_t{1} << 32;
// Headerless captures carry no rate; 8 kHz is what every telephony system records them at.
constexpr int kRawUlawRate = 8000;

enum class Encoding { PcmUnsigned8, PcmSigned, Float32, Float64, Ulaw, Alaw };

struct WavFormat {
  Encoding encoding = Encoding::PcmSigned;
  std::size_t channels = 0;
  int sample_rate = 0;
  std::size_t container_bytes = 0;  // bytes per sample in the data chunk
  std::size_t block_align = 0;      // bytes per frame (one sample of every channel)
  int bits = 0;                     // significant bits, for the description only
};

std::uint16_t read_u16(std::span<const std::uint8_t> b, std::size_t at) {
  return static_cast<std::uint16_t>(b[at] | (b[at + 1] << 8));
}

std::uint32_t read_u32(std::span<const std::uint8_t> b, std::size_t at) {
  return static_cast<std::uint32_t>(b[at]) | (static_cast<std::uint32_t>(b[at + 1]) << 8) |
         (static_cast<std::uint32_t>(b[at + 2]) << 16) |
         (static_cast<std::uint32_t>(b[at + 3]) << 24);
}

bool has_id(std::span<const std::uint8_t> b, std::size_t at, std::string_view id) {
  if (b.size() < at + id.size()) return false;
  return std::equal(id.begin(), id.end(), b.begin() + static_cast<std::ptrdiff_t>(at),
                    [](char c, std::uint8_t byte) { return static_cast<std::uint8_t>(c) == byte; });
}

// Chunk ids in damaged files are arbitrary bytes; escape them so the message stays one line.
std::string quoted_id(std::span<const std::uint8_t> b, std::size_t at) {
  constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string out = "\"";
  for (std::size_t i = at; i < at + 4 && i < b.size(); ++i) {
    const std::uint8_t c = b[i];
    if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    }
  }
  out += '"';
  return out;
}

std::string hex16(std::uint16_t v) {
  constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string out = "0x";
  for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(v >> shift) & 0x0F];
  return out;
}

std::string_view format_tag_name(std::uint16_t tag) {
  switch (tag) {
    case 0x0000:
      return "unknown";
    case 0x0001:
      return "PCM";
    case 0x0002:
      return "Microsoft ADPCM";
    case 0x0003:
      return "IEEE float";
    case 0x0006:
      return "A-law";
    case 0x0007:
      return "mu-law";
    case 0x0011:
      return "IMA ADPCM";
    case 0x0022:
      return "TrueSpeech";
    case 0x0031:
      return "GSM 6.10";
    case 0x0040:
      return "G.721 ADPCM";
    case 0x0050:
      return "MPEG";
    case 0x0055:
      return "MP3";
    case 0x0064:
      return "G.726 ADPCM";
    case 0x0065:
      return "G.722 ADPCM";
    case 0x00FF:
      return "AAC";
    case 0x0161:
      return "WMA";
    case 0xF1AC:
      return "FLAC";
    case 0xFFFE:
      return "extensible";
    default:
      return "";
  }
}

std::string describe_tag(std::uint16_t tag) {
  const std::string_view tag_name = format_tag_name(tag);
  std::string out = hex16(tag);
  if (!tag_name.empty()) out.append(" (").append(tag_name).append(")");
  return out;
}

std::string at_byte(std::size_t offset) {
  return " at byte " + std::to_string(offset);
}

std::string channel_description(std::size_t channels) {
  if (channels == 1) return "mono";
  if (channels == 2) return "stereo";
  return std::to_string(channels) + "-channel";
}

std::string encoding_description(const WavFormat& f) {
  switch (f.encoding) {
    case Encoding::PcmUnsigned8:
    case Encoding::PcmSigned:
      return "PCM" + std::to_string(f.bits);
    case Encoding::Float32:
      return "float32";
    case Encoding::Float64:
      return "float64";
    case Encoding::Ulaw:
      return "mu-law";
    case Encoding::Alaw:
      return "A-law";
  }
  return "?";
}

float clamp_unit(double v) {
  if (!(v == v)) return 0.0f;  // NaN carries no signal; silence is the honest stand-in
  return static_cast<float>(std::clamp(v, -1.0, 1.0));
}

// One sample: `p` points at its first byte, `n` is the container size in bytes. The encoding is
// a template argument so the per-sample loop carries no switch.
template <Encoding E>
float decode_sample(const std::uint8_t* p, std::size_t n) {
  if constexpr (E == Encoding::PcmUnsigned8) {
    return static_cast<float>(p[0] - 128) / 128.0f;
  } else if constexpr (E == Encoding::PcmSigned) {
    // Left-justify into 32 bits so 16-, 24- and 32-bit samples share one scale.
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < n; ++i) v |= static_cast<std::uint32_t>(p[i]) << (8 * i);
    v <<= 8 * (4 - n);
    return static_cast<float>(static_cast<double>(static_cast<std::int32_t>(v)) / 2147483648.0);
  } else if constexpr (E == Encoding::Float32) {
    const std::uint32_t bits =
        static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
        (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
    return clamp_unit(std::bit_cast<float>(bits));
  } else if constexpr (E == Encoding::Float64) {
    std::uint64_t bits = 0;
    for (std::size_t i = 0; i < 8; ++i) bits |= static_cast<std::uint64_t>(p[i]) << (8 * i);
    return clamp_unit(std::bit_cast<double>(bits));
  } else if constexpr (E == Encoding::Ulaw) {
    return static_cast<float>(ulaw_to_linear(p[0])) / 32768.0f;
  } else {
    static_assert(E == Encoding::Alaw);
    return static_cast<float>(alaw_to_linear(p[0])) / 32768.0f;
  }
}

template <Encoding E>
void deinterleave(std::span<const std::uint8_t> data, const WavFormat& f,
                  std::vector<std::vector<float>>& channels) {
  for (std::size_t c = 0; c < channels.size(); ++c) {
    std::vector<float>& out = channels[c];
    const std::uint8_t* p = data.data() + c * f.container_bytes;
    for (std::size_t i = 0; i < out.size(); ++i, p += f.block_align) {
      out[i] = decode_sample<E>(p, f.container_bytes);
    }
  }
}

// `data` holds at least one whole frame; a trailing partial frame is ignored.
PcmAudio decode_frames(std::span<const std::uint8_t> data, const WavFormat& f) {
  const std::size_t frames = data.size() / f.block_align;
  PcmAudio audio;
  audio.sample_rate = f.sample_rate;
  audio.format = "WAV " + encoding_description(f) + " " + channel_description(f.channels) + " " +
                 std::to_string(f.sample_rate) + " Hz";
  audio.channels.assign(f.channels, std::vector<float>(frames));
  switch (f.encoding) {
    case Encoding::PcmUnsigned8:
      deinterleave<Encoding::PcmUnsigned8>(data, f, audio.channels);
      break;
    case Encoding::PcmSigned:
      deinterleave<Encoding::PcmSigned>(data, f, audio.channels);
      break;
    case Encoding::Float32:
      deinterleave<Encoding::Float32>(data, f, audio.channels);
      break;
    case Encoding::Float64:
      deinterleave<Encoding::Float64>(data, f, audio.channels);
      break;
    case Encoding::Ulaw:
      deinterleave<Encoding::Ulaw>(data, f, audio.channels);
      break;
    case Encoding::Alaw:
      deinterleave<Encoding::Alaw>(data, f, audio.channels);
      break;
  }
  return audio;
}

class WavParser {
 public:
  WavParser(std::span<const std::uint8_t> bytes, std::string_view name)
      : bytes_(bytes), name_(name) {}

  Result<PcmAudio> parse() {
    if (!has_id(bytes_, 0, "RIFF")) {
      std::string what = "not a WAV file: expected \"RIFF\" at byte 0";
      if (bytes_.size() >= 4) what += ", found " + quoted_id(bytes_, 0);
      if (has_id(bytes_, 0, "RF64")) what += " (64-bit RF64 WAV is not supported)";
      return error(what);
    }
    if (bytes_.size() < 12) {
      return error("truncated: RIFF header at byte 0 needs 12 bytes but the file has " +
                   std::to_string(bytes_.size()));
    }
    if (!has_id(bytes_, 8, "WAVE")) {
      return error("not a WAV file: expected \"WAVE\" at byte 8, found " + quoted_id(bytes_, 8));
    }
    // The RIFF size at byte 4 is ignored: writers get it wrong more often than the chunk sizes.
    std::size_t pos = 12;
    while (pos < bytes_.size()) {
      const std::size_t remaining = bytes_.size() - pos;
      if (remaining < kChunkHeaderBytes) {
        return error("truncated: chunk header" + at_byte(pos) + " needs 8 bytes but only " +
                     std::to_string(remaining) + " remain");
      }
      const std::uint32_t declared = read_u32(bytes_, pos + 4);
      const std::size_t body = pos + kChunkHeaderBytes;
      const std::size_t available = bytes_.size() - body;
      if (has_id(bytes_, pos, "data")) return parse_data(pos, declared, available);
      if (declared > available) {
        return error("truncated: " + quoted_id(bytes_, pos) + " chunk" + at_byte(pos) +
                     " declares " + std::to_string(declared) + " bytes but only " +
                     std::to_string(available) + " remain");
      }
      if (has_id(bytes_, pos, "fmt ")) {
        if (format_) return error("second \"fmt \" chunk" + at_byte(pos));
        auto format = parse_fmt(pos, bytes_.subspan(body, declared));
        if (!format) return tl::unexpected(std::move(format).error());
        format_ = *format;
      }
      // Odd-sized chunks are followed by a pad byte; a file may end without it.
      pos = std::min(bytes_.size(), body + declared + (declared & 1u));
    }
    if (!format_) return error("no \"fmt \" chunk in " + std::to_string(bytes_.size()) + " bytes");
    return error("no \"data\" chunk in " + std::to_string(bytes_.size()) + " bytes");
  }

 private:
  tl::unexpected<Error> error(const std::string& what) const {
    std::string message(name_);
    message.append(": ").append(what);
    return fail(std::move(message));
  }

  Result<WavFormat> parse_fmt(std::size_t chunk_pos, std::span<const std::uint8_t> fmt) const {
    const std::size_t base = chunk_pos + kChunkHeaderBytes;
    if (fmt.size() < kMinFmtBytes) {
      return error("fmt chunk" + at_byte(chunk_pos) + " is " + std::to_string(fmt.size()) +
                   " bytes, need at least 16");
    }
    std::uint16_t tag = read_u16(fmt, 0);
    const std::uint16_t channels = read_u16(fmt, 2);
    const std::uint32_t sample_rate = read_u32(fmt, 4);
    const std::uint16_t block_align = read_u16(fmt, 12);
    const std::uint16_t bits = read_u16(fmt, 14);
    int significant_bits = bits;
    std::size_t tag_offset = base;
    std::string_view extensible_note;

    if (tag == kFormatExtensible) {
      if (fmt.size() < kExtensibleFmtBytes) {
        return error("WAVE_FORMAT_EXTENSIBLE fmt chunk" + at_byte(chunk_pos) + " is " +
                     std::to_string(fmt.size()) + " bytes, need at least 40");
      }
      // Subformat GUIDs for the classic codecs are the 16-bit tag spliced into a fixed suffix.
      constexpr std::array<std::uint8_t, 14> kGuidTail = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80,
                                                          0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71};
      if (!std::equal(kGuidTail.begin(), kGuidTail.end(), fmt.begin() + 26)) {
        return error("unsupported WAVE_FORMAT_EXTENSIBLE subformat GUID" + at_byte(base + 24));
      }
      tag = read_u16(fmt, 24);
      tag_offset = base + 24;
      extensible_note = " in WAVE_FORMAT_EXTENSIBLE subformat";
      const std::uint16_t valid_bits = read_u16(fmt, 18);
      if (valid_bits > 0 && valid_bits < bits) significant_bits = valid_bits;
    }

    WavFormat f;
    const auto unsupported_bits = [&](std::string_view kind) {
      return error("unsupported " + std::string(kind) + " sample size of " + std::to_string(bits) +
                   " bits" + at_byte(base + 14));
    };
    switch (tag) {
      case kFormatPcm:
        // Samples narrower than their container are left-justified, so the container decides.
        if (bits == 0 || bits > 32) return unsupported_bits("PCM");
        f.container_bytes = (bits + 7u) / 8u;
        f.encoding = f.container_bytes == 1 ? Encoding::PcmUnsigned8 : Encoding::PcmSigned;
        break;
      case kFormatFloat:
        if (bits != 32 && bits != 64) return unsupported_bits("IEEE float");
        f.container_bytes = bits / 8u;
        f.encoding = bits == 32 ? Encoding::Float32 : Encoding::Float64;
        break;
      case kFormatUlaw:
      case kFormatAlaw:
        if (bits != 8) return unsupported_bits(tag == kFormatUlaw ? "mu-law" : "A-law");
        f.container_bytes = 1;
        f.encoding = tag == kFormatUlaw ? Encoding::Ulaw : Encoding::Alaw;
        break;
      default:
        return error("unsupported WAV format " + describe_tag(tag) + std::string(extensible_note) +
                     at_byte(tag_offset));
    }
    if (channels == 0) return error("0 channels in fmt chunk" + at_byte(base + 2));
    if (sample_rate == 0 || sample_rate > kMaxSampleRate) {
      return error("sample rate " + std::to_string(sample_rate) + " Hz in fmt chunk" +
                   at_byte(base + 4) + " is outside 1..384000 Hz");
    }
    if (block_align != channels * f.container_bytes) {
      return error("block align " + std::to_string(block_align) + " does not match " +
                   std::to_string(channels) + " channels of " + std::to_string(bits) +
                   "-bit samples" + at_byte(base + 12));
    }
    f.channels = channels;
    f.sample_rate = static_cast<int>(sample_rate);
    f.block_align = block_align;
    f.bits = significant_bits;
    return f;
  }

  Result<PcmAudio> parse_data(std::size_t pos, std::uint32_t declared,
                              std::size_t available) const {
    if (!format_) {
      return error("no \"fmt \" chunk before \"data\" chunk" + at_byte(pos));
    }
    std::size_t size = declared;
    if (declared == kStreamingSizeZero || (declared == kStreamingSizeMax && declared > available)) {
      size = available;
    } else if (declared > available) {
      return error("truncated: data chunk declares " + std::to_string(declared) + " bytes" +
                   at_byte(pos) + " but only " + std::to_string(available) + " remain");
    }
    if (size == 0) return error("no audio: data chunk" + at_byte(pos) + " is empty");
    if (size < format_->block_align) {
      return error("no audio: data chunk" + at_byte(pos) + " holds " + std::to_string(size) +
                   " bytes, less than one " + std::to_string(format_->block_align) + "-byte frame");
    }
    // A trailing partial frame (a writer cut off mid-frame) is dropped rather than rejected.
    return decode_frames(bytes_.subspan(pos + kChunkHeaderBytes, size), *format_);
  }

  std::span<const std::uint8_t> bytes_;
  std::string_view name_;
  std::optional<WavFormat> format_;
};

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

Result<std::vector<std::uint8_t>> read_whole_file(const std::filesystem::path& path,
                                                  const std::string& name) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return fail(name + ": cannot read: is a directory");
  const std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    return fail(name + ": cannot open: " + std::generic_category().message(errno));
  }
  std::vector<std::uint8_t> bytes;
  const std::uintmax_t size_hint = std::filesystem::file_size(path, ec);
  if (!ec && size_hint <= kMaxFileBytes) bytes.reserve(size_hint);
  std::array<std::uint8_t, std::size_t{64} * 1024> buffer;
  while (true) {
    const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), file.get());
    if (n == 0) break;
    if (bytes.size() + n > kMaxFileBytes) {
      return fail(name + ": too large: audio files over 4 GiB are not supported");
    }
    bytes.insert(bytes.end(), buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(n));
  }
  if (std::ferror(file.get()) != 0) {
    return fail(name + ": cannot read: " + std::generic_category().message(errno));
  }
  return bytes;
}

std::string lowercase_extension(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return ext;
}

bool is_raw_ulaw_extension(const std::filesystem::path& path) {
  constexpr std::array<std::string_view, 6> kRaw = {".ul", ".ulaw", ".mulaw",
                                                    ".mu", ".raw",  ".pcmu"};
  return std::find(kRaw.begin(), kRaw.end(), lowercase_extension(path)) != kRaw.end();
}

bool is_wav_extension(const std::filesystem::path& path) {
  const std::string ext = lowercase_extension(path);
  return ext == ".wav" || ext == ".wave";
}

}  // namespace

Result<PcmAudio> parse_wav(std::span<const std::uint8_t> bytes, std::string_view name) {
  return WavParser(bytes, name).parse();
}

PcmAudio decode_raw_ulaw(std::span<const std::uint8_t> bytes, int sample_rate) {
  PcmAudio audio;
  audio.sample_rate = sample_rate;
  audio.format = "raw mu-law mono " + std::to_string(sample_rate) + " Hz";
  std::vector<float>& out = audio.channels.emplace_back(bytes.size());
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    out[i] = static_cast<float>(ulaw_to_linear(bytes[i])) / 32768.0f;
  }
  return audio;
}

Result<PcmAudio> load_audio_file(const std::filesystem::path& path) {
  const std::string name = path.string();
  auto bytes = read_whole_file(path, name);
  if (!bytes) return tl::unexpected(std::move(bytes).error());
  const std::span<const std::uint8_t> view(*bytes);
  if (has_id(view, 0, "RIFF")) return parse_wav(view, name);
  if (is_raw_ulaw_extension(path)) {
    if (view.empty()) return fail(name + ": no audio: file is empty");
    return decode_raw_ulaw(view, kRawUlawRate);
  }
  auto not_wav = parse_wav(view, name);
  if (!not_wav && !is_wav_extension(path)) {
    not_wav.error().message +=
        " (headerless mu-law needs a .ul, .ulaw, .mulaw, .mu, .raw or .pcmu extension)";
  }
  return not_wav;
}

}  // namespace composure
