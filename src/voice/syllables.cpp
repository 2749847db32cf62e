#include "voice/syllables.h"

#include <cmath>
#include <cstring>
#include <numbers>

#include "voice/level.h"

namespace composure {

namespace {

using Lanes = float __attribute__((vector_size(4 * sizeof(float))));  // GCC and Clang

Lanes lanes(const std::array<float, 4>& a) {
  Lanes v;
  std::memcpy(&v, a.data(), sizeof v);
  return v;
}

using Matrix = std::array<std::array<double, 2>, 2>;

Matrix times(const Matrix& a, const Matrix& b) {
  Matrix c{};
  for (std::size_t i = 0; i < 2; ++i) {
    for (std::size_t j = 0; j < 2; ++j) c[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j];
  }
  return c;
}

}  // namespace

SyllableDetector::SyllableDetector() {
  static_assert(kBlock == 4 && (kFrameSamples / 2) % kBlock == 0);
  // Band-pass centred on 800 Hz with Q 0.8 (roughly 400-1600 Hz), where vowel energy (F1 and the
  // lower part of F2) sits in telephone speech; coefficients from the RBJ audio-EQ cookbook form.
  constexpr double kCentreHz = 800.0;
  constexpr double kQ = 0.8;
  const double w0 = 2.0 * std::numbers::pi * kCentreHz / kSampleRate;
  const double alpha = std::sin(w0) / (2.0 * kQ);
  const double a0 = 1.0 + alpha;
  const double b0 = alpha / a0;
  const double b2 = -alpha / a0;  // b1 is 0
  const double a1 = -2.0 * std::cos(w0) / a0;
  const double a2 = (1.0 - alpha) / a0;

  // Transposed direct form II with state (u, v): y = b0 x + u, u' = v - a1 y, v' = b2 x - a2 y;
  // that is s' = A s + B x and y = C s + b0 x with C = (1, 0).
  const Matrix a{{{-a1, 1.0}, {-a2, 0.0}}};
  const std::array<double, 2> b{-a1 * b0, b2 - a2 * b0};
  std::array<Matrix, kBlock + 1> a_to{};  // A^0 .. A^kBlock
  a_to[0] = {{{1.0, 0.0}, {0.0, 1.0}}};
  for (std::size_t k = 1; k <= kBlock; ++k) a_to[k] = times(a_to[k - 1], a);
  const auto a_b = [&](std::size_t k, std::size_t row) {  // (A^k B)[row]
    return a_to[k][row][0] * b[0] + a_to[k][row][1] * b[1];
  };
  for (std::size_t k = 0; k < kBlock; ++k) {
    for (std::size_t i = 0; i < 2; ++i) {
      band_.from_state[i][k] = static_cast<float>(a_to[k][0][i]);
      if (k < 2) band_.next_from_state[i][k] = static_cast<float>(a_to[kBlock][k][i]);
    }
    for (std::size_t m = 0; m < kBlock; ++m) {
      const double gain = k == m ? b0 : (k > m ? a_b(k - 1 - m, 0) : 0.0);
      band_.from_input[m][k] = static_cast<float>(gain);
      if (k < 2) band_.next_from_input[m][k] = static_cast<float>(a_b(kBlock - 1 - m, k));
    }
  }
  valley_ = kSilenceDb;
}

int SyllableDetector::push(std::span<const std::int16_t, kFrameSamples> pcm, bool voiced,
                           float floor_db) {
  const Lanes in0 = lanes(band_.from_input[0]);
  const Lanes in1 = lanes(band_.from_input[1]);
  const Lanes in2 = lanes(band_.from_input[2]);
  const Lanes in3 = lanes(band_.from_input[3]);
  const Lanes from_u = lanes(band_.from_state[0]);
  const Lanes from_v = lanes(band_.from_state[1]);
  const Lanes next_in0 = lanes(band_.next_from_input[0]);
  const Lanes next_in1 = lanes(band_.next_from_input[1]);
  const Lanes next_in2 = lanes(band_.next_from_input[2]);
  const Lanes next_in3 = lanes(band_.next_from_input[3]);
  const Lanes next_from_u = lanes(band_.next_from_state[0]);
  const Lanes next_from_v = lanes(band_.next_from_state[1]);
  float u = state_[0];
  float v = state_[1];

  int found = 0;
  constexpr std::size_t kHalf = kFrameSamples / 2;
  for (std::size_t h = 0; h < 2; ++h) {
    Lanes energy{};
    for (std::size_t i = h * kHalf; i < (h + 1) * kHalf; i += kBlock) {
      const auto x0 = static_cast<float>(pcm[i]);
      const auto x1 = static_cast<float>(pcm[i + 1]);
      const auto x2 = static_cast<float>(pcm[i + 2]);
      const auto x3 = static_cast<float>(pcm[i + 3]);
      // The input terms do not wait on the state; the state terms come last.
      const Lanes y = (in0 * x0 + in1 * x1 + in2 * x2 + in3 * x3) + (from_u * u + from_v * v);
      const Lanes next = (next_in0 * x0 + next_in1 * x1 + next_in2 * x2 + next_in3 * x3) +
                         (next_from_u * u + next_from_v * v);
      u = next[0];
      v = next[1];
      energy += y * y;
    }
    const double power =
        static_cast<double>((energy[0] + energy[1]) + (energy[2] + energy[3])) / kHalf;
    const float db =
        power > 0 ? static_cast<float>(10.0 * std::log10(power / (32768.0 * 32768.0))) : kSilenceDb;
    found += on_subframe(db, voiced, floor_db);
  }
  state_ = {u, v};
  return found;
}

int SyllableDetector::on_subframe(float raw_db, bool voiced, float floor_db) {
  // Three-tap smoothing keeps one syllable from splitting into two peaks.
  smooth_[0] = smooth_[1];
  smooth_[1] = smooth_[2];
  smooth_[2] = raw_db;
  const float env = (smooth_[0] + 2 * smooth_[1] + smooth_[2]) / 4;
  ++k_;

  int found = 0;
  if (env > peak_) {
    peak_ = env;
    peak_k_ = k_;
    peak_voiced_ = voiced;
  } else if (voiced && k_ - peak_k_ <= 2) {
    peak_voiced_ = true;  // the frame just after the peak confirms voicing too
  }
  if (peak_ - env >= kDipDb) {
    if (peak_ - valley_ >= kDipDb && peak_voiced_ && peak_ > floor_db + kAboveFloorDb &&
        peak_k_ - last_nucleus_k_ >= kMinGapSubframes) {
      ++found;
      last_nucleus_k_ = peak_k_;
    }
    valley_ = env;
    peak_ = env;
    peak_k_ = k_;
    peak_voiced_ = voiced;
  } else if (env < valley_) {
    valley_ = env;
    peak_ = env;
    peak_k_ = k_;
    peak_voiced_ = voiced;
  }
  return found;
}

}  // namespace composure
