# recogniser: target_sources(composure_speech ...), its tests
