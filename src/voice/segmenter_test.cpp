#include "voice/segmenter.h"

#include <gtest/gtest.h>

#include "voice/channel_analyzer.h"
#include "voice/voice_test_signals.h"

namespace composure {
namespace {

// Runs a channel through the analyzer and collects the closed talk spurts.
std::vector<Segment> spurts(const std::vector<std::int16_t>& pcm) {
  auto analyzer = ChannelAnalyzer::create();
  EXPECT_TRUE(analyzer);
  std::vector<Segment> out;
  auto collect = [&](const ActivityFrame& a) {
    if (a.ended) out.push_back(*a.ended);
  };
  for (const auto& f : testing::to_frames(pcm, Speaker::Caller)) {
    if (auto a = analyzer->push(f).activity) collect(*a);
  }
  analyzer->flush(collect);
  if (auto last = analyzer->close()) out.push_back(*last);
  return out;
}

TEST(Segmenter, PlacesPauseBoundariesWithin20Ms) {
  // Three vowels with pauses of 430 ms and 910 ms between them, boundaries off the frame grid.
  const std::vector<Segment> truth = {{507, 1733}, {2163, 3204}, {4114, 5391}};
  auto s = testing::noise(6.0, -65.0F);
  float f0 = 120;
  for (const auto& seg : truth) {
    testing::mix_into(s, testing::vowel(f0, seg.length_ms() / 1000.0, -24.0F),
                      testing::ms_to_samples(static_cast<double>(seg.start_ms)));
    f0 += 40;
  }
  const auto found = spurts(testing::to_ulaw_line(s));
  ASSERT_EQ(found.size(), truth.size());
  for (std::size_t i = 0; i < truth.size(); ++i) {
    EXPECT_NEAR(found[i].start_ms, truth[i].start_ms, 20) << "spurt " << i;
    EXPECT_NEAR(found[i].end_ms, truth[i].end_ms, 20) << "spurt " << i;
  }
}

TEST(Segmenter, GapsShorterThanAPauseStayInsideTheSpurt) {
  Segmenter seg;
  std::vector<ActivityFrame> out;
  auto push = [&](std::int64_t t, bool speech) {
    if (auto a = seg.push(t, speech, {speech, speech})) out.push_back(*a);
  };
  std::int64_t t = 0;
  for (int i = 0; i < 20; ++i, t += kFrameMs) push(t, true);
  for (int i = 0; i < 5; ++i, t += kFrameMs) push(t, false);  // 100 ms gap
  for (int i = 0; i < 20; ++i, t += kFrameMs) push(t, true);
  for (int i = 0; i < 30; ++i, t += kFrameMs) push(t, false);
  int ended = 0;
  for (const auto& a : out) ended += a.ended ? 1 : 0;
  EXPECT_EQ(ended, 1);
  for (const auto& a : out) {
    if (a.ended) {
      EXPECT_EQ(*a.ended, (Segment{0, 45 * kFrameMs}));
    }
  }
}

TEST(Segmenter, DropsSingleFrameBlips) {
  Segmenter seg;
  int started = 0;
  std::int64_t t = 0;
  for (int i = 0; i < 40; ++i, t += kFrameMs) {
    const bool blip = i == 5 || i == 20;
    if (auto a = seg.push(t, blip, {blip, blip})) started += a->started_ms ? 1 : 0;
  }
  EXPECT_EQ(started, 0);
}

}  // namespace
}  // namespace composure
