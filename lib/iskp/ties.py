"""Do ISKP attacks on a partner change that partner's steps toward the Taliban?

An event study with chance as the baseline. For each partner state, the *exposures* are the
ISKP attacks, strikes and interdicted plots that hit it (:func:`exposures`), the *steps* its
entries in the relations table (:func:`steps`). Around each exposure the steps are counted in
equal windows before and after (:func:`window_counts`); the statistic is the mean change, after
minus before, in the number of steps (the pace) and in their net direction (warming +1,
cooling -1, neutral 0). :func:`event_study` sets it against the same statistic for the same
number of attacks re-timed at random (:func:`retime`): what chance alone gives, trends in the
pace of diplomacy included. :func:`power` says how large an effect so few attacks could reveal,
:func:`verdict` puts one window's result in words, :func:`by_partner` and :func:`pooled` run it
all. Effects come with intervals, small numbers are flagged, and nothing here plots.

Days are whole days. A window of ``w`` days before an exposure on day ``t`` is ``[t - w, t)``,
the window after is ``[t, t + w)``: a step on the day of the attack counts as after it (most
such steps are reactions the same day).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from .analysis import core
from .dataset import split_list

PARTNERS: dict[str, str] = {
    "RUS": "Russia",
    "CHN": "China",
    "IRN": "Iran",
    "PAK": "Pakistan",
    "TJK": "Tajikistan",
    "UZB": "Uzbekistan",
    "KGZ": "Kyrgyzstan",
    "KAZ": "Kazakhstan",
    "TKM": "Turkmenistan",
    "TUR": "Turkey",
    "IND": "India",
    "QAT": "Qatar",
    "USA": "United States",
}
"""The Taliban government's partners in the relations table: ISO3 -> display name."""

ATTACK_CLASSES = ("attack", "external_attack", "cross_border_strike", "external_plot_interdicted")
"""Event classes that can expose a partner: attacks, strikes across a border, plots stopped."""
PARTNER_THEMES = {"RUS": "russia", "CHN": "china", "IRN": "iran", "PAK": "pakistan"}
"""Partners with a theme of their own in ``events.themes``."""
CENTRAL_ASIA = ("TJK", "UZB", "KGZ", "KAZ", "TKM")
"""The five Central Asian states, which share the ``central_asia`` theme."""
FOREIGN_TARGETS = ("foreign_diplomatic", "foreign_nationals")
"""``target_primary`` codes for a foreign state's mission or citizens."""
NAMED = {
    "RUS": r"\bRussia",
    "CHN": r"\bChin(?:a|ese)\b",
    "IRN": r"\bIran",
    "PAK": r"\bPakistan",
}
"""How a summary names a themed partner or its people (Russia/Russian, China/Chinese...)."""
US_TARGETS = ("us_coalition",)
"""``target_primary`` codes for US forces and the US-led coalition."""
SIGNS = {"warming": 1, "cooling": -1, "neutral": 0}
"""Net-direction score of a step."""
ALPHA = 0.1
"""Significance level of :func:`verdict` and :func:`power` (two-sided)."""
MIN_EXPOSURES = 3
"""Fewer exposures than this are 'too few attacks to test'."""
FEW_EXPOSURES = 10
"""Fewer exposures than this make a bootstrap interval rough (too narrow): :func:`verdict`
says so."""


def exposures(events: pd.DataFrame, partner: str) -> pd.DataFrame:
    """The ISKP events that hit ``partner`` (ISO3), one row per event, in date order.

    The rule. An event counts when it is active (``record_status``, if the column is there),
    its link to ISKP is not in doubt (``scope_doubt`` not true), its class is one of
    :data:`ATTACK_CLASSES` (attack, external attack, cross-border strike, interdicted plot), and
    it hit the partner in one of three ways (column ``basis``):

    - ``territory``: it took place on the partner's soil (``country == partner``), whoever the
      target; for Pakistan this takes in every ISKP attack inside Pakistan;
    - ``abroad``: for the four partners with a theme of their own (:data:`PARTNER_THEMES`:
      russia, china, iran, pakistan), an event elsewhere that carries that theme, whose
      ``target_primary`` is a foreign mission or foreign nationals (:data:`FOREIGN_TARGETS`),
      and whose summary names the partner or its people (:data:`NAMED`). All three are needed
      because a theme marks any link, not only a victim: a bomber's nationality (the Uyghur
      bomber of a Shia mosque is tagged china), a motive, the service that foiled a plot
      elsewhere (russia on a plot against India), or a second state in the story;
    - ``us forces``: for the United States, an event whose ``target_primary`` is US or
      coalition forces (:data:`US_TARGETS`; the USA has no theme).

    The ``central_asia`` theme counts for one of the five Central Asian states
    (:data:`CENTRAL_ASIA`) only when the event took place in that state, which the territory
    rule already covers: the theme does not say which state's people were hit (it mostly marks
    Central Asian perpetrators). Attacks on a partner's interests that are coded neither way
    (an Iran-affiliated cultural centre coded as a media target) are not counted.
    """
    ev = events
    if "record_status" in ev:
        ev = ev[ev["record_status"].astype(str) == "active"]
    ev = core(ev)
    ev = ev[ev["event_class"].astype(str).isin(ATTACK_CLASSES)]
    country = ev["country"].astype(str)
    target = ev["target_primary"].astype(str)
    basis = pd.Series(pd.NA, index=ev.index, dtype="string")
    if partner in PARTNER_THEMES:
        theme = PARTNER_THEMES[partner]
        tagged = split_list(ev["themes"]).map(lambda xs: theme in xs).astype(bool)
        named = ev["summary"].fillna("").astype(str).str.contains(NAMED[partner], regex=True)
        abroad = tagged & target.isin(FOREIGN_TARGETS) & named & (country != partner)
        basis[abroad] = "abroad"
    if partner == "USA":
        basis[target.isin(US_TARGETS) & (country != partner)] = "us forces"
    basis[country == partner] = "territory"
    hit = ev[basis.notna()].assign(basis=basis[basis.notna()])
    cols = [
        "event_id",
        "date_start",
        "date_prec",
        "event_class",
        "country",
        "target_primary",
        "basis",
    ]
    cols = [c for c in cols if c in hit]
    return hit[cols].sort_values(["date_start", "event_id"]).reset_index(drop=True)


