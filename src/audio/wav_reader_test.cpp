#include "audio/wav_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "audio/test_util/temp_dir.h"
#include "audio/test_util/wav_bytes.h"

namespace composure {
namespace {

using test_util::ByteWriter;
using test_util::FmtSpec;
using test_util::kFormatAlaw;
using test_util::kFormatExtensible;
using test_util::kFormatFloat;
using test_util::kFormatMp3;
using test_util::kFormatPcm;
using test_util::kFormatUlaw;
using test_util::pcm16_bytes;
using test_util::wav_file;
using ::testing::ElementsAre;
using ::testing::FloatEq;
using ::testing::HasSubstr;
using ::testing::StartsWith;

Result<PcmAudio> parse(const std::vector<std::uint8_t>& bytes) {
  return parse_wav(bytes, "x.wav");
}

std::string error_of(const std::vector<std::uint8_t>& bytes) {
  auto result = parse(bytes);
  return result ? "(parsed without error)" : result.error().message;
}

// Bytes of a little-endian 32-bit size field at `at`, for headers a test corrupts on purpose.
void patch_u32(std::vector<std::uint8_t>& bytes, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<std::uint8_t>(v >> (8 * i));
}

TEST(WavReader, DecodesPcm16MonoToUnitRange) {
  const auto result = parse(wav_file({}, pcm16_bytes({0, 16384, -16384, 32767, -32768})));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->sample_rate, 8000);
  EXPECT_EQ(result->format, "WAV PCM16 mono 8000 Hz");
  ASSERT_EQ(result->channels.size(), 1u);
  EXPECT_THAT(result->channels[0],
              ElementsAre(0.0f, 0.5f, -0.5f, FloatEq(32767.0f / 32768.0f), -1.0f));
}

TEST(WavReader, SplitsInterleavedStereoIntoChannels) {
  const auto result = parse(wav_file({.channels = 2, .sample_rate = 44100},
                                     pcm16_bytes({100, -100, 200, -200, 300, -300})));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->format, "WAV PCM16 stereo 44100 Hz");
  ASSERT_EQ(result->channels.size(), 2u);
  EXPECT_THAT(result->channels[0], ElementsAre(100 / 32768.0f, 200 / 32768.0f, 300 / 32768.0f));
  EXPECT_THAT(result->channels[1], ElementsAre(-100 / 32768.0f, -200 / 32768.0f, -300 / 32768.0f));
}

TEST(WavReader, DecodesUnsigned8BitPcmAroundMidpoint128) {
  const auto result = parse(wav_file({.bits = 8}, {128, 255, 0, 192}));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->format, "WAV PCM8 mono 8000 Hz");
  EXPECT_THAT(result->channels[0], ElementsAre(0.0f, 127.0f / 128.0f, -1.0f, 0.5f));
}

TEST(WavReader, DecodesSigned24BitPcm) {
  ByteWriter data;
  data.i24(0x400000).i24(-0x800000).i24(0x7FFFFF).i24(-1);
  const auto result = parse(wav_file({.bits = 24}, data.take()));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->format, "WAV PCM24 mono 8000 Hz");
  EXPECT_THAT(result->channels[0], ElementsAre(0.5f, -1.0f, FloatEq(8388607.0f / 8388608.0f),
                                               FloatEq(-1.0f / 8388608.0f)));
}

TEST(WavReader, DecodesSigned32BitPcm) {
  ByteWriter data;
  data.i32(0x40000000).i32(std::numeric_limits<std::int32_t>::min()).i32(-0x20000000);
  const auto result = parse(wav_file({.bits = 32}, data.take()));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->format, "WAV PCM32 mono 8000 Hz");
  EXPECT_THAT(result->channels[0], ElementsAre(0.5f, -1.0f, -0.25f));
}

TEST(WavReader, DecodesFloat32ClampingOutOfRangeAndNan) {
  ByteWriter data;
  data.f32(0.25f)
      .f32(-0.75f)
      .f32(1.5f)
      .f32(std::nanf(""))
      .f32(-std::numeric_limits<float>::infinity());
  const auto result = parse(wav_file({.format = kFormatFloat, .bits = 32}, data.take()));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->format, "WAV float32 mono 8000 Hz");
  EXPECT_THAT(result->channels[0], ElementsAre(0.25f, -0.75f, 1.0f, 0.0f, -1.0f));
}

