"""The benchmark app is the developer's: the site's own settings never install it, and it
writes synthetic rows only into a benchmark's own database."""

import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from authorities.models import Authority
from tests.structure.test_layers import ROOT


@pytest.mark.parametrize(
    "settings_module", ["ofsted_kb.settings", "ofsted_kb.settings_production"]
)
def test_the_sites_own_settings_do_not_install_perf(settings_module):
    script = (
        "import django; django.setup(); from django.apps import apps; "
        "print(apps.is_installed('perf'))"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": settings_module,
        "SECRET_KEY": "a-key-for-this-test-only",
        "ALLOWED_HOSTS": "example.org",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert (result.returncode, result.stdout.strip()) == (0, "False"), result.stderr


@pytest.mark.django_db
def test_generate_national_refuses_a_database_not_declared_a_benchmarks():
    before = Authority.objects.count()
    with (
        override_settings(BENCHMARK_DATABASE=False),
        pytest.raises(CommandError, match="only into a benchmark's own database"),
    ):
        call_command("generate_national", "--scale", "0.02")
    assert Authority.objects.count() == before