def steps(
    milestones: pd.DataFrame, partner: str, *, exclude_responses: bool = False
) -> pd.DataFrame:
    """``partner``'s steps in the relations table, in date order: ``date``, ``date_prec``,
    ``kind``, ``direction``, ``sign`` (warming +1, cooling -1, neutral 0), ``event_id`` and
    ``milestone_id``.

    With ``exclude_responses`` the steps that name the ISKP event they respond to (a filled
    ``event_id``: condolences, condemnations, a border closure after a bombing) are left out.
    Those steps exist *because* of an attack, so they sit in the window after it by
    construction; leaving them out asks whether attacks move the rest of the relationship.
    Steps known only to the month are dated the first of the month (``date_prec`` 4).
    """
    m = milestones[milestones["country"].astype(str) == partner]
    if exclude_responses and "event_id" in m:
        m = m[m["event_id"].isna() | (m["event_id"].astype(str).str.strip() == "")]
    out = pd.DataFrame(
        {
            "date": pd.to_datetime(m["date"]),
            "date_prec": m.get("date_prec", pd.NA),
            "kind": m["kind"].astype(str),
            "direction": m["direction"].astype(str),
        }
    )
    unknown = set(out["direction"]) - set(SIGNS)
    if unknown:
        raise ValueError(f"unknown step directions {sorted(unknown)}; one of {list(SIGNS)}")
    out["sign"] = out["direction"].map(SIGNS).astype("int64")
    for col in ("event_id", "milestone_id"):
        out[col] = m.get(col, pd.NA)
    return out.sort_values("date", kind="stable").reset_index(drop=True)


# --- the counting core: whole days since `start`, cumulative sums -------------------------


def _dates(dates: object) -> pd.Series:
    """Dates as a datetime Series, from a frame (its ``date_start`` or ``date`` column) or
    any sequence of dates."""
    if isinstance(dates, pd.DataFrame):
        dates = dates["date_start" if "date_start" in dates else "date"]
    return pd.to_datetime(pd.Series(dates)).reset_index(drop=True)