TEST(WavReader, DecodesFloat64) {
  ByteWriter data;
  data.f64(0.125).f64(-0.5).f64(1e300);
  const auto result = parse(wav_file({.format = kFormatFloat, .bits = 64}, data.take()));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->format, "WAV float64 mono 8000 Hz");
  EXPECT_THAT(result->channels[0], ElementsAre(0.125f, -0.5f, 1.0f));
}

TEST(WavReader, DecodesMuLawThroughG711) {
  const auto result = parse(wav_file({.format = kFormatUlaw, .bits = 8}, {0xFF, 0x00, 0x80, 0xFE}));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->format, "WAV mu-law mono 8000 Hz");
  EXPECT_THAT(result->channels[0],
              ElementsAre(0.0f, -32124 / 32768.0f, 32124 / 32768.0f, 8 / 32768.0f));
}

TEST(WavReader, DecodesALawThroughG711) {
  const auto result =
      parse(wav_file({.format = kFormatAlaw, .channels = 2, .bits = 8}, {0xD5, 0x55, 0xAA, 0x2A}));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->format, "WAV A-law stereo 8000 Hz");
  EXPECT_THAT(result->channels[0], ElementsAre(8 / 32768.0f, 32256 / 32768.0f));
  EXPECT_THAT(result->channels[1], ElementsAre(-8 / 32768.0f, -32256 / 32768.0f));
}

TEST(WavReader, DecodesExtensiblePcm16Stereo) {
  const FmtSpec spec = {.format = kFormatExtensible,
                        .channels = 2,
                        .sample_rate = 48000,
                        .bits = 16,
                        .extensible_subformat = kFormatPcm};
  const auto result = parse(wav_file(spec, pcm16_bytes({16384, -8192})));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->format, "WAV PCM16 stereo 48000 Hz");
  EXPECT_THAT(result->channels[0], ElementsAre(0.5f));
  EXPECT_THAT(result->channels[1], ElementsAre(-0.25f));
}

TEST(WavReader, DecodesExtensible24BitSamplesIn32BitContainers) {
  ByteWriter data;
  data.i32(0x40000000).i32(-0x40000000);
  const FmtSpec spec = {.format = kFormatExtensible,
                        .bits = 32,
                        .extensible_subformat = kFormatPcm,
                        .valid_bits = 24};
  const auto result = parse(wav_file(spec, data.take()));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->format, "WAV PCM24 mono 8000 Hz");
  EXPECT_THAT(result->channels[0], ElementsAre(0.5f, -0.5f));
}

TEST(WavReader, DecodesExtensibleFloatAndMuLaw) {
  ByteWriter floats;
  floats.f32(-0.5f);
  const auto f = parse(
      wav_file({.format = kFormatExtensible, .bits = 32, .extensible_subformat = kFormatFloat},
               floats.take()));
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_THAT(f->channels[0], ElementsAre(-0.5f));

  const auto u = parse(wav_file(
      {.format = kFormatExtensible, .bits = 8, .extensible_subformat = kFormatUlaw}, {0x00}));
  ASSERT_TRUE(u) << u.error().message;
  EXPECT_THAT(u->channels[0], ElementsAre(-32124 / 32768.0f));
}

TEST(WavReader, DecodesAnyChannelCount) {
  const auto result = parse(wav_file({.channels = 6}, pcm16_bytes({1, 2, 3, 4, 5, 6})));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->format, "WAV PCM16 6-channel 8000 Hz");
  ASSERT_EQ(result->channels.size(), 6u);
  EXPECT_THAT(result->channels[5], ElementsAre(6 / 32768.0f));
}

TEST(WavReader, AcceptsSampleRatesFrom1To384000Hz) {
  for (std::uint32_t rate : {1u, 8000u, 384000u}) {
    const auto result = parse(wav_file({.sample_rate = rate}, pcm16_bytes({1})));
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->sample_rate, static_cast<int>(rate));
  }
}

TEST(WavReader, SkipsOddSizedListChunkAndItsPadByte) {
  ByteWriter list;
  list.chunk("LIST", {'I', 'N', 'F', 'O', 'a', 'b', 'c'});  // 7 bytes + 1 pad
  const auto result = parse(wav_file({}, pcm16_bytes({1000, -1000}), list.take()));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_THAT(result->channels[0], ElementsAre(1000 / 32768.0f, -1000 / 32768.0f));
}

