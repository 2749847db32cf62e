# `composure eval [CORPUS_DIR]`: caller type, escalation warnings and bands on annotated calls.
target_link_libraries(composure PRIVATE composure_corpus)
# The held-out test calls must stay at or above floors set just under what was measured when they
# were last scored (README, "Understanding"), so accuracy can only go up. 2026-11-28: type
# macro-F1 0.808, warning precision 0.607, recall 0.654, mean lead 25.8 s (words alone; the same
# in the evening). Every floor is at or above where it stood before that day's work
# (0.60 / 0.45 / 0.58 / 25 s). 2026-11-29, with the venter's outpouring weighed by its length
# (chosen on dev, checked on three fresh batches first): type macro-F1 0.857, the rest unchanged;
# the type floor rose to 0.84.
add_test(NAME CorpusEval.TestSetMeetsTheFloors
  COMMAND composure eval ${PROJECT_SOURCE_DIR}/tests/corpus/test
          --min-type-f1 0.84 --min-warning-precision 0.58 --min-warning-recall 0.63
          --min-warning-lead 25 --max-calm-above-calm 0)
# The development set grew from 54 to 108, 264, 316, 368, 420, 472, 524 and then 576 calls
# (dc_ .. en_: written by thirty-eight more writers, who saw neither the rules nor the other
# calls); its floors are set under the 472-call figures (type macro-F1 0.888, warning precision
# 0.451, recall 0.457, lead 26.9 s), except the lead: the 576 calls give 0.888, 0.451, 0.456 and
# 25.8 s, as the newest calls' escalations come sooner after their first sign (23 s ahead on the
# ek_ .. en_ calls when they came), so the lead floor went from 26 s to 25 s with no rule changed.
# 2026-11-29: with the venter's outpouring weighed by its length, type macro-F1 0.903 (576
# calls); then the eo_ .. er_ calls joined (628): 0.900, 0.435, 0.435, 26.5 s. Those calls are
# harder to warn on from words (precision 0.32 when they came, most of the misses after a peak one
# line from the first sign), so the precision and recall floors went to 0.43 with them; the type
# floor rose to 0.89. With es_ .. ez_ (732 calls): 0.899, 0.432, 0.432, 25.8 s.
add_test(NAME CorpusEval.DevelopmentSetMeetsTheFloors
  COMMAND composure eval ${PROJECT_SOURCE_DIR}/tests/corpus/dev
          --min-type-f1 0.89 --min-warning-precision 0.43 --min-warning-recall 0.43
          --min-warning-lead 25 --max-calm-above-calm 0)
# The same calls with their voices (tests/corpus/CMakeLists.txt renders them), under the figures
# of 2026-11-28 (late): development (472 calls) type macro-F1 0.893, warning precision 0.845,
# recall 0.887, lead 17.6 s; test (52) 0.799, 0.806, 0.962, 30.2 s. That day a warning came to need
# the voice raised in two of the caller's last three beats (one raised line that the agent settles
# is a moment): precision rose (test 0.676 -> 0.806) and the lead fell (36.4 -> 30.2 s, still three
# times the 10 s goal), as did recall on development (0.928 -> 0.887); the recall and lead floors
# were lowered with it, on purpose, and no floor on precision or type was. With the eg_ .. en_
# calls (576), and a type switching margin of 0.05: 0.893, 0.833, 0.876, 17.7 s. 2026-11-29, with
# the venter weighed by length (576: type 0.907) and the eo_ .. er_ calls (628): 0.903, 0.818,
# 0.870, 17.4 s. Those calls gave 0.667 precision when they came (more raised lines the agent
# settles over two turns), so the precision floor went to 0.81 with them and recall to 0.86; type
# rose to 0.89. With es_ .. ez_ (732 calls): 0.901, 0.819, 0.875, 17.6 s. Test, 2026-11-29: type
# 0.847 (0.799 before the venter's length counted), 0.806, 0.962, 30.2 s; its type floor rose to
# 0.83.
# composure_voice_eval(NAME SET FLOOR...): `composure eval` on tests/corpus/SET with its voices.
function(composure_voice_eval name corpus_set)
  add_test(NAME CorpusEval.${name}
    COMMAND composure eval ${PROJECT_SOURCE_DIR}/tests/corpus/${corpus_set}
            --audio ${PROJECT_BINARY_DIR}/corpus-audio/${corpus_set} ${ARGN}
            --max-calm-above-calm 0)
  set_tests_properties(CorpusEval.${name} PROPERTIES
    FIXTURES_REQUIRED corpus_audio_${corpus_set} TIMEOUT 600 LABELS slow)
endfunction()
composure_voice_eval(DevelopmentCallsWithVoiceMeetTheFloors dev
  --min-type-f1 0.89 --min-warning-precision 0.81 --min-warning-recall 0.86 --min-warning-lead 17)
composure_voice_eval(TestCallsWithVoiceMeetTheFloors test
  --min-type-f1 0.83 --min-warning-precision 0.79 --min-warning-recall 0.94 --min-warning-lead 29)