def _days(dates: object, start: pd.Timestamp) -> np.ndarray:
    """Whole days from ``start`` to each of ``dates`` (see :func:`_dates`)."""
    idx = pd.DatetimeIndex(_dates(dates))
    return ((idx.normalize() - start) // pd.Timedelta(days=1)).to_numpy(dtype=np.int64)


def _span(start: object, end: object) -> tuple[pd.Timestamp, int]:
    """The period's first day and its length in days (both ends included)."""
    s, e = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    if e < s:
        raise ValueError(f"end {e.date()} is before start {s.date()}")
    return s, int((e - s).days) + 1


def _cumulative(days: np.ndarray, signs: np.ndarray, n_days: int) -> tuple[np.ndarray, ...]:
    """Running totals of steps and of their signs: ``cum[k]`` covers days ``0 .. k-1``.
    Steps outside ``[0, n_days)`` are left out."""
    keep = (days >= 0) & (days < n_days)
    d = days[keep]
    n = np.bincount(d, minlength=n_days)
    s = np.bincount(d, weights=np.asarray(signs, dtype=float)[keep], minlength=n_days)
    return np.concatenate([[0], np.cumsum(n)]), np.concatenate([[0.0], np.cumsum(s)])


def _lengths(t: np.ndarray, before: int, after: int, n_days: int) -> tuple[np.ndarray, np.ndarray]:
    """Window lengths for exposures on days ``t`` after truncation at the period's edges.

    Both windows shrink by the same factor, the largest that keeps them inside the period:
    ``f = min(1, t / before, (n_days - t) / after)``. With equal windows this is
    ``h = min(w, t, n_days - t)`` days on each side, so before and after always compare
    equal spans; an exposure on the first day has empty windows and a change of 0."""
    if before <= 0 or after <= 0:
        raise ValueError("windows must be at least one day long")
    f = np.minimum(1.0, np.minimum(t / before, (n_days - t) / after))
    f = np.clip(f, 0.0, None)
    lb = np.floor(f * before + 1e-9).astype(np.int64)
    la = np.floor(f * after + 1e-9).astype(np.int64)
    return lb, la


def _counts(
    t: np.ndarray, before: int, after: int, cum_n: np.ndarray, cum_s: np.ndarray
) -> dict[str, np.ndarray]:
    """Counts and net direction before and after exposures on days ``t`` (any shape)."""
    n_days = len(cum_n) - 1
    lb, la = _lengths(t, before, after, n_days)
    return {
        "days_before": lb,
        "days_after": la,
        "n_before": cum_n[t] - cum_n[t - lb],
        "n_after": cum_n[t + la] - cum_n[t],
        "net_before": cum_s[t] - cum_s[t - lb],
        "net_after": cum_s[t + la] - cum_s[t],
    }


def window_counts(
    exposure_dates: object,
    step_dates: object,
    step_signs: Sequence[int] | np.ndarray | pd.Series,
    before_days: int,
    after_days: int,
    *,
    start: object = None,
    end: object = None,
) -> pd.DataFrame:
    """Per exposure: steps in the ``before_days`` before it and the ``after_days`` from its day
    on (``n_before``, ``n_after``), their net direction (``net_before``, ``net_after``: the
    sum of ``step_signs``, warming +1, cooling -1, neutral 0), the changes after minus before
    (``d_steps``, ``d_net``) and the window lengths actually used (``days_before``,
    ``days_after``).

    With ``start`` and ``end`` only steps inside the period count, exposures outside it are
    dropped, and windows that would cross an edge are shrunk, both by the same factor (see
    :func:`event_study`). Without them nothing is truncated."""
    if start is None or end is None:
        every = [*_dates(exposure_dates), *_dates(step_dates)]
        margin = pd.Timedelta(days=max(before_days, after_days) + 1)
        start = min(every) - margin if start is None else start
        end = max(every) + margin if end is None else end
    s, n_days = _span(start, end)
    t = _days(exposure_dates, s)
    dates = _dates(exposure_dates).to_numpy()
    inside = (t >= 0) & (t < n_days)
    cum_n, cum_s = _cumulative(_days(step_dates, s), np.asarray(step_signs), n_days)
    c = _counts(t[inside], before_days, after_days, cum_n, cum_s)
    out = pd.DataFrame({"date": dates[inside], **c})
    out["net_before"] = out["net_before"].round().astype("int64")
    out["net_after"] = out["net_after"].round().astype("int64")
    out["d_steps"] = out["n_after"] - out["n_before"]
    out["d_net"] = out["net_after"] - out["net_before"]
    return out


def retime(
    rng: np.random.Generator,
    days: np.ndarray,
    n_days: int,
    size: int,
    null: str = "uniform",
) -> np.ndarray:
    """``size`` random re-timings of exposures on ``days`` within ``[0, n_days)``: an integer
    array of shape ``(size, len(days))``.

    ``null="uniform"`` (the default) draws every date anew, uniformly and independently: the
    number of attacks is kept, their timing is chance. ``null="shift"`` moves all of them by
    one random offset, wrapping round the period's end: it keeps the gaps between attacks, so
    a cluster of attacks stays a cluster (a stricter baseline when attacks bunch together)."""
    days = np.asarray(days, dtype=np.int64)
    if null == "uniform":
        return rng.integers(0, n_days, size=(size, len(days)))
    if null == "shift":
        offsets = rng.integers(0, n_days, size=size)
        return (days[None, :] + offsets[:, None]) % n_days
    raise ValueError(f"unknown null {null!r}; 'uniform' or 'shift'")


def _p_two_sided(observed: float, permuted: np.ndarray) -> float:
    """Share of re-timings at least as far from their mean as the observed value, counting the
    observed set itself (so the smallest p is ``1 / (B + 1)``)."""
    centre = permuted.mean()
    far = np.abs(permuted - centre) >= abs(observed - centre) - 1e-9
    return float((1 + far.sum()) / (1 + len(permuted)))


Group = tuple[np.ndarray, np.ndarray, np.ndarray]
"""Exposure days, cumulative step counts and cumulative signs of one partner."""


def _study(
    groups: Sequence[Group],
    window: int,
    n_days: int,
    *,
    n_permutations: int,
    n_boot: int,
    level: float,
    rng: np.random.Generator,
    null: str,
) -> dict[str, float]:
    """One window of :func:`event_study` over one or more partners (pooled: each partner's
    exposures are compared with its own steps and re-timed on their own)."""
    obs = {"steps": [], "net": []}
    perm = {"steps": [], "net": []}
    for t, cum_n, cum_s in groups:
        if not len(t):
            continue
        c = _counts(t, window, window, cum_n, cum_s)
        obs["steps"].append(c["n_after"] - c["n_before"])
        obs["net"].append(c["net_after"] - c["net_before"])
        p = _counts(retime(rng, t, n_days, n_permutations, null), window, window, cum_n, cum_s)
        perm["steps"].append(p["n_after"] - p["n_before"])
        perm["net"].append(p["net_after"] - p["net_before"])
    n = int(sum(len(x) for x in obs["steps"]))
    out: dict[str, float] = {"window": window, "n": n}
    q = ((1 - level) / 2, 1 - (1 - level) / 2)
    idx = rng.integers(0, n, size=(n_boot, n)) if n else None
    for metric in ("steps", "net"):
        if not n:
            for k in ("", "_lo", "_hi"):
                out[f"d_{metric}{k}"] = np.nan
                out[f"base_{metric}{k}"] = np.nan
                out[f"effect_{metric}{k}"] = np.nan
            out[f"p_{metric}"] = np.nan
            out[f"z_{metric}"] = np.nan
            continue
        d = np.concatenate(obs[metric]).astype(float)
        permuted = np.concatenate(perm[metric], axis=1).astype(float).mean(axis=1)
        boot = d[idx].mean(axis=1)
        lo, hi = np.quantile(boot, q)
        base = float(permuted.mean())
        sd = float(permuted.std(ddof=1)) if len(permuted) > 1 else 0.0
        out[f"d_{metric}"] = float(d.mean())
        out[f"d_{metric}_lo"] = float(lo)
        out[f"d_{metric}_hi"] = float(hi)
        out[f"base_{metric}"] = base
        out[f"base_{metric}_lo"], out[f"base_{metric}_hi"] = map(float, np.quantile(permuted, q))
        out[f"effect_{metric}"] = float(d.mean()) - base
        out[f"effect_{metric}_lo"] = float(lo) - base
        out[f"effect_{metric}_hi"] = float(hi) - base
        out[f"p_{metric}"] = _p_two_sided(float(d.mean()), permuted)
        out[f"z_{metric}"] = (float(d.mean()) - base) / sd if sd > 0 else np.nan
    return out


def _group(exposures: object, steps: pd.DataFrame, start: pd.Timestamp, n_days: int) -> Group:
    t = _days(exposures, start)
    t = t[(t >= 0) & (t < n_days)]
    signs = steps["sign"] if "sign" in steps else steps["direction"].astype(str).map(SIGNS)
    cum_n, cum_s = _cumulative(_days(steps["date"], start), np.asarray(signs), n_days)
    return np.sort(t), cum_n, cum_s


def _run(
    groups_for: object,
    *,
    windows: Iterable[int],
    start: object,
    end: object,
    n_permutations: int,
    n_boot: int,
    level: float,
    seed: int,
    null: str,
) -> pd.DataFrame:
    s, n_days = _span(start, end)
    groups = groups_for(s, n_days)
    rows = []
    for w in windows:
        rng = np.random.default_rng([seed, int(w)])  # a window's result ignores the others
        rows.append(
            _study(
                groups,
                int(w),
                n_days,
                n_permutations=n_permutations,
                n_boot=n_boot,
                level=level,
                rng=rng,
                null=null,
            )
        )
    out = pd.DataFrame(rows)
    out["n_steps"] = sum(int(cum_n[-1]) for _, cum_n, _ in groups)
    return out.astype({"window": "int64", "n": "int64", "n_steps": "int64"})


def event_study(
    exposures: object,
    steps: pd.DataFrame,
    *,
    windows: Iterable[int] = (30, 90, 180),
    start: object,
    end: object,
    n_permutations: int = 2000,
    seed: int = 0,
    null: str = "uniform",
    level: float = 0.90,
    n_boot: int = 2000,
) -> pd.DataFrame:
    """Does the partner take more (or fewer, or cooler) steps after attacks than before, beyond
    what chance gives? One row per window of ``w`` days.

    ``exposures`` is a frame from :func:`exposures` (or any dates), ``steps`` one from
    :func:`steps`. Only exposures and steps in ``[start, end]`` count. For each exposure the
    steps are counted in the ``w`` days before it and the ``w`` days from its day on; the
    per-exposure change is after minus before, in the number of steps (``steps``) and in their
    net direction (``net``: warming +1, cooling -1, neutral 0). Columns, for each metric
    ``m`` in ``steps`` and ``net``:

    - ``n``: exposures in the period; ``n_steps``: the partner's steps in the period;
    - ``d_m``: the observed mean change per exposure; ``d_m_lo``, ``d_m_hi``: its ``level``
      (90%) interval, a percentile bootstrap over exposures (``n_boot`` resamples);
    - ``base_m``: the mean change when the same number of exposures is re-timed at random
      within the period (:func:`retime`, ``n_permutations`` times), i.e. what chance alone
      gives, the period's trend in the pace of steps included; ``base_m_lo``, ``base_m_hi``:
      the 5-95% range of those re-timed means;
    - ``effect_m``: the observed change beyond chance, ``d_m - base_m``, and its interval
      (``effect_m_lo``, ``effect_m_hi``: the bootstrap interval shifted by ``base_m``);
    - ``p_m``: a two-sided permutation p-value: the share of re-timed sets whose mean lies at
      least as far from ``base_m`` as the observed one, counting the observed set, so it is
      never below ``1 / (n_permutations + 1)``;
    - ``z_m``: the standardised effect, ``effect_m`` over the standard deviation of the
      re-timed means.

    Truncation at the edges. A window that would cross ``start`` or ``end`` is shrunk, and
    the window on the other side with it, to ``h = min(w, days since start, days to the end
    + 1)`` days each, so that every exposure compares two spans of equal length (one on the
    first day contributes a change of 0). The re-timed dates go through the same rule, so the
    baseline has the same truncation as the observation.

    Caveats that the numbers do not show. The bootstrap treats exposures as independent;
    attacks that cluster share their windows, so for long windows or bunched attacks the
    interval is too narrow (``null="shift"`` gives a baseline that keeps the clustering). A
    step known only to the month is dated the first of the month. Steps that respond to an
    attack sit after it by construction (see ``exclude_responses`` in :func:`steps`).
    """

    def groups_for(s: pd.Timestamp, n_days: int) -> list[Group]:
        return [_group(exposures, steps, s, n_days)]

    return _run(
        groups_for,
        windows=windows,
        start=start,
        end=end,
        n_permutations=n_permutations,
        n_boot=n_boot,
        level=level,
        seed=seed,
        null=null,
    )


def pooled(
    events: pd.DataFrame,
    milestones: pd.DataFrame,
    *,
    partners: Iterable[str] = tuple(PARTNERS),
    windows: Iterable[int] = (30, 90, 180),
    start: object,
    end: object,
    n_permutations: int = 2000,
    seed: int = 0,
    null: str = "uniform",
    exclude_responses: bool = False,
    level: float = 0.90,
    n_boot: int = 2000,
) -> pd.DataFrame:
    """:func:`event_study` over all ``partners`` together: every (partner, exposure) pair is
    one unit, compared with that partner's own steps; each partner's exposures are re-timed
    on their own, and the bootstrap resamples pairs. An attack that hits two partners (a
    Chinese-run camp in Tajikistan) counts once for each. Columns as in
    :func:`event_study`, with ``partner`` set to ``'all'``."""
    partners = list(partners)

    def groups_for(s: pd.Timestamp, n_days: int) -> list[Group]:
        return [
            _group(
                exposures(events, p),
                steps(milestones, p, exclude_responses=exclude_responses),
                s,
                n_days,
            )
            for p in partners
        ]

    out = _run(
        groups_for,
        windows=windows,
        start=start,
        end=end,
        n_permutations=n_permutations,
        n_boot=n_boot,
        level=level,
        seed=seed,
        null=null,
    )
    out.insert(0, "partner", "all")
    return out


def power(
    n_exposures: int,
    steps: pd.DataFrame,
    *,
    window: int,
    effect: float,
    start: object,
    end: object,
    n_sim: int = 500,
    seed: int = 0,
    metric: str = "net",
    alpha: float = ALPHA,
    n_permutations: int = 500,
    null: str = "uniform",
) -> float:
    """The chance that :func:`event_study`'s permutation test finds (``p < alpha``, two-sided)
    an effect of ``effect`` extra steps after each of ``n_exposures`` attacks, given the
    partner's own steps: the power that so few events allow.

    Each of ``n_sim`` simulations places ``n_exposures`` attacks uniformly at random in
    ``[start, end]``, keeps the partner's real ``steps`` (their number, timing and trend), and
    plants after each attack ``|effect|`` extra steps (a fractional part is one more step with
    that probability) on random days within ``window`` days from the attack's day; they are
    warming for ``effect > 0`` and cooling for ``effect < 0``. ``metric`` is the change tested:
    ``'net'`` (net direction) or ``'steps'`` (number of steps). With ``effect = 0`` the result
    is the test's false-alarm rate, at most about ``alpha``."""
    if metric not in ("net", "steps"):
        raise ValueError(f"unknown metric {metric!r}; 'net' or 'steps'")
    if n_exposures < 1:
        return float("nan")
    s, n_days = _span(start, end)
    base_days = _days(steps["date"], s)
    signs = steps["sign"] if "sign" in steps else steps["direction"].astype(str).map(SIGNS)
    base_signs = np.asarray(signs, dtype=float)
    keep = (base_days >= 0) & (base_days < n_days)
    base_days, base_signs = base_days[keep], base_signs[keep]
    rng = np.random.default_rng(seed)
    whole, frac = int(abs(effect)), abs(effect) - int(abs(effect))
    sign = 1.0 if effect > 0 else -1.0
    hits = 0
    for _ in range(n_sim):
        t = rng.integers(0, n_days, size=n_exposures)
        k = whole + (rng.random(n_exposures) < frac)
        at = np.repeat(t, k)
        room = np.minimum(window, n_days - at)
        planted = at + np.floor(rng.random(len(at)) * room).astype(np.int64)
        days = np.concatenate([base_days, planted])
        sg = np.concatenate([base_signs, np.full(len(planted), sign)])
        cum_n, cum_s = _cumulative(days, sg, n_days)
        cum = cum_n if metric == "steps" else cum_s
        c = _counts(t, window, window, cum, cum)
        observed = float((c["n_after"] - c["n_before"]).mean())
        p = _counts(retime(rng, t, n_days, n_permutations, null), window, window, cum, cum)
        permuted = (p["n_after"] - p["n_before"]).astype(float).mean(axis=1)
        hits += _p_two_sided(observed, permuted) < alpha
    return hits / n_sim


def _num(x: float, digits: int = 2) -> str:
    """A signed number with a true minus sign (-0.00 printed as 0.00)."""
    if abs(x) < 0.5 * 10**-digits:
        x = 0.0
    return f"{x:+.{digits}f}".replace("-", "\u2212")


def verdict(row: Mapping[str, object] | pd.Series, *, alpha: float = ALPHA) -> str:
    """One window's result in words. It starts with one of

    - 'too few attacks to test': fewer than :data:`MIN_EXPOSURES` exposures;
    - 'cooling after attacks' or 'warming after attacks': the net-direction effect beyond
      chance has ``p_net < alpha`` and its 90% interval lies wholly below (above) 0;
    - 'no detectable change': anything else;

    then the numbers: the net change per attack beyond chance with its interval, what chance
    alone gives and p; the change in the number of steps (the pace) with its interval and p,
    flagged 'more (fewer) steps after attacks' when it passes the same test; n and the window;
    a warning when fewer than :data:`FEW_EXPOSURES` attacks make the bootstrap interval rough;
    and the ``power`` to detect one step per attack, when the row has it."""
    n = int(row["n"])
    w = int(row["window"])
    if n < MIN_EXPOSURES:
        return f"too few attacks to test (n = {n}, window {w} days)"
    p = float(row["p_net"])
    lo, hi = float(row["effect_net_lo"]), float(row["effect_net_hi"])
    if p < alpha and hi < 0:
        label = "cooling after attacks"
    elif p < alpha and lo > 0:
        label = "warming after attacks"
    else:
        label = "no detectable change"
    ps = float(row["p_steps"])
    slo, shi = float(row["effect_steps_lo"]), float(row["effect_steps_hi"])
    pace = ""
    if ps < alpha and slo > 0:
        pace = ": more steps after attacks"
    elif ps < alpha and shi < 0:
        pace = ": fewer steps after attacks"
    text = (
        f"{label}: net direction {_num(float(row['effect_net']))} per attack beyond chance "
        f"(90% interval {_num(lo)} to {_num(hi)}; chance alone {_num(float(row['base_net']))}; "
        f"p = {p:.3f}); steps {_num(float(row['effect_steps']))} per attack "
        f"({_num(slo)} to {_num(shi)}; p = {ps:.3f}{pace}); n = {n}, window {w} days"
    )
    if n < FEW_EXPOSURES:
        text += "; few attacks, so the interval is rough"
    power_ = row.get("power") if hasattr(row, "get") else None
    if power_ is not None and not pd.isna(power_):
        text += f"; power to detect one step per attack {float(power_):.2f}"
    return text


def by_partner(
    events: pd.DataFrame,
    milestones: pd.DataFrame,
    *,
    partners: Iterable[str] = tuple(PARTNERS),
    windows: Iterable[int] = (30, 90, 180),
    start: object,
    end: object,
    n_permutations: int = 2000,
    seed: int = 0,
    null: str = "uniform",
    exclude_responses: bool = False,
    power_effect: float | None = -1.0,
    n_sim: int = 300,
) -> pd.DataFrame:
    """:func:`event_study` for each partner, one row per (partner, window), with the partner's
    display ``name``, ``power`` (the chance of detecting ``power_effect`` net steps per attack
    with this many attacks, :func:`power`; none with ``power_effect=None``) and the
    :func:`verdict`. Read the table as a whole: with 13 partners, several windows and two
    measures, about one test in ten falls below ``p = 0.1`` by chance alone."""
    windows = tuple(windows)
    frames = []
    for p in partners:
        ex = exposures(events, p)
        st = steps(milestones, p, exclude_responses=exclude_responses)
        res = event_study(
            ex,
            st,
            windows=windows,
            start=start,
            end=end,
            n_permutations=n_permutations,
            seed=seed,
            null=null,
        )
        res.insert(0, "partner", p)
        res.insert(1, "name", PARTNERS.get(p, p))
        if power_effect is not None:
            res["power"] = [
                power(
                    int(n),
                    st,
                    window=int(w),
                    effect=power_effect,
                    start=start,
                    end=end,
                    n_sim=n_sim,
                    seed=seed,
                    null=null,
                )
                for n, w in zip(res["n"], res["window"])
            ]
        res["verdict"] = [verdict(r) for _, r in res.iterrows()]
        frames.append(res)
    return pd.concat(frames, ignore_index=True)


# --- the chapter's tables: who was hit, what followed, the verdicts in words ----------------


def overview(
    events: pd.DataFrame,
    milestones: pd.DataFrame,
    *,
    start: object,
    end: object,
    partners: Iterable[str] = tuple(PARTNERS),
) -> pd.DataFrame:
    """One row per partner over ``[start, end]``: its display ``name``; ``attacks`` (its
    :func:`exposures`) and of them ``on its soil``, ``abroad`` and ``us forces`` (the
    ``basis``); ``doubtful left out`` (events that would hit it but whose link to ISKP is in
    doubt); ``steps`` in the relations table, of them ``warming``, ``cooling`` and
    ``neutral``; and ``responses``, the steps that name the ISKP event they answer."""
    s, e = pd.Timestamp(start), pd.Timestamp(end)
    lenient = with_doubtful(events)  # the same rule with doubtful events kept
    rows = []
    for p in partners:
        ex = exposures(events, p)
        ex = ex[(ex["date_start"] >= s) & (ex["date_start"] <= e)]
        every = exposures(lenient, p)
        every = every[(every["date_start"] >= s) & (every["date_start"] <= e)]
        st = steps(milestones, p)
        st = st[(st["date"] >= s) & (st["date"] <= e)]
        basis = ex["basis"].value_counts()
        direction = st["direction"].value_counts()
        responds = st["event_id"].fillna("").astype(str).str.strip() != ""
        rows.append(
            {
                "partner": p,
                "name": PARTNERS.get(p, p),
                "attacks": len(ex),
                "on its soil": int(basis.get("territory", 0)),
                "abroad": int(basis.get("abroad", 0)),
                "us forces": int(basis.get("us forces", 0)),
                "doubtful left out": len(every) - len(ex),
                "steps": len(st),
                "warming": int(direction.get("warming", 0)),
                "cooling": int(direction.get("cooling", 0)),
                "neutral": int(direction.get("neutral", 0)),
                "responses": int(responds.sum()),
            }
        )
    return pd.DataFrame(rows)


def lanes(
    events: pd.DataFrame,
    milestones: pd.DataFrame,
    *,
    start: object,
    end: object,
    partners: Iterable[str] = tuple(PARTNERS),
) -> pd.DataFrame:
    """Attacks and steps of each partner in ``[start, end]`` as one long frame for a chart
    with one lane per partner: ``partner``, ``name``, ``date``, ``what`` ('attack' or
    'step'), ``id`` (event or milestone ID), ``kind`` (the step's kind, or the event's class),
    ``direction`` (the step's; blank for attacks) and ``killed`` (the attack's best estimate,
    missing for steps and for unknown tolls). Partners keep the order given."""
    s, e = pd.Timestamp(start), pd.Timestamp(end)
    killed = events.set_index("event_id")["killed_best"] if "killed_best" in events else None
    frames = []
    for p in partners:
        ex = exposures(events, p)
        st = steps(milestones, p)
        att = pd.DataFrame(
            {
                "date": ex["date_start"],
                "what": "attack",
                "id": ex["event_id"].astype(str),
                "kind": ex["event_class"].astype(str),
                "direction": "",
                "killed": ex["event_id"].map(killed) if killed is not None else pd.NA,
            }
        )
        stp = pd.DataFrame(
            {
                "date": st["date"],
                "what": "step",
                "id": st["milestone_id"].astype(str),
                "kind": st["kind"],
                "direction": st["direction"],
                "killed": pd.NA,
            }
        )
        both = pd.concat([att, stp], ignore_index=True)
        both = both[(both["date"] >= s) & (both["date"] <= e)]
        frames.append(both.assign(partner=p, name=PARTNERS.get(p, p)))
    cols = ["partner", "name", "date", "what", "id", "kind", "direction", "killed"]
    if not frames:
        return pd.DataFrame(columns=cols)
    out = pd.concat(frames, ignore_index=True)[cols]
    out["killed"] = pd.to_numeric(out["killed"], errors="coerce").astype("Float64")
    return out.reset_index(drop=True)


def after_attacks(
    events: pd.DataFrame,
    milestones: pd.DataFrame,
    *,
    window: int,
    start: object,
    end: object,
    partners: Iterable[str] = tuple(PARTNERS),
) -> pd.DataFrame:
    """Every step in ``[start, end]`` of the ``partners``, with what came before it:
    ``responds`` (it names the ISKP event it answers), ``after`` (it falls within ``window``
    days from the day of an attack on the same partner, the 'after' window of
    :func:`event_study`), ``attack`` and ``days`` (the latest such attack and the days since
    it), and ``cover``: the share of the partner's days in the period that lie in such a
    window, i.e. the chance that a step placed at random would count as 'after'. Summing
    ``cover`` over a group of steps gives the number expected 'after' by chance alone."""
    s, n_days = _span(start, end)
    rows = []
    for p in partners:
        st = steps(milestones, p)
        st = st[(st["date"] >= s) & (st["date"] < s + pd.Timedelta(days=n_days))]
        ex = exposures(events, p)
        t = np.sort(_days(ex, s)) if len(ex) else np.array([], dtype=np.int64)
        t = t[(t >= 0) & (t < n_days)]
        covered = np.zeros(n_days, dtype=bool)
        for ti in t:
            covered[ti : ti + window] = True
        cover = float(covered.mean())
        ids = ex.assign(_t=_days(ex, s)).set_index("_t")["event_id"] if len(ex) else None
        for r, d in zip(st.itertuples(index=False), _days(st["date"], s)):
            before = t[(t <= d) & (d - t < window)]
            last = int(before.max()) if len(before) else None
            attack = pd.NA
            if last is not None and ids is not None:
                hit = ids.loc[[last]]
                attack = str(hit.sort_values().to_numpy()[-1])
            responds = not pd.isna(r.event_id) and str(r.event_id).strip() != ""
            rows.append(
                {
                    "partner": p,
                    "milestone_id": r.milestone_id,
                    "date": r.date,
                    "kind": r.kind,
                    "direction": r.direction,
                    "event_id": r.event_id if responds else pd.NA,
                    "responds": responds,
                    "after": last is not None,
                    "attack": attack,
                    "days": pd.NA if last is None else int(d - last),
                    "cover": cover,
                }
            )
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    return out.astype({"days": "Int64"}).sort_values(["date", "partner"], ignore_index=True)


def by_kind(after: pd.DataFrame) -> pd.DataFrame:
    """Steps per kind from :func:`after_attacks`: ``steps``; ``after an attack`` and the
    number ``expected by chance`` (the sum of ``cover``); of the steps after an attack, how
    many were ``warming``, ``cooling`` and ``neutral``; and ``responses`` (steps naming the
    ISKP event they answer). Kinds with most steps after attacks first; a last row, 'all',
    sums them."""
    a = after.assign(kind=after["kind"].astype(str), direction=after["direction"].astype(str))
    post = a[a["after"]]
    out = pd.DataFrame(
        {
            "steps": a.groupby("kind").size(),
            "after an attack": post.groupby("kind").size(),
            "expected by chance": a.groupby("kind")["cover"].sum(),
            "warming": post[post["direction"] == "warming"].groupby("kind").size(),
            "cooling": post[post["direction"] == "cooling"].groupby("kind").size(),
            "neutral": post[post["direction"] == "neutral"].groupby("kind").size(),
            "responses": a[a["responds"]].groupby("kind").size(),
        }
    ).fillna(0)
    counts = [c for c in out.columns if c != "expected by chance"]
    out[counts] = out[counts].astype("int64")
    out = out.sort_values(["after an attack", "steps"], ascending=False)
    out.loc["all"] = out.sum()
    out[counts] = out[counts].astype("int64")
    out["expected by chance"] = out["expected by chance"].astype(float).round(1)
    return out.rename_axis("kind")


ISKP_NAMES = r"Islamic State|\bISKP\b|\bIS-K\b|Daesh|\bIS\b"
"""How a step's text names ISKP or the Islamic State."""


def mentions(
    milestones: pd.DataFrame,
    *,
    start: object = None,
    end: object = None,
    partners: Iterable[str] = tuple(PARTNERS),
) -> pd.DataFrame:
    """The steps in which ISKP figures: those that answer an ISKP event (a filled
    ``event_id``) or whose text names ISKP, the Islamic State or Daesh (:data:`ISKP_NAMES`),
    optionally within ``[start, end]``. Columns as in :func:`steps`, with ``partner`` and
    ``how`` ('answers an attack' or 'names ISKP'), in date order."""
    frames = []
    text = milestones.set_index("milestone_id")["milestone"].fillna("").astype(str)
    for p in partners:
        st = steps(milestones, p)
        if start is not None:
            st = st[st["date"] >= pd.Timestamp(start)]
        if end is not None:
            st = st[st["date"] <= pd.Timestamp(end)]
        answers = st["event_id"].fillna("").astype(str).str.strip() != ""
        names = st["milestone_id"].map(text).fillna("").str.contains(ISKP_NAMES, regex=True)
        hit = st[answers | names].assign(partner=p)
        hit["how"] = ["answers an attack" if a else "names ISKP" for a in answers[hit.index]]
        frames.append(hit)
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["date", "partner"], kind="stable", ignore_index=True)


