"""Match the unit names a document uses to a jurisdiction's registry of units and groups.

Pure: the caller passes plain dicts (from the database or a fixture). An unknown name is never
invented into a unit — it comes back unmatched so that a person can confirm a new unit.

Order of attempts: collective groups (for collective names), exact full name, short name, alias,
nested parent+child (区政府办公室〈区大数据局〉), then a missing or extra jurisdiction prefix
(县行政审批服务局 / 行政审批服务局, 卫健局 / 区卫健局) as "fuzzy". A key that fits more than
one unit is ambiguous and does not match.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .model import UnitRef
from .names import clean_token, is_collective, is_vague, split_name

_OPEN_RE = re.compile(r"[（(<【\[［《〔]")
_CLOSE_RE = re.compile(r"[）)>】\]］》〕]")
_SHORT_INNER_RE = re.compile(r"〈(.{1,2})〉")
JURISDICTION_PREFIXES = ("区", "县", "市")

METHOD_EXACT = "exact"
METHOD_SHORT = "short"
METHOD_ALIAS = "alias"
METHOD_NESTED = "nested"
METHOD_FUZZY = "fuzzy"
METHOD_COLLECTIVE = "collective"


def canonical(name: str) -> str:
    """Spacing and quotes dropped, all brackets as 〈〉, a 1–2 character inner part folded in:
    ``区财政 金融局`` -> ``区财政金融局``, ``各镇（街）`` -> ``各镇街``,
    ``区政府办公室<区大数据局>`` -> ``区政府办公室〈区大数据局〉``."""
    text = clean_token(name or "")
    text = _CLOSE_RE.sub("〉", _OPEN_RE.sub("〈", text))
    return _SHORT_INNER_RE.sub(r"\1", text)


def core(name: str) -> str:
    """The name without a leading jurisdiction prefix (区/县/市)."""
    return name[1:] if len(name) > 2 and name.startswith(JURISDICTION_PREFIXES) else name


@dataclass
class MatchResult:
    unit_id: Any | None = None
    collective_id: Any | None = None
    member_ids: list = field(default_factory=list)
    vague: bool = False
    normalized: str = ""
    method: str | None = None

    @property
    def matched(self) -> bool:
        return self.unit_id is not None or self.collective_id is not None


class _Index:
    """canonical key -> set of ids."""

    def __init__(self) -> None:
        self.keys: dict[str, set] = defaultdict(set)

    def add(self, key: str, ident: Any) -> None:
        if key:
            self.keys[key].add(ident)

    def unique(self, key: str) -> Any | None:
        found = self.keys.get(key)
        return next(iter(found)) if found and len(found) == 1 else None


class UnitRegistry:
    def __init__(self) -> None:
        self.units: dict[Any, dict] = {}
        self.collectives: dict[Any, dict] = {}
        self.by_name = _Index()
        self.by_short = _Index()
        self.by_alias = _Index()
        self.by_core = _Index()
        self.by_nested = _Index()  # key "parent〈child〉"
        self.by_collective = _Index()

    @classmethod
    def from_data(cls, units: list[dict], collectives: list[dict] | None = None) -> UnitRegistry:
        """``units``: {"id", "name", "short_name", "aliases", "parent_id", "kind"};
        ``collectives``: {"id", "name", "member_ids", "vague", "aliases"}."""
        registry = cls()
        for unit in units:
            registry.units[unit["id"]] = unit
        for unit in units:
            registry._index_unit(unit)
        for group in collectives or []:
            registry.collectives[group["id"]] = group
            for name in [group.get("name", ""), *(group.get("aliases") or [])]:
                registry.by_collective.add(canonical(name), group["id"])
        return registry

    def _names(self, unit: dict) -> list[str]:
        names = [unit.get("name"), unit.get("short_name"), *(unit.get("aliases") or [])]
        return [canonical(n) for n in names if n]

    def _index_unit(self, unit: dict) -> None:
        ident = unit["id"]
        self.by_name.add(canonical(unit.get("name", "")), ident)
        self.by_short.add(canonical(unit.get("short_name") or ""), ident)
        for alias in unit.get("aliases") or []:
            self.by_alias.add(canonical(alias), ident)
        names = self._names(unit)
        for name in names:
            self.by_core.add(core(name), ident)
            outer, _sep, inner = name.partition("〈")
            if inner.endswith("〉"):
                self.by_nested.add(f"{outer}〈{inner}", ident)
                self.by_core.add(core(inner[:-1]), ident)
        parent = self.units.get(unit.get("parent_id"))
        if parent:
            for parent_name in self._names(parent):
                for name in names:
                    self.by_nested.add(f"{parent_name}〈{name}〉", ident)

    def match(self, ref: UnitRef | str) -> MatchResult:
        """Match a parsed reference (or a raw name such as ``区政府办公室<区大数据局>``)."""
        if isinstance(ref, str):
            name, parent = split_name(ref)
            collective = is_collective(canonical(name))
        else:
            name, parent, collective = ref.name, ref.parent, ref.collective
        name, parent = canonical(name), canonical(parent) if parent else None
        normalized = f"{parent}〈{name}〉" if parent else name
        if collective or self.by_collective.keys.get(name):
            result = self._match_collective(name)
            if result:
                return result
        if parent:
            result = self._match_nested(name, parent)
            if result:
                return result
        result = self._match_unit(name)
        if result:
            return result
        if collective:
            return MatchResult(vague=is_vague(name), normalized=normalized)
        return MatchResult(normalized=normalized)

    def _match_collective(self, name: str) -> MatchResult | None:
        ident = self.by_collective.unique(name)
        if ident is None:
            return None
        group = self.collectives[ident]
        return MatchResult(collective_id=ident, member_ids=list(group.get("member_ids") or []),
                           vague=bool(group.get("vague")), normalized=name, method=METHOD_COLLECTIVE)

    def _match_nested(self, name: str, parent: str) -> MatchResult | None:
        normalized = f"{parent}〈{name}〉"
        for key in (normalized, f"{core(parent)}〈{name}〉"):
            ident = self.by_nested.unique(key) or self.by_name.unique(key) or self.by_alias.unique(key)
            if ident is not None:
                return MatchResult(unit_id=ident, normalized=normalized, method=METHOD_NESTED)
        child = self._match_unit(name)
        if child:
            return MatchResult(unit_id=child.unit_id, normalized=normalized, method=METHOD_NESTED)
        return None

    def _match_unit(self, name: str) -> MatchResult | None:
        for index, method in ((self.by_name, METHOD_EXACT), (self.by_short, METHOD_SHORT),
                              (self.by_alias, METHOD_ALIAS), (self.by_core, METHOD_FUZZY)):
            ident = index.unique(core(name) if method == METHOD_FUZZY else name)
            if ident is not None:
                return MatchResult(unit_id=ident, normalized=name, method=method)
        return None
