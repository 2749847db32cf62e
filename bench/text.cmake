# text scorer and word cue benchmarks