def detectable(
    n_exposures: int,
    steps: pd.DataFrame,
    *,
    window: int,
    start: object,
    end: object,
    effects: Sequence[float] = (0.5, 1, 2, 3, 5),
    target: float = 0.8,
    n_sim: int = 200,
    n_permutations: int = 500,
    seed: int = 0,
) -> float:
    """The smallest cooling, in steps per attack among ``effects`` (tried in increasing
    order), that :func:`power` finds with probability ``target`` (0.8) or more, given
    ``n_exposures`` attacks and the partner's own ``steps``: how large an effect would have to
    be for so few attacks to reveal it. NaN when none of ``effects`` reaches ``target`` or
    there is no attack."""
    if n_exposures < 1:
        return float("nan")
    for eff in sorted(abs(float(x)) for x in effects):
        p = power(
            n_exposures,
            steps,
            window=window,
            effect=-eff,
            start=start,
            end=end,
            n_sim=n_sim,
            n_permutations=n_permutations,
            seed=seed,
        )
        if p >= target:
            return eff
    return float("nan")


def with_doubtful(events: pd.DataFrame) -> pd.DataFrame:
    """The same events with the doubt flag (``scope_doubt``) cleared, so that
    :func:`exposures` keeps the attacks whose link to ISKP is in doubt: for a sensitivity
    check only, never for a headline figure."""
    return events.assign(scope_doubt=pd.array([False] * len(events), dtype="boolean"))


