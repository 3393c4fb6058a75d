"""The README's API call gives the answer the README shows, over the demo documents ingested
for real into a database numbered from 1, as a fresh one is."""

import io
import json
import re
from pathlib import Path

import pytest
import requests
from django.core.management import call_command

from findings.models import Theme
from findings.themes import THEMES

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_example() -> tuple[str, dict]:
    block = re.search(r"```console\n\$ curl -s '([^']+)'\n(.*?)\n```", README.read_text(), re.S)
    return block.group(1), json.loads(block.group(2))


@pytest.mark.django_db(transaction=True, reset_sequences=True)
def test_the_readme_api_call_answers_as_shown(live_server, tmp_path):
    # As a fresh database has them (migrations add the themes; an earlier transactional
    # test may have emptied the table).
    for rule in THEMES:
        Theme.objects.get_or_create(
            slug=rule.slug, defaults={"name": rule.name, "description": rule.description}
        )
    call_command("load_authorities", stdout=io.StringIO())
    call_command("load_demo", official_data=tmp_path / "none", stdout=io.StringIO())
    address, shown = readme_example()
    assert address.startswith("http://127.0.0.1:8000/api/v1/")
    answer = requests.get(address.replace("http://127.0.0.1:8000", live_server.url), timeout=30)
    assert answer.status_code == 200
    got = json.loads(answer.text.replace(live_server.url, "http://127.0.0.1:8000"))
    assert got == shown
