# Speech recognition: real-time factor per decoder, decoder memory, and decoder-pool throughput
# on telephone audio (needs pocketsphinx-en-us and pocketsphinx-testdata).
add_executable(asr_bench asr_bench.cpp)
target_link_libraries(asr_bench PRIVATE composure_options composure_speech benchmark::benchmark)