def robustness(
    events: pd.DataFrame,
    milestones: pd.DataFrame,
    *,
    start: object,
    end: object,
    windows: Iterable[int] = (30, 90, 180),
    partners: Iterable[str] = tuple(PARTNERS),
    n_permutations: int = 2000,
    seed: int = 0,
) -> pd.DataFrame:
    """:func:`pooled` under four variants, stacked with a ``variant`` column first: 'as
    above' (every step, attacks re-timed one by one), 'steps answering an attack left out'
    (``exclude_responses``), 'attacks shifted together, clusters kept' (``null='shift'``) and
    'Pakistan left out' (the partner with most attacks). A verdict that changes from one
    variant to the next rests on that choice."""
    partners = tuple(partners)
    kw = {"start": start, "end": end, "windows": tuple(windows)}
    kw.update(n_permutations=n_permutations, seed=seed, partners=partners)
    runs = {
        "as above": {},
        "steps answering an attack left out": {"exclude_responses": True},
        "attacks shifted together, clusters kept": {"null": "shift"},
        "Pakistan left out": {"partners": tuple(p for p in partners if p != "PAK")},
    }
    frames = []
    for name, extra in runs.items():
        out = pooled(events, milestones, **{**kw, **extra})
        out.insert(0, "variant", name)
        frames.append(out)
    return pd.concat(frames, ignore_index=True)


