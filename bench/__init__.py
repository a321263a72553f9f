"""Benchmarks: page timings and query counts at scale, and Markdown rendering worst cases."""