TEST(WavReader, SkipsUnknownChunksBeforeFmt) {
  ByteWriter w;
  w.tag("RIFF").u32(0).tag("WAVE");
  w.chunk("JUNK", std::vector<std::uint8_t>(28, 0));
  w.chunk("bext", {1, 2, 3});
  w.chunk("fmt ", test_util::fmt_body({}));
  w.chunk("fact", {4, 0, 0, 0});
  w.chunk("data", pcm16_bytes({42}));
  const auto result = parse(w.take());
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_THAT(result->channels[0], ElementsAre(42 / 32768.0f));
}

TEST(WavReader, IgnoresChunksAfterData) {
  auto bytes = wav_file({}, pcm16_bytes({7}));
  ByteWriter tail;
  tail.tag("LIST").u32(1000);  // truncated, but after the audio, so harmless
  bytes.insert(bytes.end(), tail.bytes().begin(), tail.bytes().end());
  const auto result = parse(bytes);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_THAT(result->channels[0], ElementsAre(7 / 32768.0f));
}

TEST(WavReader, TakesRestOfFileWhenStreamingWriterLeftDataSizeZero) {
  auto bytes = wav_file({}, pcm16_bytes({1, 2, 3}));
  patch_u32(bytes, 40, 0);
  const auto result = parse(bytes);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->channels[0].size(), 3u);
}

TEST(WavReader, TakesRestOfFileWhenStreamingWriterLeftDataSizeAllOnes) {
  auto bytes = wav_file({}, pcm16_bytes({1, 2, 3}));
  patch_u32(bytes, 40, 0xFFFFFFFF);
  const auto result = parse(bytes);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->channels[0].size(), 3u);
}

TEST(WavReader, DropsTrailingPartialFrame) {
  const auto result = parse(wav_file({.channels = 2}, {1, 0, 2, 0, 3, 0}));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->channels[0].size(), 1u);
  EXPECT_EQ(result->channels[1].size(), 1u);
}

TEST(WavReader, RejectsMp3FormatNamingTheByteOffset) {
  const auto result = parse_wav(wav_file({.format = kFormatMp3}, {1, 2, 3, 4}), "calls/a.wav");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, "calls/a.wav: unsupported WAV format 0x0055 (MP3) at byte 20");
}

TEST(WavReader, RejectsUnsupportedExtensibleSubformatAtItsOffset) {
  const auto bytes =
      wav_file({.format = kFormatExtensible, .bits = 16, .extensible_subformat = kFormatMp3}, {});
  EXPECT_EQ(error_of(bytes),
            "x.wav: unsupported WAV format 0x0055 (MP3) in WAVE_FORMAT_EXTENSIBLE subformat at "
            "byte 44");
}

TEST(WavReader, RejectsExtensibleWithForeignSubformatGuid) {
  auto bytes =
      wav_file({.format = kFormatExtensible, .extensible_subformat = kFormatPcm}, pcm16_bytes({1}));
  bytes[59] ^= 0xFF;  // last byte of the GUID
  EXPECT_EQ(error_of(bytes), "x.wav: unsupported WAVE_FORMAT_EXTENSIBLE subformat GUID at byte 44");
}

TEST(WavReader, RejectsExtensibleFmtShorterThan40Bytes) {
  ByteWriter w;
  auto fmt = test_util::fmt_body({.format = kFormatExtensible, .extensible_subformat = kFormatPcm});
  fmt.resize(24);
  w.tag("RIFF").u32(0).tag("WAVE").chunk("fmt ", fmt).chunk("data", pcm16_bytes({1}));
  EXPECT_EQ(error_of(w.take()),
            "x.wav: WAVE_FORMAT_EXTENSIBLE fmt chunk at byte 12 is 24 bytes, need at least 40");
}

TEST(WavReader, RejectsTruncatedDataNamingDeclaredAndRemainingBytes) {
  ByteWriter list;
  list.chunk("LIST", {});  // puts the data chunk at byte 44
  auto bytes = wav_file({}, std::vector<std::uint8_t>(1000, 0), list.take());
  patch_u32(bytes, 48, 96000);
  EXPECT_EQ(error_of(bytes),
            "x.wav: truncated: data chunk declares 96000 bytes at byte 44 but only 1000 remain");
}

