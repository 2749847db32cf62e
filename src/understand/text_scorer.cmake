# text scorer: target_sources(composure_understand ...) and its tests
