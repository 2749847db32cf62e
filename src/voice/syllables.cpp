#include "voice/syllables.h"

#include <cmath>
#include <numbers>

#include "voice/level.h"

namespace composure {

SyllableDetector::SyllableDetector() {
  // Band-pass centred on 800 Hz with Q 0.8 (roughly 400-1600 Hz), where vowel energy (F1 and the
  // lower part of F2) sits in telephone speech; coefficients from the RBJ audio-EQ cookbook form.
  constexpr double kCentreHz = 800.0;
  constexpr double kQ = 0.8;
  const double w0 = 2.0 * std::numbers::pi * kCentreHz / kSampleRate;
  const double alpha = std::sin(w0) / (2.0 * kQ);
  const double a0 = 1.0 + alpha;
  band_.b0 = static_cast<float>(alpha / a0);
  band_.b1 = 0.0F;
  band_.b2 = static_cast<float>(-alpha / a0);
  band_.a1 = static_cast<float>(-2.0 * std::cos(w0) / a0);
  band_.a2 = static_cast<float>((1.0 - alpha) / a0);
  valley_ = kSilenceDb;
}

int SyllableDetector::push(std::span<const std::int16_t, kFrameSamples> pcm, bool voiced,
                           float floor_db) {
  int found = 0;
  constexpr int kHalf = kFrameSamples / 2;
  for (int h = 0; h < 2; ++h) {
    double power = 0;
    for (int i = 0; i < kHalf; ++i) {
      const float y = band_.step(static_cast<float>(pcm[h * kHalf + i]));
      power += static_cast<double>(y) * y;
    }
    power /= kHalf;
    const float db =
        power > 0 ? static_cast<float>(10.0 * std::log10(power / (32768.0 * 32768.0))) : kSilenceDb;
    found += on_subframe(db, voiced, floor_db);
  }
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