TEST(WavReader, RejectsNonRiffFileNamingWhatItFound) {
  std::vector<std::uint8_t> bytes = {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(error_of(bytes),
            R"(x.wav: not a WAV file: expected "RIFF" at byte 0, found "ID3\x04")");
  EXPECT_EQ(error_of({}), R"(x.wav: not a WAV file: expected "RIFF" at byte 0)");
}

TEST(WavReader, RejectsRiffThatIsNotWave) {
  ByteWriter w;
  w.tag("RIFF").u32(4).tag("AVI ");
  EXPECT_EQ(error_of(w.take()),
            R"(x.wav: not a WAV file: expected "WAVE" at byte 8, found "AVI ")");
}

TEST(WavReader, RejectsHeaderCutShort) {
  ByteWriter w;
  w.tag("RIFF").u32(4);
  EXPECT_THAT(error_of(w.take()), StartsWith("x.wav: truncated: RIFF header at byte 0"));
}

TEST(WavReader, RejectsDataChunkBeforeFmtChunk) {
  ByteWriter w;
  w.tag("RIFF").u32(0).tag("WAVE").chunk("data", pcm16_bytes({1}));
  EXPECT_EQ(error_of(w.take()), R"(x.wav: no "fmt " chunk before "data" chunk at byte 12)");
}

TEST(WavReader, RejectsFmtChunkShorterThan16Bytes) {
  ByteWriter w;
  w.tag("RIFF").u32(0).tag("WAVE").chunk("fmt ", std::vector<std::uint8_t>(10, 1));
  EXPECT_EQ(error_of(w.take()), "x.wav: fmt chunk at byte 12 is 10 bytes, need at least 16");
}

TEST(WavReader, RejectsZeroChannelsAtTheChannelField) {
  EXPECT_EQ(error_of(wav_file({.channels = 0, .block_align = 2}, pcm16_bytes({1}))),
            "x.wav: 0 channels in fmt chunk at byte 22");
}

TEST(WavReader, RejectsSampleRateOutsideSupportedRange) {
  for (std::uint32_t rate : {0u, 384001u}) {
    EXPECT_EQ(error_of(wav_file({.sample_rate = rate}, pcm16_bytes({1}))),
              "x.wav: sample rate " + std::to_string(rate) +
                  " Hz in fmt chunk at byte 24 is outside 1..384000 Hz");
  }
}

TEST(WavReader, RejectsBlockAlignThatDisagreesWithChannelsAndBits) {
  EXPECT_EQ(error_of(wav_file({.channels = 2, .block_align = 3}, pcm16_bytes({1, 2}))),
            "x.wav: block align 3 does not match 2 channels of 16-bit samples at byte 32");
}

TEST(WavReader, RejectsUnsupportedSampleSizes) {
  EXPECT_EQ(error_of(wav_file({.format = kFormatFloat, .bits = 16}, pcm16_bytes({1}))),
            "x.wav: unsupported IEEE float sample size of 16 bits at byte 34");
  EXPECT_EQ(error_of(wav_file({.bits = 40}, std::vector<std::uint8_t>(5, 0))),
            "x.wav: unsupported PCM sample size of 40 bits at byte 34");
  EXPECT_EQ(error_of(wav_file({.format = kFormatUlaw, .bits = 16}, pcm16_bytes({1}))),
            "x.wav: unsupported mu-law sample size of 16 bits at byte 34");
}

TEST(WavReader, RejectsEmptyDataChunk) {
  EXPECT_EQ(error_of(wav_file({}, {})), "x.wav: no audio: data chunk at byte 36 is empty");
}

TEST(WavReader, RejectsDataShorterThanOneFrame) {
  EXPECT_EQ(error_of(wav_file({.channels = 2}, {1, 0})),
            "x.wav: no audio: data chunk at byte 36 holds 2 bytes, less than one 4-byte frame");
}

TEST(WavReader, RejectsTruncatedChunkBeforeData) {
  ByteWriter w;
  w.tag("RIFF").u32(0).tag("WAVE").chunk("fmt ", test_util::fmt_body({})).tag("LIST").u32(500);
  w.u32(0);
  EXPECT_EQ(error_of(w.take()),
            R"(x.wav: truncated: "LIST" chunk at byte 36 declares 500 bytes but only 4 remain)");
}

TEST(WavReader, RejectsFileWithoutDataChunk) {
  ByteWriter w;
  w.tag("RIFF").u32(0).tag("WAVE").chunk("fmt ", test_util::fmt_body({}));
  EXPECT_EQ(error_of(w.take()), R"(x.wav: no "data" chunk in 36 bytes)");
}

TEST(WavReader, RejectsSecondFmtChunk) {
  ByteWriter extra;
  extra.chunk("fmt ", test_util::fmt_body({}));
  EXPECT_EQ(error_of(wav_file({}, pcm16_bytes({1}), extra.take())),
            R"(x.wav: second "fmt " chunk at byte 36)");
}

TEST(WavReader, EscapesUnprintableChunkIdsInErrors) {
  ByteWriter w;
  w.tag("RIFF").u32(0).tag("WAVE").u8(0).u8('\n').u8('"').u8(0xFF).u32(99);
  EXPECT_EQ(
      error_of(w.take()),
      R"(x.wav: truncated: "\x00\x0A\x22\xFF" chunk at byte 12 declares 99 bytes but only 0 remain)");
}

TEST(WavReader, EveryPrefixOfAValidFileFailsCleanlyWithOneLineMessage) {
  ByteWriter list;
  list.chunk("LIST", {'I', 'N', 'F', 'O', 'x'});
  const auto bytes = wav_file(
      {.format = kFormatExtensible, .channels = 2, .bits = 24, .extensible_subformat = kFormatPcm},
      std::vector<std::uint8_t>(60, 0x11), list.take());
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    const std::vector<std::uint8_t> prefix(bytes.begin(),
                                           bytes.begin() + static_cast<std::ptrdiff_t>(n));
    const auto result = parse(prefix);
    ASSERT_FALSE(result) << "prefix of " << n << " bytes parsed";
    EXPECT_THAT(result.error().message, StartsWith("x.wav: "));
    EXPECT_EQ(result.error().message.find('\n'), std::string::npos);
  }
  EXPECT_TRUE(parse(bytes));
}

