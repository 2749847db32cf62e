# Suggestion latency after an utterance ends: words known, streaming recognition, decode after end.
add_executable(guide_bench guide_bench.cpp)
target_link_libraries(guide_bench PRIVATE composure_options composure_engine composure_store
                      composure_speech benchmark::benchmark)
