#include "understand/text_scorer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <thread>
#include <vector>

namespace composure {
namespace {

std::vector<std::string> features_of(std::string_view text, const TextFeatureScheme& scheme) {
  TextFeatures f;
  featurize_text(text, scheme, f);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < f.size(); ++i) out.emplace_back(f[i]);
  return out;
}

bool has(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

constexpr TextFeatureScheme kWordsOnly{.bigrams = false, .negation = false, .cues = false};

std::string weights_file(std::string_view body, std::string_view features = "3") {
  return "#composure-text-scorer\tversion=1\tscheme=w+b+neg+q\tbias=-1\tthreshold=0.4\tfeatures=" +
         std::string(features) + "\n" + std::string(body);
}

TEST(TextFeatures, NormalisesCaseApostrophesDigitsAndElongation) {
  const auto f = features_of("I DON’T want 1234 Soooo many!!", kWordsOnly);
  EXPECT_EQ(
      f, (std::vector<std::string>{"w:i", "w:dont", "w:want", "w:00", "w:soo", "w:many", "p:!!"}));
}

TEST(TextFeatures, MarksWordsAfterANegationUpToPunctuation) {
  const TextFeatureScheme scheme{.bigrams = false, .negation = true, .cues = false};
  const auto f = features_of("this is not good at all. fine", scheme);
  EXPECT_TRUE(has(f, "w:not"));
  EXPECT_TRUE(has(f, "n:good"));
  EXPECT_TRUE(has(f, "n:all"));
  EXPECT_TRUE(has(f, "w:fine"));  // the full stop ends the scope
  EXPECT_FALSE(has(f, "w:good"));
}

TEST(TextFeatures, BigramsIncludeTheEndsAndCuesSeeShouting) {
  const TextFeatureScheme scheme{.bigrams = true, .negation = false, .cues = true};
  const auto f = features_of("WHY IS THIS BROKEN", scheme);
  EXPECT_TRUE(has(f, "b:<s> why"));
  EXPECT_TRUE(has(f, "b:this broken"));
  EXPECT_TRUE(has(f, "b:broken </s>"));
  EXPECT_TRUE(has(f, "q:caps2"));
  EXPECT_TRUE(has(f, "q:shout"));
  EXPECT_TRUE(has(f, "q:len4-7"));
}

TEST(TextFeatures, CharacterNgramsCoverTheMarkedWord) {
  const TextFeatureScheme scheme{
      .bigrams = false, .negation = false, .cues = false, .char_min = 3, .char_max = 3};
  EXPECT_EQ(features_of("ugh", scheme),
            (std::vector<std::string>{"w:ugh", "c:<ug", "c:ugh", "c:gh>"}));
}

TEST(TextFeatures, EmojiAreTokensAndRepeatsCollapse) {
  const auto f = features_of("great 😂😂😂", kWordsOnly);
  EXPECT_EQ(f, (std::vector<std::string>{"w:great", "w:😂"}));
}

TEST(TextFeatures, SurviveInvalidUtf8AndEmptyText) {
  EXPECT_EQ(features_of("bad \xff\xfe bytes \xe2\x80", kWordsOnly),
            (std::vector<std::string>{"w:bad", "w:bytes"}));
  EXPECT_TRUE(features_of("", kWordsOnly).empty());
}

TEST(TextFeatureScheme, RoundTripsThroughItsName) {
  const TextFeatureScheme scheme{
      .bigrams = true, .negation = false, .cues = true, .char_min = 2, .char_max = 4};
  EXPECT_EQ(scheme.to_string(), "w+b+q+c2-4");
  EXPECT_EQ(TextFeatureScheme::parse("w+b+q+c2-4").value(), scheme);
  EXPECT_FALSE(TextFeatureScheme::parse("b+w").has_value());
  EXPECT_FALSE(TextFeatureScheme::parse("w+c5-3").has_value());
  EXPECT_FALSE(TextFeatureScheme::parse("w+emoji").has_value());
}

TEST(TextScorer, ParsesAWeightsFileAndSumsDistinctFeaturesOnce) {
  auto scorer = TextScorer::parse(
      weights_file("# a comment\nw:awful\t2\nw:thanks\t-1.5\np:!\t0.5\n"), "test.tsv");
  ASSERT_TRUE(scorer.has_value()) << scorer.error().message;
  EXPECT_EQ(scorer->feature_count(), 3U);
  EXPECT_FLOAT_EQ(scorer->threshold(), 0.4F);
  EXPECT_FLOAT_EQ(scorer->logit("awful awful awful"), -1.0F + 2.0F);
  EXPECT_FLOAT_EQ(scorer->logit("thanks!"), -1.0F - 1.5F + 0.5F);
  EXPECT_FLOAT_EQ(scorer->logit("nothing known here"), -1.0F);
  EXPECT_FLOAT_EQ(scorer->score("nothing known here"), 1.0F / (1.0F + std::exp(1.0F)));
}

TEST(TextScorer, TopFeaturesAreThePositiveOnesLargestFirst) {
  auto scorer =
      TextScorer::parse(weights_file("w:awful\t2\nw:thanks\t-1.5\np:!\t0.5\n"), "test.tsv");
  ASSERT_TRUE(scorer.has_value());
  const auto top = scorer->top_features("Thanks, awful service!", 5);
  ASSERT_EQ(top.size(), 2U);
  EXPECT_EQ(top[0].first, "awful");
  EXPECT_FLOAT_EQ(top[0].second, 2.0F);
  EXPECT_EQ(top[1].first, "!");
  EXPECT_EQ(scorer->top_features("Thanks, awful service!", 1).size(), 1U);
}

TEST(TextScorer, ParseErrorsNameTheFileAndLine) {
  const auto error = [](const std::string& text) {
    auto r = TextScorer::parse(text, "weights.tsv");
    return r.has_value() ? std::string("(parsed)") : r.error().message;
  };
  EXPECT_EQ(error(weights_file("w:a\t1\nw:b\tlots\nw:c\t1\n")),
            "weights.tsv:3: weight: 'lots' is not a number");
  EXPECT_EQ(error(weights_file("w:a\t1\nw:a\t2\nw:c\t1\n")),
            "weights.tsv:3: feature 'w:a' appears twice");
  EXPECT_EQ(error(weights_file("w:a 1\n", "1")), "weights.tsv:2: expected FEATURE<TAB>WEIGHT");
  EXPECT_EQ(error(weights_file("w:a\t1\n")),
            "weights.tsv: the header declares 3 features, found 1");
  EXPECT_EQ(error("feature\tweight\n"),
            "weights.tsv:1: expected the header line '#composure-text-scorer<TAB>version=...'");
  EXPECT_EQ(error("#composure-text-scorer\tversion=2\n"),
            "weights.tsv:1: version 2 is not supported (1 is)");
  EXPECT_EQ(error("#composure-text-scorer\tversion=1\tscheme=w\tbias=0\tthreshold=1.5\tfeatures=0"),
            "weights.tsv:1: threshold '1.5' is not a number between 0 and 1");
  EXPECT_EQ(error("#composure-text-scorer\tversion=1\tscheme=w\n"),
            "weights.tsv:1: the header needs version, scheme, bias, threshold and features");
  EXPECT_EQ(error(""), "weights.tsv: empty, expected a header line");
}

TEST(TextScorer, DefaultWeightsLoadOnceAndAreShared) {
  auto a = TextScorer::load_default();
  ASSERT_TRUE(a.has_value()) << a.error().message;
  auto b = TextScorer::load_default();
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(a->get(), b->get());
  EXPECT_GT((*a)->feature_count(), 1000U);
  EXPECT_GT((*a)->threshold(), 0.05F);
  EXPECT_LT((*a)->threshold(), 0.95F);
}

TEST(TextScorer, DefaultRanksAComplaintWellAboveAPlainQuestion) {
  const auto scorer = TextScorer::load_default().value();
  const float complaint =
      scorer->score("this is absolutely ridiculous, I've been waiting for weeks");
  const float question = scorer->score("could you tell me the opening hours");
  EXPECT_GT(complaint, scorer->threshold());
  EXPECT_LT(question, scorer->threshold());
  EXPECT_GT(complaint - question, 0.3F);
  EXPECT_GT(scorer->score("I am so fed up with this, it's the worst service ever!"),
            scorer->score("thank you, that's very helpful"));
}

TEST(TextScorer, DefaultScoresAreProbabilitiesAndDeterministic) {
  const auto scorer = TextScorer::load_default().value();
  const std::vector<std::string> texts = {"",
                                          "!!!!",
                                          "WHY IS THIS STILL BROKEN",
                                          "ok",
                                          std::string(5000, 'a'),
                                          "😡😡 \xff",
                                          "not bad at all, thanks"};
  for (const auto& t : texts) {
    const float p = scorer->score(t);
    EXPECT_GE(p, 0.0F) << t;
    EXPECT_LE(p, 1.0F) << t;
    EXPECT_EQ(p, scorer->score(t)) << t;
  }
  // The same answers from another thread (thread-local scratch, shared weights).
  std::vector<float> here;
  std::vector<float> there;
  here.reserve(texts.size());
  there.reserve(texts.size());
  for (const auto& t : texts) here.push_back(scorer->score(t));
  std::thread([&] {
    for (const auto& t : texts) there.push_back(scorer->score(t));
  }).join();
  EXPECT_EQ(here, there);
}

TEST(TextScorer, EvidenceGathersAWordsCharacterNgramsAndReadsBigramsPlainly) {
  auto scorer = TextScorer::parse(
      "#composure-text-scorer\tversion=1\tscheme=w+b+q+c3-3\tbias=0\tthreshold=0.5\t"
      "features=6\n"
      "w:ugh\t0.5\nc:<ug\t0.25\nc:gh>\t0.25\nb:<s> ugh\t0.75\nb:! </s>\t0.1\np:!\t0.2\n",
      "test.tsv");
  ASSERT_TRUE(scorer.has_value()) << scorer.error().message;
  const auto top = scorer->top_features("ugh!", 5);
  ASSERT_EQ(top.size(), 2U);
  EXPECT_EQ(top[0].first, "ugh");
  EXPECT_FLOAT_EQ(top[0].second, 0.5F + 0.25F + 0.25F + 0.75F);
  EXPECT_EQ(top[1].first, "!");
  EXPECT_FLOAT_EQ(top[1].second, 0.2F + 0.1F);
}

TEST(TextScorer, DefaultEvidenceForAComplaintNamesTheComplaint) {
  const auto scorer = TextScorer::load_default().value();
  const auto top = scorer->top_features("This is ridiculous, I hate waiting!", 3);
  ASSERT_FALSE(top.empty());
  for (std::size_t i = 1; i < top.size(); ++i) EXPECT_GE(top[i - 1].second, top[i].second);
  const auto named = [&](std::string_view s) {
    return std::any_of(top.begin(), top.end(), [&](const auto& f) { return f.first == s; });
  };
  EXPECT_TRUE(named("ridiculous") || named("hate") || named("i hate")) << top[0].first;
}

}  // namespace
}  // namespace composure
