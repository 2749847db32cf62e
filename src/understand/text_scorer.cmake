# Text frustration scorer (weights: data/text_scorer/weights.tsv, fitted by tools/fit_text_scorer).
target_sources(composure_understand PRIVATE text_scorer.cpp)
composure_test(understand_text_scorer_test SOURCES text_scorer_test.cpp DEPS composure_understand)