def sensitivity(
    events: pd.DataFrame,
    milestones: pd.DataFrame,
    *,
    start: object,
    end: object,
    windows: Iterable[int] = (30, 90, 180),
    partners: Iterable[str] = tuple(PARTNERS),
    effects: Sequence[float] = (0.5, 1, 2, 3, 5),
    n_sim: int = 200,
    n_permutations: int = 500,
    seed: int = 0,
) -> pd.DataFrame:
    """For each partner with at least :data:`MIN_EXPOSURES` attacks in ``[start, end]``, the
    smallest cooling (steps per attack, among ``effects``) that its number of attacks would
    reveal four times in five in each window (:func:`detectable`): a partner by window table
    (partners by display name; NaN: none of ``effects`` is large enough)."""
    s, e = pd.Timestamp(start), pd.Timestamp(end)
    rows = {}
    for p in partners:
        ex = exposures(events, p)
        n = int(((ex["date_start"] >= s) & (ex["date_start"] <= e)).sum())
        if n < MIN_EXPOSURES:
            continue
        st = steps(milestones, p)
        rows[PARTNERS.get(p, p)] = {
            int(w): detectable(
                n,
                st,
                window=int(w),
                start=start,
                end=end,
                effects=effects,
                n_sim=n_sim,
                n_permutations=n_permutations,
                seed=seed,
            )
            for w in windows
        }
    out = pd.DataFrame.from_dict(rows, orient="index", columns=[int(w) for w in windows])
    return out.rename_axis(index="partner", columns="window (days)")


