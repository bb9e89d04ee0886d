"""Benchmarks of hustings: speed, scale and concurrency (`make bench`)."""
