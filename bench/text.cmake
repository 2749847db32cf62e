# Text frustration scorer: microseconds per utterance.
add_executable(text_scorer_bench text_scorer_bench.cpp)
target_link_libraries(text_scorer_bench PRIVATE composure_options composure_understand
                      benchmark::benchmark)
