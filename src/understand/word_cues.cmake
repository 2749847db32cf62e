# Word-level cues: lexicons as data (data/lexicons/*.lex), negation, intensifiers, repetition and
# the caller's name.
target_sources(composure_understand PRIVATE lexicon.cpp word_cues.cpp)
composure_test(understand_word_cues_test SOURCES lexicon_test.cpp word_cues_test.cpp
  DEPS composure_understand)
