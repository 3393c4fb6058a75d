"""Dev-only: the synthetic nation, the benchmarks and the load tests.

Installed only by the benchmark settings (``ofsted_kb.settings_bench``) and the tests', and it
writes synthetic rows only into a benchmark's own database: it refuses the developer's
``db.sqlite3`` and any database not named for a benchmark (``perf.guard``). It may import
everything; nothing imports it.
"""
