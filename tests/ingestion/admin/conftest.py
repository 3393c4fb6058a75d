"""Staff accounts in the two roles the groups migration makes, and helpers for admin forms."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inspections.models import Document
from tests.corpus import CORPUS, pdf_path

#: A 2021 focused-visit letter (Norfolk): 5 pages, ungraded, 24 findings.
LETTER = "norfolk__children's services focused visit - 09 november 2021"
#: A 2022 ILACS report (North Northamptonshire), graded from the table on page 1.
REPORT = "north northamptonshire__children's services inspection - 25 november 2022"


def _staff(username, group):
    user = User.objects.create_user(username, password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db):
    return _staff("editor", "Editors")


@pytest.fixture
def viewer(db):
    return _staff("viewer", "Viewers")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


def corpus_file(fragment):
    if not CORPUS.is_dir():
        pytest.skip(
            "../shared/corpus is absent: the real-document tests need it beside the repository"
        )
    path = pdf_path(fragment)
    return path.name, path.read_bytes()


def upload(client, name, data, **fields):
    """POST a file to the admin's upload form, as a browser would."""
    return client.post(
        reverse("admin:inspections_document_upload"),
        {"file": SimpleUploadedFile(name, data), **fields},
    )


@pytest.fixture
def letter(editor_client):
    """The focused-visit letter, uploaded by the editor and read (tests run tasks at once)."""
    name, data = corpus_file(LETTER)
    response = upload(editor_client, name, data)
    assert response.status_code == 302, response.content[:2000]
    return Document.objects.get(original_filename=name)


def change_form_data(response) -> dict:
    """The POST a browser would send back from an admin change page left as it is."""
    data = {}

    def add(form):
        for bound in form:
            if bound.field.disabled:
                continue
            value = bound.value()
            if value is None or value is False:
                continue
            if value is True:
                data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            else:
                data[bound.html_name] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


def inline_index(data: dict, prefix: str, pk: int) -> int:
    """The position in an inline formset of the row holding object ``pk``."""
    for key, value in data.items():
        if key.startswith(f"{prefix}-") and key.endswith("-id") and value == str(pk):
            return int(key.split("-")[1])
    raise AssertionError(f"no {prefix} row for {pk}")
