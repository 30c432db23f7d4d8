"""``cordon bench``: reproducible speed figures, each next to a baseline measured in the same run.

Sections: ``matcher`` (screening latency and throughput on one core, brute-force rapidfuzz
baseline, recall), ``e2e`` (a worker under fixed-rate load, bare aiokafka relay baseline),
``scale`` (two workers on two partitions against one) and ``cost`` (start to ready, resident
memory). The machines are shared and noisy: a figure means something only beside its baseline.
"""
