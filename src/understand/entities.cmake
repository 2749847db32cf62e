# Entity spotting: order numbers, account numbers and amounts in the words.
target_sources(composure_understand PRIVATE entities.cpp)
composure_test(understand_entities_test SOURCES entities_test.cpp DEPS composure_understand)
