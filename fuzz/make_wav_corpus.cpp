// Writes the WAV fuzzing seeds: one small valid file per supported encoding and layout quirk, so
// the fuzzer starts from every branch of the parser. Usage: make_wav_corpus OUTPUT_DIR
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "audio/test_util/wav_bytes.h"

namespace {

namespace tu = composure::test_util;

std::vector<std::uint8_t> ramp(std::size_t bytes) {
  std::vector<std::uint8_t> out(bytes);
  for (std::size_t i = 0; i < bytes; ++i) out[i] = static_cast<std::uint8_t>(i * 37 + 11);
  return out;
}

void patch_data_size(std::vector<std::uint8_t>& wav, std::uint32_t size) {
  // Seeds below have a 16-byte fmt chunk and nothing else, so the data size sits at byte 40.
  for (int i = 0; i < 4; ++i) wav[40 + i] = static_cast<std::uint8_t>(size >> (8 * i));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);
  const auto write = [&](const std::string& name, const std::vector<std::uint8_t>& bytes) {
    std::ofstream out(dir / name, std::ios::binary);
    for (std::uint8_t b : bytes) out.put(static_cast<char>(b));
  };

  write("pcm16_mono.wav", tu::wav_file({}, ramp(64)));
  write("pcm16_stereo_44100.wav", tu::wav_file({.channels = 2, .sample_rate = 44100}, ramp(64)));
  write("pcm8.wav", tu::wav_file({.bits = 8}, ramp(33)));
  write("pcm24_stereo.wav", tu::wav_file({.channels = 2, .bits = 24}, ramp(48)));
  write("pcm32.wav", tu::wav_file({.bits = 32}, ramp(32)));
  write("float32.wav", tu::wav_file({.format = tu::kFormatFloat, .bits = 32}, ramp(32)));
  write("float64.wav", tu::wav_file({.format = tu::kFormatFloat, .bits = 64}, ramp(32)));
  write("ulaw.wav", tu::wav_file({.format = tu::kFormatUlaw, .bits = 8}, ramp(32)));
  write("alaw_stereo.wav",
        tu::wav_file({.format = tu::kFormatAlaw, .channels = 2, .bits = 8}, ramp(32)));
  write("extensible_pcm24in32.wav", tu::wav_file({.format = tu::kFormatExtensible,
                                                  .channels = 2,
                                                  .bits = 32,
                                                  .extensible_subformat = tu::kFormatPcm,
                                                  .valid_bits = 24},
                                                 ramp(32)));
  write("extensible_float.wav",
        tu::wav_file(
            {.format = tu::kFormatExtensible, .bits = 32, .extensible_subformat = tu::kFormatFloat},
            ramp(16)));

  tu::ByteWriter list;
  list.chunk("LIST", {'I', 'N', 'F', 'O', 'I', 'N', 'A', 'M', 3, 0, 0, 0, 'a', 'b', 'c'});
  write("odd_list_chunk.wav", tu::wav_file({}, ramp(16), list.take()));

  tu::ByteWriter junk_first;
  junk_first.tag("RIFF").u32(0).tag("WAVE").chunk("JUNK", std::vector<std::uint8_t>(12, 0));
  junk_first.chunk("fmt ", tu::fmt_body({})).chunk("fact", {8, 0, 0, 0}).chunk("data", ramp(16));
  write("junk_before_fmt.wav", junk_first.take());

  auto streaming_zero = tu::wav_file({}, ramp(16));
  patch_data_size(streaming_zero, 0);
  write("streaming_size_zero.wav", streaming_zero);
  auto streaming_max = tu::wav_file({}, ramp(16));
  patch_data_size(streaming_max, 0xFFFFFFFF);
  write("streaming_size_max.wav", streaming_max);
  return 0;
}
