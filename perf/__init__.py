"""Dev-only: the synthetic nation, the benchmarks and the load tests.

Installed only by the benchmark settings (``ofsted_kb.settings_bench``), and it writes only into
a benchmark's own database: its commands refuse the developer's ``db.sqlite3`` and a database
not named for a benchmark. It may import everything; nothing imports it.
"""