TEST(RawUlaw, DecodesEveryByteAsOneMonoSample) {
  const std::vector<std::uint8_t> bytes = {0xFF, 0x00, 0x80};
  const PcmAudio audio = decode_raw_ulaw(bytes, 8000);
  EXPECT_EQ(audio.sample_rate, 8000);
  EXPECT_EQ(audio.format, "raw mu-law mono 8000 Hz");
  ASSERT_EQ(audio.channels.size(), 1u);
  EXPECT_THAT(audio.channels[0], ElementsAre(0.0f, -32124 / 32768.0f, 32124 / 32768.0f));
}

TEST(LoadAudioFile, ReadsWavByRiffHeaderWhateverTheExtension) {
  const test_util::TempDir dir;
  const auto path = dir.write("call.raw", wav_file({.channels = 2}, pcm16_bytes({1, 2})));
  const auto result = load_audio_file(path);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->format, "WAV PCM16 stereo 8000 Hz");
}

TEST(LoadAudioFile, ReadsHeaderlessMuLawByExtensionAt8000Hz) {
  const test_util::TempDir dir;
  for (const char* name : {"a.ul", "b.ulaw", "c.mulaw", "d.mu", "e.raw", "f.pcmu", "G.ULAW"}) {
    const auto result = load_audio_file(dir.write(name, {0xFF, 0x00}));
    ASSERT_TRUE(result) << name << ": " << result.error().message;
    EXPECT_EQ(result->format, "raw mu-law mono 8000 Hz") << name;
    EXPECT_THAT(result->channels[0], ElementsAre(0.0f, -32124 / 32768.0f)) << name;
  }
}

TEST(LoadAudioFile, ReportsMissingFileNamingThePath) {
  const test_util::TempDir dir;
  const auto path = dir.path() / "missing.wav";
  const auto result = load_audio_file(path);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, path.string() + ": cannot open: No such file or directory");
}

TEST(LoadAudioFile, ReportsDirectoryNamingThePath) {
  const test_util::TempDir dir;
  const auto result = load_audio_file(dir.path());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, dir.path().string() + ": cannot read: is a directory");
}

TEST(LoadAudioFile, ExplainsRawExtensionsWhenFileIsNeitherWavNorRaw) {
  const test_util::TempDir dir;
  const auto path = dir.write("call.mp3", {'I', 'D', '3', 3, 0});
  const auto result = load_audio_file(path);
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().message,
              StartsWith(path.string() + R"(: not a WAV file: expected "RIFF" at byte 0)"));
  EXPECT_THAT(result.error().message, HasSubstr(".ul, .ulaw, .mulaw, .mu, .raw or .pcmu"));
}

TEST(LoadAudioFile, ReportsEmptyRawFile) {
  const test_util::TempDir dir;
  const auto path = dir.write("empty.ul", {});
  const auto result = load_audio_file(path);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, path.string() + ": no audio: file is empty");
}

}  // namespace
}  // namespace composure
