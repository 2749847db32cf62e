#include "understand/lexicon.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace composure {
namespace {

std::vector<std::string> texts(const TokenList& list) {
  std::vector<std::string> out;
  for (const Token& t : list.tokens()) out.push_back(t.text);
  return out;
}

std::vector<std::string> normalise(std::string_view text) {
  TokenList list;
  list.add_text(text);
  return texts(list);
}

using Words = std::vector<std::string>;

// ---- normalisation ----

TEST(Tokens, LowerCasesAndStripsPunctuation) {
  EXPECT_EQ(normalise("Tuesday. The ENGINEER, (again)!"),
            (Words{"tuesday", "the", "engineer", "again"}));
}

TEST(Tokens, ExpandsContractionsSoEveryFormMatches) {
  EXPECT_EQ(normalise("can't"), normalise("cannot"));
  EXPECT_EQ(normalise("can't"), normalise("can not"));
  EXPECT_EQ(normalise("I'll"), normalise("I will"));
  EXPECT_EQ(normalise("won't"), (Words{"will", "not"}));
  EXPECT_EQ(normalise("didn't"), (Words{"did", "not"}));
  EXPECT_EQ(normalise("dont"), (Words{"do", "not"}));
  EXPECT_EQ(normalise("you're"), (Words{"you", "are"}));
  EXPECT_EQ(normalise("there's"), (Words{"there", "is"}));
  EXPECT_EQ(normalise("I'm"), (Words{"i", "am"}));
  EXPECT_EQ(normalise("I’m"), (Words{"i", "am"}));  // typographic apostrophe
}

TEST(Tokens, DropsPossessiveButKeepsIsAfterPronouns) {
  EXPECT_EQ(normalise("the engineer's visit"), (Words{"the", "engineer", "visit"}));
  EXPECT_EQ(normalise("it's late"), (Words{"it", "is", "late"}));
}

TEST(Tokens, RecordsClauseAndSentenceBreaksButNotAfterTitles) {
  TokenList list;
  list.add_text("No, Mr. Price. Really");
  ASSERT_EQ(list.size(), 4U);
  EXPECT_TRUE(list[1].clause_break);  // after "No,"
  EXPECT_FALSE(list[1].sentence_break);
  EXPECT_FALSE(list[2].clause_break);  // "Mr." is not the end of a sentence
  EXPECT_TRUE(list[3].sentence_break);
}

TEST(Tokens, CountsExclamationsAndKeepsCensoredWordsMasked) {
  TokenList list;
  list.add_text("this f***ing thing!!");
  EXPECT_EQ(list.exclamations(), 2);
  ASSERT_EQ(list.size(), 3U);
  EXPECT_TRUE(list[1].masked);
  EXPECT_FALSE(list[0].masked);
}

TEST(Tokens, PercentSignBecomesAWord) {
  EXPECT_EQ(normalise("100%"), (Words{"100", "percent"}));
}

TEST(Stem, FoldsCommonInflections) {
  EXPECT_EQ(simple_stem("charged"), simple_stem("charge"));
  EXPECT_EQ(simple_stem("charging"), simple_stem("charges"));
  EXPECT_EQ(simple_stem("days"), "day");
  EXPECT_EQ(simple_stem("deliveries"), simple_stem("delivery"));
  EXPECT_EQ(simple_stem("stopped"), "stop");
}

// ---- parsing ----

std::string parse_error(std::string_view text) {
  const auto lexicon = Lexicon::parse(text, "lexicons/test.lex");
  return lexicon ? std::string("(parsed)") : lexicon.error().message;
}

TEST(LexiconParse, ReadsSectionsWeightsExclusionsAndComments) {
  const auto lexicon = Lexicon::parse(
      "# a comment\n"
      "[anger]\n"
      "furious | 0.8   # trailing comment\n"
      "fed up | 0.7\n"
      "! fed up with waiting for the bus\n"
      "\n"
      "[trigger_phrase]\n"
      "calm down | 0.9\n",
      "lexicons/test.lex");
  ASSERT_TRUE(lexicon) << lexicon.error().message;
  EXPECT_EQ(lexicon->phrase_count(EventKind::Anger), 2U);
  EXPECT_EQ(lexicon->exclusion_count(EventKind::Anger), 1U);
  EXPECT_EQ(lexicon->phrase_count(EventKind::TriggerPhrase), 1U);
  EXPECT_EQ(lexicon->phrase_count(EventKind::Urgency), 0U);
}

TEST(LexiconParse, UnknownSectionNamesFileLineAndSuggests) {
  EXPECT_EQ(parse_error("[anger]\nfurious | 0.8\n\n[angr]\nlivid | 0.9\n"),
            "lexicons/test.lex:4: unknown section [angr] (did you mean [anger]?)");
}

TEST(LexiconParse, BadWeightNamesFileAndLine) {
  EXPECT_EQ(parse_error("[anger]\nfurious | 1.5\n"),
            "lexicons/test.lex:2: bad weight 1.5: expected a number in (0, 1]");
  EXPECT_EQ(parse_error("[anger]\nfurious | 0\n"),
            "lexicons/test.lex:2: bad weight 0: expected a number in (0, 1]");
  EXPECT_EQ(parse_error("[anger]\nfurious | 0.8x\n"),
            "lexicons/test.lex:2: bad weight '0.8x': expected a number in (0, 1]");
}

TEST(LexiconParse, MissingWeightIsAnError) {
  EXPECT_EQ(parse_error("[anger]\nfurious\n"),
            "lexicons/test.lex:2: missing weight (write 'phrase | 0.6')");
}

TEST(LexiconParse, EmptyPhraseIsAnError) {
  EXPECT_EQ(parse_error("[anger]\n | 0.5\n"), "lexicons/test.lex:2: empty phrase");
  EXPECT_EQ(parse_error("[anger]\n!\n"), "lexicons/test.lex:2: empty phrase");
}

TEST(LexiconParse, DuplicateAfterNormalisationNamesBothLines) {
  EXPECT_EQ(parse_error("[anger]\nI'm furious | 0.8\nfed up | 0.7\ni am furious | 0.9\n"),
            "lexicons/test.lex:4: duplicate 'i am furious' in [anger] (first at "
            "lexicons/test.lex:2)");
}

TEST(LexiconParse, SamePhraseMayServeTwoSections) {
  EXPECT_TRUE(Lexicon::parse("[sarcasm]\nyeah right | 0.6\n[distrust]\nyeah right | 0.6\n", "x"));
}

TEST(LexiconParse, RejectsEntriesBeforeAnySection) {
  EXPECT_EQ(parse_error("furious | 0.8\n"), "lexicons/test.lex:1: entry before any [section]");
}

TEST(LexiconParse, RejectsUnknownOptionsAndClasses) {
  EXPECT_EQ(parse_error("[anger]\nfurious | 0.8 | loud\n"),
            "lexicons/test.lex:2: unknown option 'loud' (a weight is a number in (0, 1]; "
            "options: ignore-negation, detail, start, end)");
  EXPECT_EQ(parse_error("[urgency]\n<digits> days | 0.5\n"),
            "lexicons/test.lex:2: unknown word class <digits> (known: <num> <nth> <masked>)");
  EXPECT_EQ(parse_error("[anger]\n<name> | 0.5\n"),
            "lexicons/test.lex:2: <name> belongs only in [name_intro]");
}

TEST(LexiconParse, RejectsBadWildcards) {
  EXPECT_EQ(parse_error("[threat_cancel]\nca* | 0.5\n"),
            "lexicons/test.lex:2: wildcard 'ca*' is too short (at least 3 letters before '*')");
  EXPECT_EQ(parse_error("[threat_cancel]\n* * | 0.5\n"),
            "lexicons/test.lex:2: phrase '* *' has only wildcards");
  EXPECT_EQ(parse_error("[threat_cancel]\n... cancel | 0.5\n"),
            "lexicons/test.lex:2: '...' cannot start or end a phrase");
}

TEST(LexiconParse, ComputedKindsTakeNoPhrases) {
  EXPECT_EQ(parse_error("[uses_name]\nsmith | 0.5\n"),
            "lexicons/test.lex:1: [uses_name] takes no phrases: it is found by comparing "
            "utterances");
}

TEST(LexiconParse, WordListsNeedSingleWordsAndModifiersNeedNumbers) {
  EXPECT_EQ(parse_error("[stop_words]\nthe a don't\n"),
            "lexicons/test.lex:2: 'don't' is not one word after normalisation (do not)");
  EXPECT_EQ(parse_error("[intensifiers]\nreally\n"),
            "lexicons/test.lex:2: missing multiplier (write 'word | 1.2')");
  EXPECT_EQ(parse_error("[intensifiers]\nreally | 0.5\n"),
            "lexicons/test.lex:2: bad multiplier 0.5: expected more than 1, at most 3");
  EXPECT_EQ(parse_error("[negators]\nnot | 9\n"),
            "lexicons/test.lex:2: bad reach 9: a whole number of words from 1 to 6");
}

TEST(LexiconParse, NameIntroductionsNeedTheNameSlot) {
  EXPECT_EQ(parse_error("[name_intro]\nmy name is\n"),
            "lexicons/test.lex:2: a [name_intro] phrase needs <name>");
  EXPECT_TRUE(
      Lexicon::parse("[name_intro]\nmy name is <name>\nthis is <name> | start | strict\n", "x"));
}

TEST(LexiconParse, UnlessMustNameAnotherCueSection) {
  EXPECT_EQ(parse_error("[formulaic_apology | unless apology]\n"),
            "lexicons/test.lex:1: 'unless' needs another word-cue section, not 'apology'");
}

TEST(LexiconParse, SectionsContinueAcrossFilesAndDuplicatesAcrossFilesAreCaught) {
  const std::vector<LexiconFile> ok = {{"a.lex", "[anger]\nfurious | 0.8\n"},
                                       {"b.lex", "[anger]\nlivid | 0.9\n"}};
  const auto lexicon = Lexicon::parse(ok);
  ASSERT_TRUE(lexicon);
  EXPECT_EQ(lexicon->phrase_count(EventKind::Anger), 2U);
  const std::vector<LexiconFile> twice = {{"a.lex", "[anger]\nfurious | 0.8\n"},
                                          {"b.lex", "\n[anger]\nfurious | 0.9\n"}};
  const auto dup = Lexicon::parse(twice);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().message, "b.lex:3: duplicate 'furious' in [anger] (first at a.lex:2)");
}