def _label(row: Mapping[str, object] | pd.Series) -> str:
    """The first words of :func:`verdict`: 'cooling after attacks', 'warming after attacks',
    'no detectable change' or 'too few attacks to test'."""
    return verdict(row).split(":")[0].split(" (")[0]


def _pace(row: Mapping[str, object] | pd.Series, alpha: float = ALPHA) -> str:
    """'more' or 'fewer' when the change in the number of steps passes the test, else ''."""
    if int(row["n"]) < MIN_EXPOSURES or not float(row["p_steps"]) < alpha:
        return ""
    if float(row["effect_steps_lo"]) > 0:
        return "more"
    if float(row["effect_steps_hi"]) < 0:
        return "fewer"
    return ""


def window_verdicts(rows: pd.DataFrame) -> str:
    """The net-direction verdict of each window of one partner's (or the pooled) rows,
    windows with the same verdict grouped: 'no detectable change at 30, 90 and 180 days', or
    'warming after attacks at 30 days; no detectable change at 90 and 180 days'."""
    rows = rows.sort_values("window")
    groups: dict[str, list[str]] = {}
    for _, r in rows.iterrows():
        groups.setdefault(_label(r), []).append(str(int(r["window"])))
    return "; ".join(f"{lab} at {listing(ws)} days" for lab, ws in groups.items())


