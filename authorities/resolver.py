"""Map the names documents use for local authorities to ONS codes.

Pure Python (no Django) so that document parsers can use it on raw text.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

# Straight, curly and modifier-letter apostrophes, backtick, acute accent and prime.
_APOSTROPHES = re.compile("['`\u2018\u2019\u00b4\u02bc\u2032]")
_WORD = re.compile(r"[^\W_]+")

# Generic words around a name: "Kent County Council", "London Borough of Haringey",
# "Leeds City local authority children's services", "Surrey Safeguarding Children Board".
# Normalised, longest first.
_SUFFIXES = tuple(
    sorted(
        (
            "local authority childrens services",
            "local authority childrens social care services",
            "childrens social care services",
            "childrens social care",
            "childrens services",
            "local authority",
            "local safeguarding children board",
            "safeguarding children board",
            "local safeguarding partnership",
            "metropolitan borough council",
            "metropolitan district council",
            "county council",
            "city council",
            "borough council",
            "district council",
            "council",
            "borough",
            "county",
            "city",
        ),
        key=len,
        reverse=True,
    )
)
_PREFIXES = (
    "london borough of",
    "royal borough of",
    "metropolitan borough of",
    "borough of",
    "city of",
    "county of",
    "council of",
)

# Words just before or after a name that mark it as the document's subject rather than a
# passing mention ("Focused visit to Kent", "Inspection of Leeds", "Dear Blackpool Local
# Safeguarding Partnership", "Slough local authority children's services", and the old
# report headings "Haringey Inspection of children's social care services").
_LEAD_INS = (("inspection", "of"), ("visit", "to"), ("services", "in"), ("dear",))
_FOLLOW_ONS = (
    ("local", "authority"),
    ("childrens", "services"),
    ("local", "safeguarding"),
    ("inspection", "of"),
    ("re", "inspection"),
    ("reinspection", "of"),
)
_SUBJECT_WEIGHT = 4.0

#: Councils whose web address is not their name run together: the address's name -> the
#: authority's name (facts: the councils' own gov.uk domains).
HOST_NAMES = {
    "royalgreenwich": "Greenwich",
    "lbbd": "Barking and Dagenham",
    "lbhf": "Hammersmith and Fulham",
    "rbwm": "Windsor and Maidenhead",
    "kingston": "Kingston upon Thames",
    "richmond": "Richmond upon Thames",
    "northnorthants": "North Northamptonshire",
    "westnorthants": "West Northamptonshire",
    "brightonhove": "Brighton and Hove",
    "northyorks": "North Yorkshire",
    "redcarcleveland": "Redcar and Cleveland",
    "stockton": "Stockton-on-Tees",
    "telford": "Telford and Wrekin",
    "bathnes": "Bath and North East Somerset",
    "southglos": "South Gloucestershire",
    "eastriding": "East Riding of Yorkshire",
    "nelincs": "North East Lincolnshire",
    "northlincs": "North Lincolnshire",
    "newcastle": "Newcastle upon Tyne",
    "hull": "Kingston upon Hull",
    "southend": "Southend-on-Sea",
    "blackburn": "Blackburn with Darwen",
    "iow": "Isle of Wight",
}

_END = ""  # trie key holding the codes of a complete name (no token is empty)


def _words(text: str) -> list[str]:
    """The words of ``text`` as written, accents, apostrophes and ampersands unified."""
    decomposed = unicodedata.normalize("NFKD", _APOSTROPHES.sub("", text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).replace("&", " and ")
    return [w for w in _WORD.findall(plain) if w.casefold() != "the"]


def normalise(name: str) -> str:
    """A comparison key: casefolded words, "&" as "and", no apostrophes, punctuation or "the"."""
    return " ".join(w.casefold() for w in _words(name))


def _strip_once(key: str) -> Iterable[str]:
    for suffix in _SUFFIXES:
        if key.endswith(" " + suffix):
            yield key[: -len(suffix) - 1]
    for prefix in _PREFIXES:
        if key.startswith(prefix + " "):
            yield key[len(prefix) + 1 :]


def _variants(key: str) -> list[str]:
    """``key``, then ``key`` with generic words stripped, one more layer at a time."""
    variants = [key]
    for variant in variants:  # grows as it goes: a breadth-first walk
        for stripped in _strip_once(variant):
            if stripped not in variants:
                variants.append(stripped)
    return variants


class NameIndex:
    """Every known name form of every authority, for exact look-ups and for finding names in
    running text."""

    def __init__(self, pairs: Iterable[tuple[str, str]]):
        codes: dict[str, dict[str, None]] = defaultdict(dict)
        for name, code in pairs:
            key = normalise(name)
            if key and code:
                codes[key][code] = None
        self._codes = {key: tuple(found) for key, found in codes.items()}
        # Every name with its spaces taken out, as councils' web addresses write them.
        joined: dict[str, dict[str, None]] = defaultdict(dict)
        for key, found in self._codes.items():
            for variant in _variants(key):
                for code in found:
                    joined[variant.replace(" ", "")][code] = None
        self._joined = {key: tuple(found) for key, found in joined.items()}
        self._trie: dict = {}
        for key, found in self._codes.items():
            node = self._trie
            for token in key.split():
                node = node.setdefault(token, {})
            node[_END] = found

    @classmethod
    def from_fixtures(cls, fixtures_dir: Path) -> NameIndex:
        """An index of the names, official names and aliases in ``authorities.csv`` and
        ``authority_aliases.csv``."""
        pairs = []
        with (fixtures_dir / "authorities.csv").open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                pairs.append((row["name"], row["ons_code"]))
                pairs.append((row["official_name"], row["ons_code"]))
        with (fixtures_dir / "authority_aliases.csv").open(newline="", encoding="utf-8") as handle:
            pairs.extend((row["alias"], row["ons_code"]) for row in csv.DictReader(handle))
        return cls(pairs)

    def resolve_all(self, name: str) -> tuple[str, ...]:
        """Every authority ``name`` may mean: the exact form first, then with generic words
        ("county council", "London Borough of", "children's services"...) removed."""
        for variant in _variants(normalise(name)):
            if variant in self._codes:
                return self._codes[variant]
        return ()

    def resolve(self, name: str) -> str | None:
        """The one authority ``name`` means, or None when it is unknown or ambiguous."""
        codes = self.resolve_all(name)
        return codes[0] if len(codes) == 1 else None

    def resolve_host(self, host: str) -> str | None:
        """The council a web address belongs to, from the name in its domain: a council's
        own ``gov.uk`` domain and any subdomain of it ("democracy.kent.gov.uk",
        "moderngov.eastsussex.gov.uk"), its name with the spaces taken out, "council" or
        "cc" after it allowed. None for other hosts or where the name is not one address
        alone can tell."""
        host = host.casefold().rstrip(".").split(":", 1)[0]
        if not host.endswith(".gov.uk"):
            return None
        label = host.removesuffix(".gov.uk").rsplit(".", 1)[-1].replace("-", "")
        if label in HOST_NAMES:
            return self.resolve(HOST_NAMES[label])
        for candidate in (label, label.removesuffix("council"), label.removesuffix("cc")):
            codes = self._joined.get(candidate, ())
            if candidate and len(codes) == 1:
                return codes[0]
        return None

    def find_in_text(self, text: str) -> str | None:
        """The authority a passage (say a report's first page) is about, or None.

        Names are matched on word boundaries, longest form first at each position, so
        "North Northamptonshire" is never read as "Northamptonshire". In running text only
        names written with a capital count ("Reading", not "reading"), unless the text has no
        capitals at all. Each mention scores one, or more where the wording marks it as the
        subject ("Inspection of X", "Focused visit to X", "X local authority"); a name shared
        by several authorities splits its score. The best score wins; a tie gives None.
        """
        ranked = self.rank_in_text(text)
        if not ranked or (len(ranked) > 1 and ranked[0][1] - ranked[1][1] < 1e-9):
            return None
        return ranked[0][0]

    def rank_in_text(self, text: str) -> list[tuple[str, float]]:
        """Every authority named in ``text`` with its score, best first (``find_in_text``'s
        reckoning; a reviewer's candidates where no one authority wins)."""
        words = _words(text)
        tokens = [w.casefold() for w in words]
        needs_capital = text != text.lower()
        scores: dict[str, float] = defaultdict(float)
        start = 0
        while start < len(tokens):
            end, codes = self._longest_match(tokens, start)
            if not codes:
                start += 1
                continue
            if not needs_capital or words[start][0].isupper():
                weight = _SUBJECT_WEIGHT if _is_subject(tokens, start, end) else 1.0
                for code in codes:
                    scores[code] += weight / len(codes)
            start = end
        return sorted(scores.items(), key=lambda item: item[1], reverse=True)

    def _longest_match(self, tokens: list[str], start: int) -> tuple[int, tuple[str, ...]]:
        node, end, codes = self._trie, start, ()
        for index in range(start, len(tokens)):
            node = node.get(tokens[index])
            if node is None:
                break
            if _END in node:
                end, codes = index + 1, node[_END]
        return end, codes


def _is_subject(tokens: list[str], start: int, end: int) -> bool:
    before = tuple(tokens[max(0, start - 2) : start])
    after = tuple(tokens[end : end + 2])
    return any(before[-len(lead) :] == lead for lead in _LEAD_INS) or after in _FOLLOW_ONS
