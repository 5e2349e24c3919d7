"""Bureau-scale data for benchmarks: a deterministic generator and its CLI command."""
