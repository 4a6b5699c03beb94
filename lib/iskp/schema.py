"""The table schemas, read from a dataset folder's ``datapackage.json``: the single source of
truth for column names, types, code lists, code labels and keys."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .paths import DATA_DIR

DESCRIPTOR = "datapackage.json"

THEMES: tuple[str, ...] = (
    "taliban",
    "russia",
    "china",
    "iran",
    "central_asia",
    "pakistan",
    "external",
    "sectarian",
)
"""The book's themes; ``events.themes`` is a ';'-list drawn from these."""

SUPPORTED_TYPES = ("string", "integer", "number", "date", "boolean")
SUPPORTED_CONSTRAINTS = (
    "required",
    "unique",
    "enum",
    "pattern",
    "maxLength",
    "minimum",
    "maximum",
)


class SchemaError(ValueError):
    """``datapackage.json`` asks for something the loader does not implement (it fails closed
    rather than ignore a constraint)."""


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool
    constraints: dict[str, Any]
    description: str
    true_values: tuple[str, ...] = ("true",)
    false_values: tuple[str, ...] = ("false",)
    labels: dict[str, str] = field(default_factory=dict)
    """Reader-facing meaning of each code (``codeLabels`` in the descriptor), if given."""

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
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.name} has no field {name!r}")


def _check_supported(table: str, f: dict[str, Any]) -> None:
    if f["type"] not in SUPPORTED_TYPES:
        raise SchemaError(
            f"{table}.{f['name']}: type {f['type']!r} is not implemented by the loader"
        )
    for c in f.get("constraints", {}):
        if c not in SUPPORTED_CONSTRAINTS:
            raise SchemaError(
                f"{table}.{f['name']}: constraint {c!r} is not implemented by the loader"
            )
    if "format" in f and f["format"] != "default":
        raise SchemaError(
            f"{table}.{f['name']}: format {f['format']!r} is not implemented by the loader"
        )


def _parse(descriptor: dict[str, Any]) -> dict[str, TableSchema]:
    out: dict[str, TableSchema] = {}
    for res in descriptor["resources"]:
        sch = res["schema"]
        name = res["name"]
        if sch.get("missingValues", [""]) != [""]:
            raise SchemaError(f"{name}: missingValues other than [''] are not implemented")
        for f in sch["fields"]:
            _check_supported(name, f)
        fields = tuple(
            Field(
                name=f["name"],
                type=f["type"],
                required=bool(f.get("constraints", {}).get("required", False)),
                constraints=dict(f.get("constraints", {})),
                description=f.get("description", ""),
                true_values=tuple(f.get("trueValues", ["true"])),
                false_values=tuple(f.get("falseValues", ["false"])),
                labels={str(k): str(v) for k, v in f.get("codeLabels", {}).items()},
            )
            for f in sch["fields"]
        )
        pk = sch.get("primaryKey", [])
        fks = tuple(sch.get("foreignKeys", []))
        for fk in fks:
            if not isinstance(fk["fields"], str) and len(fk["fields"]) != 1:
                raise SchemaError(f"{name}: composite foreign keys are not implemented")
        out[name] = TableSchema(
            name=name,
            path=res["path"],
            fields=fields,
            primary_key=tuple([pk] if isinstance(pk, str) else pk),
            foreign_keys=fks,
        )
    return out


@lru_cache(maxsize=8)
def _cached(path: str, stamp: tuple[int, int]) -> dict[str, TableSchema]:
    return _parse(json.loads(Path(path).read_text(encoding="utf-8")))


def schemas(data_dir: Path | None = None) -> dict[str, TableSchema]:
    """All table schemas of the dataset in ``data_dir`` (default ``data/``), by table name."""
    path = Path(data_dir or DATA_DIR) / DESCRIPTOR
    st = path.stat()
    return _cached(str(path), (st.st_mtime_ns, st.st_size))


def tables(data_dir: Path | None = None) -> tuple[str, ...]:
    """The table names, in the descriptor's order."""
    return tuple(schemas(data_dir))


def descriptor(data_dir: Path | None = None) -> dict[str, Any]:
    """The raw ``datapackage.json`` descriptor (name, version, licence...)."""
    path = Path(data_dir or DATA_DIR) / DESCRIPTOR
    return json.loads(path.read_text(encoding="utf-8"))


def cutoff(data_dir: Path | None = None) -> str:
    """The data cut-off (ISO date): the record was searched up to this day, and nothing after
    it is entered."""
    return str(descriptor(data_dir)["cutoff"])


def version(data_dir: Path | None = None) -> str:
    """The dataset version from ``datapackage.json``."""
    return str(descriptor(data_dir)["version"])


def vocabulary(table: str, field_name: str, data_dir: Path | None = None) -> tuple[str, ...]:
    """The allowed values of an enumerated field, in the codebook's order."""
    values = schemas(data_dir)[table].field(field_name).enum
    if values is None:
        raise KeyError(f"{table}.{field_name} has no code list")
    return values


def labels(table: str, field_name: str, data_dir: Path | None = None) -> dict[str, str]:
    """The reader-facing meaning of each code of a field (from ``codeLabels``)."""
    found = schemas(data_dir)[table].field(field_name).labels
    if not found:
        raise KeyError(f"{table}.{field_name} has no code labels")
    return dict(found)
