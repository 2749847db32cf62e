#include "voice/level.h"

#include <algorithm>
#include <cmath>

namespace composure {
namespace {

constexpr double kFullScalePower = 32768.0 * 32768.0;

float power_to_db(double mean_power) {
  if (mean_power <= 0) return kSilenceDb;
  return std::max(kSilenceDb, static_cast<float>(10.0 * std::log10(mean_power / kFullScalePower)));
}

std::int64_t energy(std::span<const std::int16_t> pcm) {
  std::int64_t sum = 0;
  for (const std::int16_t s : pcm) sum += static_cast<std::int64_t>(s) * s;
  return sum;
}

double mean_power(std::span<const std::int16_t> pcm) {
  if (pcm.empty()) return 0;
  return static_cast<double>(energy(pcm)) / static_cast<double>(pcm.size());
}

}  // namespace

float level_db(std::span<const std::int16_t> pcm) {
  return power_to_db(mean_power(pcm));
}

std::array<float, 2> half_frame_levels_db(std::span<const std::int16_t, kFrameSamples> pcm) {
  constexpr std::size_t kHalf = kFrameSamples / 2;
  return {level_db(pcm.first(kHalf)), level_db(pcm.subspan(kHalf))};
}

FrameLevels frame_levels(std::span<const std::int16_t, kFrameSamples> pcm) {
  constexpr std::size_t kHalf = kFrameSamples / 2;
  const std::int64_t first = energy(pcm.first(kHalf));
  const std::int64_t second = energy(pcm.subspan(kHalf));
  const auto mean = [](std::int64_t sum, std::size_t n) {
    return static_cast<double>(sum) / static_cast<double>(n);
  };
  return {power_to_db(mean(first + second, kFrameSamples)),
          {power_to_db(mean(first, kHalf)), power_to_db(mean(second, kHalf))}};
}

void NoiseFloor::update(float frame_db) {
  if (frame_db < floor_db_) {
    floor_db_ = frame_db;
  } else {
    floor_db_ += kRiseDbPerFrame;
  }
  floor_db_ = std::clamp(floor_db_, kMinDb, kMaxDb);
}

}  // namespace composure