// ---- the shipped lexicons ----

TEST(LexiconDefault, LoadsAndEveryCategoryHasPhrases) {
  const auto lexicon = Lexicon::load_default();
  ASSERT_TRUE(lexicon) << lexicon.error().message;
  for (int k = 0; k < kEventKindCount; ++k) {
    const auto kind = static_cast<EventKind>(k);
    if (!is_lexicon_kind(kind)) continue;
    EXPECT_GE((*lexicon)->phrase_count(kind), 20U) << to_string(kind);
  }
  EXPECT_GE((*lexicon)->name_intro_count(), 5U);
  const WordInfo* not_word = (*lexicon)->word("not");
  ASSERT_NE(not_word, nullptr);
  EXPECT_GT(not_word->negator_reach, 0);
  const WordInfo* really = (*lexicon)->word("really");
  ASSERT_NE(really, nullptr);
  EXPECT_GT(really->intensifier, 1.0F);
  EXPECT_FALSE(is_lexicon_kind(EventKind::RepeatedComplaint));
  EXPECT_FALSE(is_lexicon_kind(EventKind::UsesName));
}

TEST(LexiconDefault, SpeakersSplitAtTriggerPhrase) {
  EXPECT_EQ(word_cue_speaker(EventKind::Anger), Speaker::Caller);
  EXPECT_EQ(word_cue_speaker(EventKind::PersonalAttack), Speaker::Caller);
  EXPECT_EQ(word_cue_speaker(EventKind::RepeatedComplaint), Speaker::Caller);
  EXPECT_EQ(word_cue_speaker(EventKind::TriggerPhrase), Speaker::Agent);
  EXPECT_EQ(word_cue_speaker(EventKind::UsesName), Speaker::Agent);
  EXPECT_EQ(word_cue_speaker(EventKind::CheckIn), Speaker::Agent);
}

TEST(LexiconDir, LoadsEditedCopiesAndReportsTheirPaths) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("composure_lexicon_test_" +
                    std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  std::filesystem::create_directories(dir);
  { std::ofstream(dir / "mine.lex") << "[anger]\nfurious | 0.8\n"; }
  { std::ofstream(dir / "notes.txt") << "not a lexicon"; }
  const auto good = Lexicon::load_dir(dir);
  ASSERT_TRUE(good) << good.error().message;
  EXPECT_EQ((*good)->phrase_count(EventKind::Anger), 1U);
  { std::ofstream(dir / "mine.lex") << "[anger]\nfurious | high\n"; }
  const auto bad = Lexicon::load_dir(dir);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message,
            (dir / "mine.lex").string() + ":2: bad weight 'high': expected a number in (0, 1]");
  std::filesystem::remove_all(dir);
  const auto missing = Lexicon::load_dir(dir);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find(dir.string()), std::string::npos);
}

}  // namespace
}  // namespace composure
