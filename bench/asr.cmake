# recognition benchmarks
