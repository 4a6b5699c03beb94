"""The table schemas, read from ``data/datapackage.json`` (the single source of truth for
column names, types, vocabularies and keys)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .paths import DATAPACKAGE

TABLES: tuple[str, ...] = ("events", "sources", "event_sources", "claims", "milestones")

THEMES: tuple[str, ...] = (
    "taliban", "russia", "china", "iran", "central_asia", "pakistan", "external", "sectarian",
)
"""The book's themes; ``events.themes`` is a ';'-list drawn from these."""


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool
    constraints: dict[str, Any]
    description: str
    true_values: tuple[str, ...] = ("true",)
    false_values: tuple[str, ...] = ("false",)

    @property
    def enum(self) -> tuple[str, ...] | None:
        values = self.constraints.get("enum")
        return tuple(values) if values is not None else None


@dataclass(frozen=True)
class TableSchema:
    name: str
    path: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[dict[str, Any], ...]

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def _parse(descriptor: dict[str, Any]) -> dict[str, TableSchema]:
    out: dict[str, TableSchema] = {}
    for res in descriptor["resources"]:
        sch = res["schema"]
        fields = tuple(
            Field(
                name=f["name"],
                type=f["type"],
                required=bool(f.get("constraints", {}).get("required", False)),
                constraints=dict(f.get("constraints", {})),
                description=f.get("description", ""),
                true_values=tuple(f.get("trueValues", ["true"])),
                false_values=tuple(f.get("falseValues", ["false"])),
            )
            for f in sch["fields"]
        )
        pk = sch.get("primaryKey", [])
        out[res["name"]] = TableSchema(
            name=res["name"],
            path=res["path"],
            fields=fields,
            primary_key=tuple([pk] if isinstance(pk, str) else pk),
            foreign_keys=tuple(sch.get("foreignKeys", [])),
        )
    return out


@lru_cache(maxsize=8)
def _cached(path: str, mtime: float) -> dict[str, TableSchema]:
    return _parse(json.loads(Path(path).read_text(encoding="utf-8")))


def schemas(datapackage: Path | None = None) -> dict[str, TableSchema]:
    """All table schemas, keyed by table name."""
    path = Path(datapackage or DATAPACKAGE)
    return _cached(str(path), path.stat().st_mtime)


def descriptor(datapackage: Path | None = None) -> dict[str, Any]:
    """The raw ``datapackage.json`` descriptor (name, version, licence...)."""
    return json.loads(Path(datapackage or DATAPACKAGE).read_text(encoding="utf-8"))


def vocabulary(table: str, field: str) -> tuple[str, ...]:
    """The allowed values of an enumerated field, in the codebook's order."""
    values = schemas()[table].field(field).enum
    if values is None:
        raise KeyError(f"{table}.{field} has no code list")
    return values


def field_table(table: str):
    """A reader-facing table of a table's fields: type, required, allowed values, meaning."""
    import pandas as pd

    rows = []
    for f in schemas()[table].fields:
        allowed = ", ".join(f.enum) if f.enum else f.constraints.get("pattern", "")
        bounds = [f"≥ {f.constraints['minimum']}" if "minimum" in f.constraints else "",
                  f"≤ {f.constraints['maximum']}" if "maximum" in f.constraints else ""]
        allowed = allowed or " ".join(b for b in bounds if b)
        rows.append({"field": f.name, "type": f.type, "required": "yes" if f.required else "",
                     "values": allowed, "meaning": f.description})
    return pd.DataFrame(rows)


PRECISION = {
    "where_prec": {1: "exact site", 2: "within about 25 km of the named town (town centre given)", 3: "district",
                   4: "province (no coordinate)", 5: "larger region", 6: "country", 7: "water or airspace"},
    "date_prec": {1: "exact day", 2: "a span of 2 to 6 days", 3: "a week", 4: "a month", 5: "a year"},
}
"""Precision codes (UCDP GED conventions)."""


def precision_table():
    """The precision codes as a table (code, where_prec, date_prec)."""
    import pandas as pd

    return pd.DataFrame(PRECISION).rename_axis("code")
