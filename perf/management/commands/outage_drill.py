"""``manage.py outage_drill``: take the database away while gunicorn serves, and time recovery.

gunicorn serves DATABASE_URL (PostgreSQL) under steady load; a third of the way through, the
drill either terminates every connection to the database (``pg_terminate_backend``, the
default: safe on a shared server) or runs ``--restart-command`` (a full server restart, e.g.
``pg_ctlcluster --skip-systemctl-redirect 15 main restart``, only on a server you own). It
reports the failed requests, when the last one failed, and that the same gunicorn went on.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import threading
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from perf.loadtest import gunicorn, run_load, server_env, site_paths


class Command(BaseCommand):
    help = "Disrupt the database under load and report the errors and the recovery."

    def add_arguments(self, parser):
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--seconds", type=float, default=30)
        parser.add_argument(
            "--restart-command",
            help="A shell command that restarts the database server (default: terminate "
            "every connection to the database instead).",
        )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("the drill needs PostgreSQL (set DATABASE_URL)")
        paths = site_paths()
        name = connection.settings_dict["NAME"]
        connection.close()
        env = server_env(os.environ["DATABASE_URL"])
        seconds = options["seconds"]
        with gunicorn(env) as (url, server):
            run_load(url, paths, connections=4, seconds=2)
            disrupted: list[float] = []
            began = time.perf_counter()

            def disrupt():
                time.sleep(seconds / 3)
                disrupted.append(time.perf_counter() - began)
                if options["restart_command"]:
                    subprocess.run(shlex.split(options["restart_command"]), check=True)
                else:
                    with connection.cursor() as cursor:
                        cursor.execute(
                            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                            "WHERE datname = %s AND pid <> pg_backend_pid()",
                            [name],
                        )
                    connection.close()
                disrupted.append(time.perf_counter() - began)

            thread = threading.Thread(target=disrupt)
            thread.start()
            offset = time.perf_counter() - began  # the load's clock starts this much later
            result = run_load(url, paths, connections=options["connections"], seconds=seconds)
            thread.join()
            alive = server.poll() is None
        failed = [t + offset for t, status in result.timeline if status != 200]
        last = failed[-1] if failed else 0.0
        after = [status for t, status in result.timeline if t + offset > last]
        how = "server restart" if options["restart_command"] else "pg_terminate_backend"
        self.stdout.write(f"disruption ({how}): {disrupted[0]:.2f}-{disrupted[1]:.2f} s in")
        self.stdout.write(f"requests: {result.requests}, failed: {len(failed)}")
        self.stdout.write(f"statuses: {dict(result.statuses)}")
        if failed:
            self.stdout.write(f"failed requests completed from {failed[0]:.2f} s to {last:.2f} s")
        self.stdout.write(f"requests after the last failure: {len(after)}, all 200")
        self.stdout.write(f"the same gunicorn still serving: {alive}")
        if not alive or not after or any(status != 200 for status in after):
            raise CommandError("the site did not recover by itself")
