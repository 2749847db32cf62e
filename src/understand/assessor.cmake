#The call assessor : cues in, judgements out(frustration, escalation warning, caller type, stage,
#validation before troubleshooting).
target_sources(composure_understand PRIVATE assessor.cpp)
    composure_test(understand_assessor_test SOURCES assessor_test.cpp DEPS composure_understand)
