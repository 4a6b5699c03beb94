"""The table schemas, read from ``data/datapackage.json`` (the single source of truth for
column names, types, vocabularies and keys)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .paths import DATAPACKAGE

TABLES: tuple[str, ...] = ("events", "sources", "event_sources", "claims")

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
