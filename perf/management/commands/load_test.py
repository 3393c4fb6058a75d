"""``manage.py load_test``: gunicorn on loopback under N keep-alive connections for a while.

Serves the database in DATABASE_URL with production-like settings (DEBUG off), requests a mix
of public pages drawn from that database, and prints requests, errors and latency
percentiles (docs/reliability.md). Bounded in time (``--seconds``) and count.
"""

from __future__ import annotations

import json
import os
import re

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from perf.loadtest import gunicorn, run_load, server_env, site_paths


class Command(BaseCommand):
    help = "Load-test the site under gunicorn with concurrent keep-alive connections."

    def add_arguments(self, parser):
        parser.add_argument("--connections", type=int, default=64)
        parser.add_argument("--seconds", type=float, default=60)
        parser.add_argument("--max-requests", type=int, default=1_000_000)
        parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
        parser.add_argument("--threads", type=int, default=8, help="threads per worker")
        parser.add_argument("--url", help="Load a server already running here instead.")
        parser.add_argument("--json", help="Also write the summary to this file.")
        parser.add_argument("--skip", help="Leave out the pages whose path matches this regex.")
        parser.add_argument("--log", help="Write gunicorn's log to this file.")

    def handle(self, *args, **options):
        paths = site_paths()
        if options["skip"]:
            paths = [path for path in paths if not re.search(options["skip"], path)]
        if len(paths) <= 4:
            raise CommandError("the database holds no documents to request: ingest some first")
        if options["url"]:
            result = self._load(options["url"], paths, options)
        else:
            database_url = os.environ.get("DATABASE_URL", "")
            if not database_url:
                raise CommandError("set DATABASE_URL: the drill serves that database")
            env = server_env(database_url)
            with gunicorn(
                env, workers=options["workers"], threads=options["threads"], log=options["log"]
            ) as (url, server):
                run_load(url, paths, connections=8, seconds=3)  # every worker connects
                result = self._load(url, paths, options)
                if server.poll() is not None:
                    raise CommandError("gunicorn died during the run")
        summary = result.summary() | {
            "database": connection.vendor,
            "paths": len(paths),
            "load_average": [round(n, 2) for n in os.getloadavg()],
        }
        for key, value in summary.items():
            self.stdout.write(f"{key:>20}: {value}")
        if result.failures:
            self.stdout.write(f"{'failed paths':>20}: {dict(result.failures.most_common(10))}")
        if options["json"]:
            with open(options["json"], "w", encoding="utf-8") as handle:
                json.dump(summary, handle, indent=2)
        if result.errors:
            raise CommandError(f"{result.errors} requests failed")

    def _load(self, url, paths, options):
        self.stdout.write(
            f"{options['connections']} connections for {options['seconds']:g} s at {url} "
            f"over {len(paths)} pages..."
        )
        return run_load(
            url,
            paths,
            connections=options["connections"],
            seconds=options["seconds"],
            max_requests=options["max_requests"],
        )
