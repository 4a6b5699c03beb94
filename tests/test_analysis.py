from __future__ import annotations

import pandas as pd
import pytest

from iskp import analysis, load, text, views


def small():
    df = pd.DataFrame(
        {
            "event_id": ["A", "B", "C", "D"],
            "event_class": ["attack", "attack", "external_attack", "attack"],
            "themes": ["taliban;sectarian", None, "external;russia", "taliban"],
            "date_start": pd.to_datetime(["2021-09-03", "2021-09-20", "2021-11-01", "2022-01-05"]),
            "killed_low": pd.array([1, None, 10, None], dtype="Int64"),
            "killed_best": pd.array([2, None, 12, 4], dtype="Int64"),
            "killed_high": pd.array([3, None, None, 6], dtype="Int64"),
        }
    )
    return df


def test_themes_long_and_filter():
    t = analysis.themes_long(small())
    assert sorted(t["theme"]) == ["external", "russia", "sectarian", "taliban", "taliban"]
    assert list(analysis.with_theme(small(), "taliban")["event_id"]) == ["A", "D"]
    with pytest.raises(ValueError):
        analysis.with_theme(small(), "mars")


def test_deaths_range_and_unknown():
    d = analysis.deaths(small())
    assert d == {
        "low": 1 + 10 + 4,
        "best": 2 + 12 + 4,
        "high": 3 + 12 + 6,
        "unknown": 1,
        "events": 4,
    }


def test_monthly_has_every_month_and_zeros():
    m = analysis.monthly(small(), "event_class", start="2021-08-01", end="2022-01-31")
    assert len(m) == 6 and m.loc["2021-09-01", "attack"] == 2 and m.loc["2021-10-01"].sum() == 0
    assert m.to_numpy().sum() == 4


def test_share_and_period():
    assert analysis.share(1, 4) == 25.0 and analysis.share(1, 0) == 0.0
    assert list(analysis.period(small(), start="2021-10-01")["event_id"]) == ["C", "D"]


def test_killed_range_text():
    rows = list(small().itertuples(index=False))
    assert [views.killed_range(r) for r in rows] == ["1–3", "unknown", "10–12", "4–6"]


def test_event_table_escapes_html_in_summaries():
    ev = load.events().head(1).copy()
    ev["summary"] = "<script>alert(1)</script> *bold*"
    html = views.event_table(ev, ["event_id", "summary"]).to_html()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_text_formats():
    assert text.n(1234) == "1,234" and text.pct(12.4) == "12%" and text.span(3, 3) == "3"
    assert text.span(3, 1200) == "3 to 1,200" and text.date("2021-08-26") == "26 August 2021"


def test_glue_writes_what_myst_nb_writes(monkeypatch):
    import IPython.display
    from myst_nb import glue as myst_glue

    seen = []
    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: seen.append((a, k)))
    import myst_nb.ext.glue as mg

    monkeypatch.setattr(mg, "ipy_display", lambda *a, **k: seen.append((a, k)))
    text.glue("x", "1,234")
    myst_glue("x", "1,234", display=False)
    assert len(seen) == 2 and seen[0] == seen[1]


def test_count_words_zero():
    assert (
        text.count(0) == "none"
        and text.count(1200) == "1,200"
        and text.count(0, zero="no") == "no"
    )


def test_register_lists_every_active_event_with_its_publishers():
    ds = load.dataset()
    ev = ds.events
    reg = views.register(ds)
    assert len(reg) == len(ev) and list(reg["date"]) == sorted(reg["date"])
    first = reg.iloc[0]
    pubs = set(
        ds.sources.set_index("source_id").loc[
            ds.links.loc[ds.links["event_id"] == first["event_id"], "source_id"],
            "publisher",
        ]
    )
    assert set(first["sources"].split("; ")) == pubs


def test_register_shows_every_row_at_any_size():
    big = pd.DataFrame({"event_id": [f"ISKP-2030-{i:03d}" for i in range(1, 900)]})
    html = big._repr_html_()
    assert html.count("<td>ISKP-2030-") == len(big)  # every row, none elided
    assert "..." not in big.to_string()


def test_named_event_gives_a_clear_error_when_retracted(data_copy):
    import csv

    from iskp import named

    path = data_copy / "events.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    h = rows[0]
    eid = named.EVENTS["russian_embassy"]
    row = next(r for r in rows if r[0] == eid)
    row[h.index("record_status")] = "retracted"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    ds = load.dataset(data_copy)
    with pytest.raises(LookupError, match=f"'russian_embassy'.*{eid} is retracted"):
        named.event(ds, "russian_embassy")
    with pytest.raises(LookupError, match="no named event 'nowhere'"):
        named.event(ds, "nowhere")


def test_every_named_event_is_active():
    from iskp import named

    ds = load.dataset()
    for key in named.EVENTS:
        assert named.event(ds, key)["record_status"] == "active"
