"""Links to the public pages of one object, reversed once per URL name rather than per link.

A results page or an authority's history links to dozens of authorities, inspections,
documents and findings; ``reverse()`` for each link was about a tenth of such a page's time.
Each URL here takes a single id or slug, so it is reversed once with a placeholder and the
argument put in its place afterwards, quoted as ``reverse()`` quotes it.
"""

from functools import cache
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

#: Valid for both the int and the slug converters, and in no URL pattern's fixed text.
_PLACEHOLDER = "987654321"
# What reverse() leaves unquoted in a URL (django.urls.resolvers).
_SAFE = "!$&'()*+,;=/~:@"


def url(name: str, argument) -> str:
    """``reverse(name, args=[argument])``, for a URL with a single id or slug in it."""
    before, after = _parts(name, get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)
    return f"{before}{quote(str(argument), safe=_SAFE)}{after}"


@cache
def _parts(name: str, prefix: str, urlconf, root_urlconf: str) -> tuple[str, str]:
    before, placeholder, after = reverse(name, args=[_PLACEHOLDER]).partition(_PLACEHOLDER)
    if not placeholder:
        raise ValueError(f"{name!r} does not take a single argument in its path")
    return before, after
