# word cues: target_sources(composure_understand ...) and their tests
