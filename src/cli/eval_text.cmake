# `composure eval-text`: precision/recall/F1 of the text frustration scorer on a labelled file.
target_sources(composure_report PRIVATE eval_text.cpp)
composure_test(cli_eval_text_test SOURCES eval_text_test.cpp DEPS composure_report)
