// Configuration errors of the pocketsphinx backend; none of these loads a model.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "speech/pocketsphinx_recognizer.h"

namespace composure {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

TEST(PocketsphinxConfig, MissingModelDirectoryIsAClearError) {
  PocketsphinxConfig config;
  config.acoustic_model = "/nonexistent/pocketsphinx/en-us";
  auto recognizer = make_pocketsphinx_recognizer(config);
  ASSERT_FALSE(recognizer);
  EXPECT_THAT(recognizer.error().message,
              AllOf(HasSubstr("acoustic model"), HasSubstr("/nonexistent/pocketsphinx/en-us"),
                    HasSubstr("no such directory"), HasSubstr("pocketsphinx-en-us")));
}

TEST(PocketsphinxConfig, DirectoryWithoutModelFilesIsAClearError) {
  PocketsphinxConfig config;
  config.acoustic_model = "/tmp";
  auto recognizer = make_pocketsphinx_recognizer(config);
  ASSERT_FALSE(recognizer);
  EXPECT_THAT(recognizer.error().message,
              AllOf(HasSubstr("/tmp"), HasSubstr("mdef"), HasSubstr("not a pocketsphinx")));
}

TEST(PocketsphinxConfig, MissingDictionaryOrLanguageModelNamesTheFile) {
  PocketsphinxConfig config;
  config.dictionary = "/nonexistent/words.dict";
  auto recognizer = make_pocketsphinx_recognizer(config);
  ASSERT_FALSE(recognizer);
  if (recognizer.error().message.find("acoustic model") != std::string::npos) {
    GTEST_SKIP() << "pocketsphinx-en-us not installed: " << recognizer.error().message;
  }
  EXPECT_THAT(recognizer.error().message,
              AllOf(HasSubstr("dictionary"), HasSubstr("/nonexistent/words.dict")));

  config = PocketsphinxConfig{};
  config.language_model = "/nonexistent/lm.bin";
  recognizer = make_pocketsphinx_recognizer(config);
  ASSERT_FALSE(recognizer);
  EXPECT_THAT(recognizer.error().message,
              AllOf(HasSubstr("language model"), HasSubstr("/nonexistent/lm.bin")));
}

TEST(PocketsphinxConfig, RejectsRatesOtherThanTelephoneAndModel) {
  PocketsphinxConfig config;
  config.sample_rate = 44100;
  auto recognizer = make_pocketsphinx_recognizer(config);
  ASSERT_FALSE(recognizer);
  if (recognizer.error().message.find("no such") != std::string::npos) GTEST_SKIP();
  EXPECT_THAT(recognizer.error().message, HasSubstr("44100"));
}

}  // namespace
}  // namespace composure