def effect(row: Mapping[str, object] | pd.Series, metric: str = "net") -> dict[str, str]:
    """One window's effect beyond chance as text for the prose: ``estimate`` ('+0.21'),
    ``interval`` (its 90% interval, '\u22120.10 to +0.51') and ``p`` ('0.306'), with true
    minus signs."""
    if metric not in ("net", "steps"):
        raise ValueError(f"unknown metric {metric!r}; 'net' or 'steps'")
    return {
        "estimate": _num(float(row[f"effect_{metric}"])),
        "interval": f"{_num(float(row[f'effect_{metric}_lo']))} to "
        f"{_num(float(row[f'effect_{metric}_hi']))}",
        "p": f"{float(row[f'p_{metric}']):.3f}",
    }


def partner_verdict(rows: pd.DataFrame) -> str:
    """One partner's rows of :func:`by_partner` (or the rows of :func:`pooled`), one per
    window, summed up in one line: the net direction's verdict over the windows ('cooling
    after attacks at 90 days', 'no detectable change at 30, 90 and 180 days', 'too few
    attacks to test'), the number of attacks, the net change per attack beyond chance with its
    90% interval and its permutation p in each window (an interval clear of zero with p at or
    above :data:`ALPHA` is no finding, and the p says why), a change of pace that passes the
    test, the ``power`` to detect one cooling step per attack where the rows have it, and a
    warning when so few attacks make the intervals rough."""
    rows = rows.sort_values("window")
    n = int(rows["n"].max())
    windows = [int(w) for w in rows["window"]]
    if n < MIN_EXPOSURES:
        return f"too few attacks to test (n = {n})"
    head = window_verdicts(rows)
    effects = listing(
        [
            f"{_interval(r['effect_net'], r['effect_net_lo'], r['effect_net_hi'])} at "
            f"{int(r['window'])} days (p = {float(r['p_net']):.3f})"
            for _, r in rows.iterrows()
        ]
    )
    text = f"{head} (n = {n} attacks; net direction per attack beyond chance {effects}"
    for _, r in rows.iterrows():
        if _pace(r):
            text += f"; {_pace(r)} steps after attacks at {int(r['window'])} days"
            text += f" (p = {float(r['p_steps']):.3f})"
    if "power" in rows and rows["power"].notna().any():
        powers = listing([f"{float(v):.2f}" for v in rows["power"]])
        at = listing([str(w) for w in windows])
        text += f"; power to detect one cooling step per attack {powers} at {at} days"
    text += ")"
    if n < FEW_EXPOSURES:
        text += "; few attacks, so the intervals are rough"
    return text


def verdicts(res: pd.DataFrame) -> pd.DataFrame:
    """One row per partner of :func:`by_partner` (or per ``partner`` value of any such
    table): ``partner``, ``name``, ``attacks`` and the :func:`partner_verdict`."""
    out = []
    for p, rows in res.groupby("partner", sort=False):
        name = rows["name"].to_numpy()[0] if "name" in rows else PARTNERS.get(str(p), str(p))
        out.append(
            {
                "partner": p,
                "name": name,
                "attacks": int(rows["n"].max()),
                "verdict": partner_verdict(rows),
            }
        )
    return pd.DataFrame(out)


def listing(items: Sequence[str], word: str = "and") -> str:
    """Items as prose: 'a', 'a and b', 'a, b and c' (or with ``word`` 'or'); '' for none."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} {items[-1]}"


def _interval(est: float, lo: float, hi: float) -> str:
    if pd.isna(est):
        return ""
    return f"{_num(est)} ({_num(lo)} to {_num(hi)})"


def table(res: pd.DataFrame) -> pd.DataFrame:
    """The event study as a reader sees it, one row per (partner, window) of
    :func:`by_partner` or :func:`pooled`: attacks, steps, the change per attack beyond
    chance in net direction and in the number of steps, each with its 90% interval and p,
    the power to detect one cooling step per attack (where computed) and the verdict's first
    words. Rows with too few attacks to test show no estimate; a ``variant`` column (from
    :func:`robustness`) is kept first."""
    testable = res["n"] >= MIN_EXPOSURES
    name = res["name"] if "name" in res else res["partner"].map(lambda p: PARTNERS.get(p, p))

    def col(metric: str) -> list[str]:
        return [
            _interval(r[f"effect_{metric}"], r[f"effect_{metric}_lo"], r[f"effect_{metric}_hi"])
            if ok
            else ""
            for (_, r), ok in zip(res.iterrows(), testable)
        ]

    def p(metric: str) -> list[str]:
        return [f"{v:.3f}" if ok else "" for v, ok in zip(res[f"p_{metric}"], testable)]

    out = pd.DataFrame(
        {
            "partner": name.astype(str).to_numpy(),
            "window (days)": res["window"].astype(int).to_numpy(),
            "attacks": res["n"].astype(int).to_numpy(),
            "steps": res["n_steps"].astype(int).to_numpy(),
            "net direction per attack, beyond chance (90% interval)": col("net"),
            "p (direction)": p("net"),
            "steps per attack, beyond chance (90% interval)": col("steps"),
            "p (steps)": p("steps"),
        }
    )
    if "power" in res:
        out["power"] = [
            f"{v:.2f}" if ok and not pd.isna(v) else "" for v, ok in zip(res["power"], testable)
        ]
    out["verdict"] = [_label(r) for _, r in res.iterrows()]
    if "variant" in res:
        out.insert(0, "variant", res["variant"].astype(str).to_numpy())
    return out


__all__ = [
    "PARTNERS",
    "after_attacks",
    "by_kind",
    "by_partner",
    "detectable",
    "effect",
    "event_study",
    "exposures",
    "lanes",
    "listing",
    "mentions",
    "overview",
    "partner_verdict",
    "pooled",
    "power",
    "retime",
    "robustness",
    "sensitivity",
    "steps",
    "table",
    "verdict",
    "verdicts",
    "window_counts",
    "window_verdicts",
    "with_doubtful",
]
