"""The tables pass `frictionless validate`, with row constraints, and the schema and codebook
stay in step."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from test_hostile_input import set_cell

from conftest import DATA, ROOT
from iskp.schema import schemas

ROW_RULES = [
    "killed_low is None or killed_best is None or killed_low <= killed_best",
    "killed_best is None or killed_high is None or killed_best <= killed_high",
    "date_end >= date_start",
]


def frictionless_report(data_dir: Path):
    from frictionless import Checklist, Package, checks

    package = Package(str(data_dir / "datapackage.json"))
    report = package.validate()
    ev = package.get_resource("events")
    checklist = Checklist(checks=[checks.row_constraint(formula=f) for f in ROW_RULES])
    return report, ev.validate(checklist)


def test_frictionless_validate_cli():
    exe = Path(sys.executable).with_name("frictionless")
    out = subprocess.run(
        [str(exe), "validate", str(DATA / "datapackage.json")], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stdout[-2000:]


def test_frictionless_row_constraints_pass():
    report, rows = frictionless_report(DATA)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type"])[:10]
    assert rows.valid, rows.flatten(["rowNumber", "fieldName", "type"])[:10]


def test_frictionless_catches_a_broken_row_constraint(data_copy):
    set_cell("events", 5, "killed_low", "9999")(data_copy)
    _, rows = frictionless_report(data_copy)
    assert not rows.valid


def test_frictionless_catches_a_broken_foreign_key(data_copy):
    set_cell("event_sources", 2, "source_id", "src-9999")(data_copy)
    report, _ = frictionless_report(data_copy)
    assert not report.valid


def test_codebook_documents_every_field_and_code():
    text = (DATA / "CODEBOOK.md").read_text(encoding="utf-8")
    for table, sch in schemas().items():
        for f in sch.fields:
            assert f"`{f.name}`" in text, f"{table}.{f.name} is not in CODEBOOK.md"
    for field in ("event_class", "attribution_status", "evidence_status"):
        for code in schemas()["events"].field(field).enum:
            assert f"`{code}`" in text, f"code {code} of {field} is not in CODEBOOK.md"


def test_release_files():
    assert "type: dataset" in (ROOT / "CITATION.cff").read_text()
    version = json.loads((DATA / "datapackage.json").read_text())["version"]
    assert f'version: "{version}"' in (ROOT / "CITATION.cff").read_text()
    assert f"## [{version}]" in (ROOT / "CHANGELOG.md").read_text()
    assert (
        "CC BY 4.0" in (DATA / "LICENSE").read_text() and "MIT" in (ROOT / "LICENSE").read_text()
    )
