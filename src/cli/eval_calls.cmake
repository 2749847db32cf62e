# `composure eval [CORPUS_DIR]`: caller type, escalation warnings and bands on annotated calls.
target_link_libraries(composure PRIVATE composure_corpus)
