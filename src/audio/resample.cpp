#include "audio/resample.h"

#include <soxr.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <string>
#include <type_traits>
#include <utility>

namespace composure {
namespace {

constexpr int kMaxRate = 384000;
// Output is produced through a fixed scratch block so streaming never grows a buffer per call.
constexpr std::size_t kScratchSamples = 4096;

struct SoxrDeleter {
  void operator()(soxr_t handle) const { soxr_delete(handle); }
};
using SoxrHandle = std::unique_ptr<std::remove_pointer_t<soxr_t>, SoxrDeleter>;

std::int16_t to_int16(float sample) {
  if (std::isnan(sample)) return 0;
  // 32768 mirrors the decoders' scale, so int16 -> float -> int16 is exact.
  const float scaled = std::clamp(sample * 32768.0f, -32768.0f, 32767.0f);
  return static_cast<std::int16_t>(std::lrint(scaled));
}

void append_int16(std::span<const float> in, std::vector<std::int16_t>& out) {
  const std::size_t start = out.size();
  out.resize(start + in.size());
  std::transform(in.begin(), in.end(), out.begin() + static_cast<std::ptrdiff_t>(start), to_int16);
}

Result<void> check_rates(int from_rate, int to_rate) {
  for (int rate : {from_rate, to_rate}) {
    if (rate < 1 || rate > kMaxRate) {
      return fail("resample " + std::to_string(from_rate) + " Hz -> " + std::to_string(to_rate) +
                  " Hz: sample rate " + std::to_string(rate) + " Hz is outside 1..384000 Hz");
    }
  }
  return {};
}

}  // namespace

struct StreamResampler::State {
  SoxrHandle soxr;  // null when the rates match and samples only need converting
  std::vector<float> scratch;
};

StreamResampler::StreamResampler(std::unique_ptr<State> state) : state_(std::move(state)) {}
StreamResampler::StreamResampler(StreamResampler&&) noexcept = default;
StreamResampler& StreamResampler::operator=(StreamResampler&&) noexcept = default;
StreamResampler::~StreamResampler() = default;

Result<StreamResampler> StreamResampler::create(int from_rate, int to_rate) {
  if (auto ok = check_rates(from_rate, to_rate); !ok) return tl::unexpected(ok.error());
  auto state = std::make_unique<State>();
  if (from_rate != to_rate) {
    const soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
    const soxr_quality_spec_t quality = soxr_quality_spec(SOXR_HQ, 0);
    soxr_error_t error = nullptr;
    state->soxr.reset(soxr_create(from_rate, to_rate, 1, &error, &io, &quality, nullptr));
    if (error != nullptr || !state->soxr) {
      return fail("resample " + std::to_string(from_rate) + " Hz -> " + std::to_string(to_rate) +
                  " Hz: libsoxr: " + (error != nullptr ? error : "cannot create resampler"));
    }
    state->scratch.resize(kScratchSamples);
  }
  return StreamResampler(std::move(state));
}

void StreamResampler::process(std::span<const float> in, std::vector<std::int16_t>& out) {
  assert(state_ && "use of a moved-from StreamResampler");
  if (!state_->soxr) {
    append_int16(in, out);
    return;
  }
  // soxr reads a null input pointer as end of stream, which an empty span may carry.
  if (in.empty()) return;
  std::vector<float>& scratch = state_->scratch;
  std::size_t used = 0;
  while (true) {
    std::size_t consumed = 0;
    std::size_t produced = 0;
    [[maybe_unused]] const soxr_error_t error =
        soxr_process(state_->soxr.get(), in.data() + used, in.size() - used, &consumed,
                     scratch.data(), scratch.size(), &produced);
    assert(error == nullptr);
    used += consumed;
    append_int16(std::span(scratch).first(produced), out);
    if (used == in.size() && produced < scratch.size()) break;
    if (consumed == 0 && produced == 0) break;  // soxr is stuck; never spin
  }
}

void StreamResampler::flush(std::vector<std::int16_t>& out) {
  assert(state_ && "use of a moved-from StreamResampler");
  if (!state_->soxr) return;
  std::vector<float>& scratch = state_->scratch;
  while (true) {
    std::size_t produced = 0;
    [[maybe_unused]] const soxr_error_t error = soxr_process(
        state_->soxr.get(), nullptr, 0, nullptr, scratch.data(), scratch.size(), &produced);
    assert(error == nullptr);
    if (produced == 0) break;
    append_int16(std::span(scratch).first(produced), out);
  }
  soxr_clear(state_->soxr.get());
}

Result<std::vector<std::int16_t>> resample_to_int16(std::span<const float> in, int from_rate,
                                                    int to_rate) {
  auto resampler = StreamResampler::create(from_rate, to_rate);
  if (!resampler) return tl::unexpected(std::move(resampler).error());
  const auto n = static_cast<std::uint64_t>(in.size());
  const auto expected = static_cast<std::size_t>(
      (n * static_cast<std::uint64_t>(to_rate) + static_cast<std::uint64_t>(from_rate) / 2) /
      static_cast<std::uint64_t>(from_rate));
  std::vector<std::int16_t> out;
  out.reserve(expected + 1);
  resampler->process(in, out);
  resampler->flush(out);
  return out;
}

}  // namespace composure
