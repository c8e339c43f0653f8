"""Service name resolution: ids, names and aliases, case-insensitive, "Amazon"/"AWS" optional."""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from .models import Service

__all__ = ["normalize", "NameIndex"]

_SPACES = re.compile(r"[\s_]+")


def normalize(name: str, prefixes: tuple[str, ...] = ()) -> str:
    """``"  Amazon SQS  FIFO"`` -> ``"sqs fifo"`` (with ``prefixes=("amazon", "aws")``);
    hyphens, dashes and spaces are interchangeable."""
    s = name.strip().lower()
    for dash in ("-", "\u2013", "\u2014"):  # hyphen, en dash, em dash
        s = s.replace(dash, " ")
    s = _SPACES.sub(" ", s)
    changed = True
    while changed:
        changed = False
        for p in prefixes:
            if s.startswith(p + " "):
                s, changed = s[len(p) + 1 :], True
    return s


class NameIndex:
    def __init__(self, services: dict[str, Service], prefixes: tuple[str, ...] = ()) -> None:
        self.prefixes = tuple(p.lower() for p in prefixes)
        self._by_key: dict[str, str] = {}
        self._squashed: dict[str, str] = {}
        self._id_only: set[str] = set()  # keys only a service id gives ("support" of aws-support)
        ambiguous: set[str] = set()
        # ids and names first so that an alias can never shadow a service's own name
        for tier in ("id", "name", "alias"):
            for sid in sorted(services):
                s = services[sid]
                keys = {
                    "id": [s.id],
                    "name": [s.name],
                    "alias": [*s.aliases, *_bracketed(s.name), *_split_camel(s.name, *s.aliases)],
                }[tier]
                for k in keys:
                    n = normalize(k, self.prefixes)
                    if not n:
                        continue
                    if n in self._by_key and self._by_key[n] != sid:
                        if tier == "alias":
                            ambiguous.add(n)
                        continue
                    if tier == "id" and n not in self._by_key:
                        self._id_only.add(n)
                    elif tier != "id":
                        self._id_only.discard(n)
                    self._by_key[n] = sid
                    # "Event Bridge" and "Private Link" are typed for "EventBridge", "PrivateLink"
                    self._squashed.setdefault(n.replace(" ", ""), sid)
        self.ambiguous = ambiguous
        self._keys = sorted(self._by_key)

    def get(self, name: str) -> str | None:
        n = normalize(name, self.prefixes)
        found = self._by_key.get(n) or self._squashed.get(n.replace(" ", ""))
        if found or "(" not in n:
            return found
        # "Amazon ECR (Elastic Container Registry)": the name outside or inside the brackets
        outside, _, inside = n.partition("(")
        return self.get(outside) or self.get(inside.rstrip(") "))

    def suggest(self, name: str, limit: int = 5) -> list[str]:
        found = process.extract(
            normalize(name, self.prefixes), self._keys, scorer=fuzz.WRatio, limit=limit * 3
        )
        out: list[str] = []
        for key, score, _ in found:
            sid = self._by_key[key]
            if score >= 60 and sid not in out:
                out.append(sid)
        return out[:limit]

    def keys(self) -> dict[str, str]:
        return dict(self._by_key)

    def text_keys(self) -> dict[str, str]:
        """The names and aliases people write, for reading running text: an id's words alone
        ("support" of ``aws-support``) are not a name."""
        return {k: v for k, v in self._by_key.items() if k not in self._id_only}


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])|(?<=[a-z]{2})(?=[A-Z]{2,}\b)")


def _split_camel(*names: str) -> list[str]:
    """ "CloudWatch", "DynamoDB", "EventBridge" are also typed "Cloud Watch", "Dynamo DB",
    "Event Bridge": the spelling with the words apart."""
    out = []
    for n in names:
        split = _CAMEL.sub(" ", n)
        if split != n:
            out.append(split)
    return out


def _bracketed(name: str) -> list[str]:
    """ "Amazon Kinesis Data Analytics (Amazon Managed Service for Apache Flink)" is also known
    by the part outside and the part inside the brackets."""
    if "(" not in name:
        return []
    outside, _, inside = name.partition("(")
    inside = inside.rstrip(") ").strip()
    # "(legacy)", "(standard)": a lower-case remark, not another name
    return [outside.strip()] + ([inside] if any(c.isupper() for c in inside) else [])
