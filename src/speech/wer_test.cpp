#include "speech/wer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace composure {
namespace {

using ::testing::ElementsAre;

TEST(Wer, IdenticalTextsHaveNoErrors) {
  const WordErrors e = word_errors("ten of clubs", "ten of clubs");
  EXPECT_EQ(e, (WordErrors{0, 0, 0, 3}));
  EXPECT_DOUBLE_EQ(e.rate(), 0.0);
}

TEST(Wer, CountsSubstitutionDeletionAndInsertionSeparately) {
  EXPECT_EQ(word_errors("ten of clubs", "ten of hearts"), (WordErrors{1, 0, 0, 3}));
  EXPECT_EQ(word_errors("ten of clubs", "ten clubs"), (WordErrors{0, 1, 0, 3}));
  EXPECT_EQ(word_errors("ten of clubs", "ten of the clubs"), (WordErrors{0, 0, 1, 3}));
}

TEST(Wer, FindsTheMinimalEditNotAPositionalComparison) {
  // One word dropped at the front shifts every position but is a single error.
  const WordErrors e =
      word_errors("and mister john dashwood had then", "mister john dashwood had then");
  EXPECT_EQ(e.errors(), 1u);
  EXPECT_EQ(e.deletions, 1u);
  EXPECT_NEAR(e.rate(), 1.0 / 6.0, 1e-12);
}

TEST(Wer, RateCanExceedOneWithManyInsertions) {
  const WordErrors e = word_errors("ten of clubs", "i've been up close to the bar");
  EXPECT_EQ(e.reference_words, 3u);
  EXPECT_GT(e.rate(), 1.0);
  EXPECT_EQ(e.errors(), 7u);  // 3 substitutions + 4 insertions
}

TEST(Wer, EmptyReferenceCountsInsertions) {
  EXPECT_DOUBLE_EQ(word_errors("", "").rate(), 0.0);
  EXPECT_DOUBLE_EQ(word_errors("", "uh huh").rate(), 2.0);
  EXPECT_DOUBLE_EQ(word_errors("hello there", "").rate(), 1.0);
}

TEST(Wer, NormalisesCaseAndPunctuationButKeepsApostrophes) {
  EXPECT_THAT(normalize_words("  I've been WAITING -- three weeks!  "),
              ElementsAre("i've", "been", "waiting", "three", "weeks"));
  EXPECT_DOUBLE_EQ(word_error_rate("This is RIDICULOUS!", "this is ridiculous"), 0.0);
  EXPECT_DOUBLE_EQ(word_error_rate("don't", "dont"), 1.0);
}

TEST(Wer, CorpusRateWeighsFilesByLength) {
  WordErrors total = word_errors("a b c d e f g h i j", "a b c d e f g h i j");
  total += word_errors("k", "x");
  EXPECT_EQ(total.reference_words, 11u);
  EXPECT_NEAR(total.rate(), 1.0 / 11.0, 1e-12);  // not the mean of 0 and 1
}

}  // namespace
}  // namespace composure
