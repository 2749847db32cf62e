# The call assessor (frustration, warnings, caller type, stage): its cost per frame-channel.
add_executable(assessor_bench assessor_bench.cpp)
target_link_libraries(assessor_bench PRIVATE composure_options composure_understand
                      benchmark::benchmark)
