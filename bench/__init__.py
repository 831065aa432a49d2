"""Benchmarks: per-stage throughput and peak memory at 1k/10k/100k posts (``make bench``)."""
