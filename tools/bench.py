"""Speed and size benchmarks of the book (a report, not a test). Run with `make bench` after
`make book`. Prints a table and writes _build/bench.json.

- the loader's own cost in a fresh interpreter: `from iskp import load; load.dataset()` after
  numpy and pandas are imported (both measured in the same run), with the validated dataset in
  the disk cache (as after any `make book`)
- full validation (reading every cell and every dataset rule, spatial check included), uncached
- re-executing every chapter against a floor of as many notebooks that only import the package
- the book build with execution off (`jupyter-book build . --all`)
- page weight: median and largest page (HTML plus the images it shows), largest figure
"""

from __future__ import annotations

import json
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
HTML = ROOT / "_build" / "html"
sys.path.insert(0, str(ROOT / "tools"))
from run_notebooks import execute  # noqa: E402

TARGETS = {
    "load_s": 0.05,
    "validate_s": 1.0,
    "reexec_ratio": 1.5,
    "build_s": 30.0,
    "median_page_mb": 1.0,
    "largest_figure_kb": 300.0,
}


def timed_subprocess(code: str, runs: int = 7) -> list[float]:
    """Run ``code`` in fresh interpreters; it prints one or more timings on its last line."""
    results = []
    for _ in range(runs):
        out = subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True)
        results.append([float(x) for x in out.stdout.strip().splitlines()[-1].split()])
    return [statistics.median(col) for col in zip(*results)]


LOAD = """
import time
t0 = time.perf_counter()
import numpy, pandas
t1 = time.perf_counter()
from iskp import load
load.dataset()
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""


def load_time() -> tuple[float, float]:
    """(numpy + pandas import, the loader's own cost above it), medians of fresh runs."""
    subprocess.run([PY, "-c", "from iskp import load; load.dataset()"], check=True)  # warm cache
    numpy_pandas, own = timed_subprocess(LOAD)
    return numpy_pandas, own


VALIDATE = """
import time
from iskp import geo, read, validate
from iskp.paths import DATA_DIR
geo.boundaries("world")
t = time.perf_counter()
tables, problems = read.read_all(DATA_DIR)
assert not problems and not validate.check(tables)
print(time.perf_counter() - t)
"""


def validate_time() -> float:
    return timed_subprocess(VALIDATE, runs=5)[0]


def reexec() -> tuple[float, float]:
    chapters = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    t = time.perf_counter()
    for p in chapters:
        execute(nbformat.read(p, as_version=4), p)
    chapters_s = time.perf_counter() - t
    floor = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "from iskp import analysis, claims, load, maps, plot, text, views"
            )
        ]
    )
    t = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(len(chapters)):
            execute(
                nbformat.reads(nbformat.writes(floor), as_version=4), Path(tmp) / f"floor{i}.ipynb"
            )
    return chapters_s, time.perf_counter() - t


def build_time() -> float:
    t = time.perf_counter()
    subprocess.run(
        [
            str(Path(PY).with_name("jupyter-book")),
            "build",
            ".",
            "--all",
            "-W",
            "-n",
            "--keep-going",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - t


def page_weights() -> tuple[float, float, str, float, str]:
    weights = {}
    for page in HTML.rglob("*.html"):
        if page.relative_to(HTML).parts[0].startswith("_"):
            continue
        size = page.stat().st_size
        for src in re.findall(r'<img[^>]+src="([^"]+)"', page.read_text(encoding="utf-8")):
            img = (page.parent / src).resolve()
            if img.exists():
                size += img.stat().st_size
        weights[str(page.relative_to(HTML))] = size
    figs = {p.name: p.stat().st_size for p in (HTML / "_images").glob("*.png")}
    largest_page = max(weights, key=weights.get)
    largest_fig = max(figs, key=figs.get)
    return (
        statistics.median(weights.values()) / 1e6,
        weights[largest_page] / 1e6,
        largest_page,
        figs[largest_fig] / 1e3,
        largest_fig,
    )


def main() -> None:
    cores = __import__("os").cpu_count()
    machine = f"{platform.machine()}, {cores} cores, Python {platform.python_version()}"
    res: dict = {"machine": machine}
    res["numpy_pandas_s"], res["load_s"] = load_time()
    res["validate_s"] = validate_time()
    chapters_s, floor_s = reexec()
    res.update(
        reexec_chapters_s=chapters_s, reexec_floor_s=floor_s, reexec_ratio=chapters_s / floor_s
    )
    res["build_s"] = build_time()
    med, big, big_name, fig, fig_name = page_weights()
    res.update(
        median_page_mb=med,
        largest_page_mb=big,
        largest_page=big_name,
        largest_figure_kb=fig,
        largest_figure=fig_name,
    )
    (ROOT / "_build" / "bench.json").write_text(json.dumps(res, indent=1))
    print(f"machine: {res['machine']}")
    rows = [
        (
            "loader's own cost (cold process)",
            f"{res['load_s']:.3f} s above numpy+pandas {res['numpy_pandas_s']:.3f} s",
            "load_s",
        ),
        ("full validation", f"{res['validate_s']:.3f} s", "validate_s"),
        (
            "re-execute chapters / floor",
            f"{chapters_s:.1f} s / {floor_s:.1f} s = {res['reexec_ratio']:.2f}",
            "reexec_ratio",
        ),
        ("book build, execution off", f"{res['build_s']:.1f} s", "build_s"),
        (
            "median page (HTML + images)",
            f"{med:.2f} MB (largest {big:.2f} MB, {big_name})",
            "median_page_mb",
        ),
        ("largest figure", f"{fig:.0f} kB ({fig_name})", "largest_figure_kb"),
    ]
    for label, value, key in rows:
        ok = "met" if res[key] <= TARGETS[key] else "NOT met"
        print(f"{label:32s} {value:60s} target {TARGETS[key]:g}: {ok}")


if __name__ == "__main__":
    main()
