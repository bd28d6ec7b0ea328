"""Nested dossier-grouped cross-validation of headline candidates on the DEU
III dev table (issue 11, fifth session). Run through
`python3 bench/headline_candidates.py --nested data/deu3/dev.tsv [FORECASTS.csv]`
(see that file's docstring). Needs numpy.

Data: DEU III, Arregui & Perarnaud (2022), doi:10.34810/data53 (see
data/README.md). Every figure is out of sample: a family's parameters are
fitted on the outer training folds only; the selectors choose a family on
inner folds inside them.
"""
import csv
import itertools
import math
from collections import Counter

import numpy as np


# ---------------------------------------------------------------- data
def load(tsv, forecasts=None):
    rows = list(csv.reader(open(tsv, encoding="utf-8"), delimiter="\t"))
    head, caps = rows[0], rows[1]
    ix = {c: i for i, c in enumerate(head)}
    actors = [c[1:] for c in head if c.startswith("p") and "s" + c[1:] in ix
              and c not in ("prnrnmc", "prnr", "prname", "proc", "proccde")]
    fc = {}
    if forecasts:
        for r in csv.DictReader(open(forecasts, encoding="utf-8")):
            if r["value"] and r["model"] != "headline":
                fc.setdefault(r["issue"], {})[r["model"]] = float(r["value"])
    out = []
    for r in rows[2:]:
        r = r + [""] * (len(head) - len(r))
        if not r[ix["out"]].strip():
            continue
        ids, pos, sal, cap = [], [], [], []
        for a in actors:
            p = r[ix["p" + a]].strip()
            if p:
                s = r[ix["s" + a]].strip()
                ids.append(a)
                pos.append(float(p))
                sal.append(float(s) if s else 50.0)  # domei's DEU III reader: 50 where missing
                cap.append(float(caps[ix["p" + a]]))
        out.append(dict(group=r[ix["prnr"]], issue=r[ix["isnr"]], proc=r[ix["proc"]],
                        rule="unan" if r[ix["counvte"]].lower().startswith("unan") else "qmv",
                        y=float(r[ix["out"]]),
                        sq=float(r[ix["rp"]]) if r[ix["rp"]].strip() else None,
                        ids=ids, pos=np.array(pos), sal=np.array(sal), cap=np.array(cap),
                        fc=fc.get(r[ix["isnr"]], {})))
    return out


def wmean(x, w):
    t = w.sum()
    return float((w * x).sum() / t) if t > 0 else float(x.mean())


def wmedian(x, w):
    """domei's weighted median (median.rs): the first position whose
    cumulative weight reaches half; the midpoint on an exact tie."""
    keep = w > 0
    x, w = x[keep], w[keep]
    ux, inv = np.unique(x, return_inverse=True)
    cum = np.cumsum(np.bincount(inv, weights=w))
    half = cum[-1] / 2
    k = int(np.searchsorted(cum, half - 1e-12 * cum[-1]))
    if abs(cum[k] - half) <= 1e-12 * cum[-1] and k + 1 < len(ux):
        return float((ux[k] + ux[k + 1]) / 2)
    return float(ux[k])


def wtrimmed(x, w, tau):
    """Weighted mean after removing the weight share tau from each tail."""
    keep = w > 0
    x, w = x[keep], w[keep]
    if tau <= 0:
        return wmean(x, w)
    o = np.argsort(x, kind="stable")
    x, w = x[o], w[o] / w.sum()
    c0 = np.concatenate([[0.0], np.cumsum(w)[:-1]])
    ww = np.clip(np.minimum(c0 + w, 1 - tau) - np.maximum(c0, tau), 0, None)
    return float((ww * x).sum() / ww.sum()) if ww.sum() > 1e-12 else wmedian(x, w)


def comp(x):
    return wmean(x["pos"], x["cap"] * x["sal"])


def actor(x, a):
    return float(x["pos"][x["ids"].index(a)]) if a in x["ids"] else None


def alternatives(x, with_sq=True):
    """The alternatives on the table: distinct positions of actors with
    salience > 0, and the reference point."""
    s = set(float(v) for v in x["pos"][x["sal"] > 0])
    if with_sq and x["sq"] is not None:
        s.add(float(x["sq"]))
    return sorted(s)


def snap(v, alts, d):
    if not alts:
        return v
    n = min(alts, key=lambda a: (abs(a - v), a))
    return n if abs(n - v) <= d else v


def shrink_sq(x, lam):
    return comp(x) if x["sq"] is None else (1 - lam) * comp(x) + lam * x["sq"]


# ---------------------------------------------------------------- candidate families
# Each: (name, motivation, grid, f(issue, parameter)). The first grid point
# always reproduces the compromise model.
SNAP_GRID = [0.0, 2.5, 5.0, 7.5, 10.0, 12.5, 15.0, 17.5, 20.0, 22.5, 25.0, 27.5, 30.0, 35.0, 40.0, 50.0]
G10 = [k / 10 for k in range(0, 8)]


def _rule(x, p):
    return p[0] if x["rule"] == "unan" else p[1]


def _proc(x, p):
    return p[0] if x["proc"] == "CNS" else p[1]


def _com_ep(x, p):
    c, com, ep = comp(x), actor(x, "com"), actor(x, "ep")
    a = p[0] if com is not None else 0.0
    b = p[1] if ep is not None and x["proc"] == "COD" else 0.0
    return (1 - a - b) * c + a * (com or 0.0) + b * (ep or 0.0)


def _council(x, lam):
    m = np.array([i not in ("com", "ep") for i in x["ids"]])
    w = x["cap"] * x["sal"]
    cc = wmean(x["pos"][m], w[m]) if m.any() and (w[m] > 0).any() else comp(x)
    return (1 - lam) * comp(x) + lam * cc


def _snap_k(x, p):
    a = alternatives(x)
    return snap(comp(x), a, p[0]) if len(a) <= p[1] else comp(x)


FAMILIES = [
    ("capability^a x salience^b weights",
     "power and salience exponents in the compromise weights (Achen 2006's compromise model has a=b=1)",
     [(a, b) for a in (1.0, 0.0, 0.5, 1.5, 2.0) for b in (1.0, 0.0, 0.5, 2.0, 3.0, 4.0)],
     lambda x, p: wmean(x["pos"], x["cap"] ** p[0] * (x["sal"] / 100) ** p[1] * (x["sal"] > 0))),
    ("shrink toward the status quo",
     "status-quo bias of policy stability (Tsebelis 2002, veto players)",
     [k / 20 for k in range(0, 13)], shrink_sq),
    ("shrink toward the status quo by voting rule",
     "more veto players under unanimity than QMV (Tsebelis 2002): a lambda per rule",
     [(u, q) for u in G10 for q in G10],
     lambda x, p: shrink_sq(x, _rule(x, p))),
    ("shrink toward the status quo by procedure",
     "consultation vs codecision (Tsebelis & Garrett 2000): a lambda per procedure",
     [(u, q) for u in G10 for q in G10],
     lambda x, p: shrink_sq(x, _proc(x, p))),
    ("shrink toward the weighted median",
     "the weighted median voter position (Black 1948) as the pull of a vote",
     [k / 10 for k in range(0, 11)],
     lambda x, lam: (1 - lam) * comp(x) + lam * wmedian(x["pos"], x["cap"] * x["sal"])),
    ("trimmed compromise",
     "robust (trimmed) mean: extreme actors dropped, weight share tau from each tail (tau 0.5 = median)",
     [0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5],
     lambda x, t: wtrimmed(x["pos"], x["cap"] * x["sal"], t)),
    ("compromise + Commission + EP under COD",
     "agenda setting by the Commission (Crombez 1996) and the EP's co-decision power (Tsebelis & Garrett 2000)",
     [(a, b) for a in [k / 20 for k in range(11)] for b in [k / 20 for k in range(11)] if a + b <= 0.5 + 1e-9],
     _com_ep),
    ("shrink toward the Council's own compromise",
     "the Council as the decisive arena (member states only)",
     [k / 10 for k in range(0, 11)], _council),
    ("snap to the nearest alternative within d",
     "median of an outcome distribution with mass on the alternatives on the table (MAE is minimised by a median: Gneiting 2011)",
     SNAP_GRID, lambda x, d: snap(comp(x), alternatives(x), d)),
    ("snap within d when at most k alternatives",
     "as above, only on issues with few discrete alternatives",
     [(0.0, 99)] + [(d, k) for k in (2, 3, 4, 6, 99) for d in SNAP_GRID[1:]], _snap_k),
    ("snap to the nearest actor position (not the status quo) within d",
     "as above without the reference point",
     SNAP_GRID, lambda x, d: snap(comp(x), alternatives(x, with_sq=False), d)),
]

MODELS = ["compromise", "median", "bdm", "smp", "exchange"]


def stack_family(lam):
    """L1 (median) stacking of the five models on the simplex (step 0.1),
    the objective MAE + lam * ||w - e_compromise||_1, i.e. regularised
    toward the compromise model (Breiman 1996, stacked regressions)."""
    grid = [g for g in itertools.product(range(11), repeat=len(MODELS)) if sum(g) == 10]
    grid.sort(key=lambda g: -g[0])  # compromise alone first
    pen = np.array([lam * 2 * (1 - g[0] / 10) for g in grid])
    f = lambda x, g: sum(w / 10 * x["fc"][m] for w, m in zip(g, MODELS))
    return (f"L1 stack of the five models, penalty {lam} toward compromise",
            "stacking (Breiman 1996) with an L1 pull toward the compromise model", grid, f, pen)


# ---------------------------------------------------------------- folds (domei's cv::folds_seeded)
M64 = (1 << 64) - 1


def group_key(seed, g):
    h = 0xcbf29ce484222325 ^ seed
    for b in g.encode():
        h ^= b
        h = (h * 0x100000001b3) & M64
    h = ((h ^ (h >> 30)) * 0xbf58476d1ce4e5b9) & M64
    h = ((h ^ (h >> 27)) * 0x94d049bb133111eb) & M64
    return h ^ (h >> 31)


def folds(groups, k, seed):
    gs = sorted(set(groups))
    if seed:
        gs.sort(key=lambda g: (group_key(seed, g), g))
    pos = {g: i for i, g in enumerate(gs)}
    return np.array([pos[g] % k for g in groups])


# ---------------------------------------------------------------- nested CV
def fit_col(P, pen, y, idx):
    """The grid column with the lowest (penalised) MAE on rows idx; the first on ties."""
    obj = np.abs(P[idx] - y[idx, None]).mean(axis=0) + pen
    return int(np.flatnonzero(obj <= obj.min() + 1e-9)[0])


def inner_oof(P, pen, y, groups, idx, k, seed):
    f = folds([groups[i] for i in idx], k, seed)
    out = np.empty(len(idx))
    for j in range(k):
        te = f == j
        if te.any():
            out[te] = P[idx[te], fit_col(P, pen, y, idx[f != j])]
    return out


def nested(fams, y, groups, outer=10, inner=5, seed=0):
    """fams: [(name, P, pen)], fams[0] the compromise. Returns each family's
    outer predictions and those of the two selectors, with their choices."""
    n = len(y)
    f = folds(groups, outer, seed)
    preds = {name: np.empty(n) for name, _, _ in fams}
    sel = {"selector (lowest inner MAE)": np.empty(n), "selector (one-standard-error rule)": np.empty(n)}
    chosen = {k: [] for k in sel}
    for j in range(outer):
        tr, te = np.flatnonzero(f != j), np.flatnonzero(f == j)
        errs = []
        for name, P, pen in fams:
            preds[name][te] = P[te, fit_col(P, pen, y, tr)]
            errs.append(np.abs(inner_oof(P, pen, y, groups, tr, inner, seed) - y[tr]))
        mae = np.array([e.mean() for e in errs])
        b = int(mae.argmin())
        se = errs[b].std(ddof=1) / math.sqrt(len(errs[b]))
        b1 = int(np.flatnonzero(mae <= mae[b] + se + 1e-9)[0])
        for key, k in (("selector (lowest inner MAE)", b), ("selector (one-standard-error rule)", b1)):
            chosen[key].append(fams[k][0])
            sel[key][te] = preds[fams[k][0]][te]
    return preds, sel, chosen


def metrics(p, y):
    e = np.abs(p - y)
    return e.mean(), math.sqrt((e ** 2).mean()), float(np.median(e))


def paired_boot(p, base, y, groups, reps=4000, seed=12345, level=0.95):
    """Mean over issues of |base - y| - |p - y| (positive: p better) and its
    percentile interval from resampling whole dossiers with replacement."""
    d = np.abs(base - y) - np.abs(p - y)
    gs = sorted(set(groups))
    gi = {g: i for i, g in enumerate(gs)}
    g = np.array([gi[x] for x in groups])
    s = np.bincount(g, weights=d, minlength=len(gs))
    c = np.bincount(g, minlength=len(gs))
    pick = np.random.default_rng(seed).integers(0, len(gs), size=(reps, len(gs)))
    boots = s[pick].sum(1) / c[pick].sum(1)
    a = (1 - level) / 2 * 100
    return d.mean(), np.percentile(boots, a), np.percentile(boots, 100 - a)


def main(tsv, forecasts=None, seeds=range(10)):
    data = load(tsv, forecasts)
    y = np.array([x["y"] for x in data])
    groups = [x["group"] for x in data]
    base = np.array([comp(x) for x in data])
    e = np.abs(base - y)
    print(f"{len(data)} issues, {len(set(groups))} dossiers. Compromise (exact, no fit): "
          f"MAE {e.mean():.2f}, RMSE {math.sqrt((e ** 2).mean()):.2f}, median AE {np.median(e):.2f}")
    on = np.mean([x["y"] in alternatives(x) for x in data])
    print(f"outcome exactly on an alternative on the table: {on:.3f}; alternatives per issue: "
          f"{sorted(Counter(len(alternatives(x)) for x in data).items())}")
    fams = [("compromise", base[:, None], np.zeros(1))]
    for name, why, grid, f in FAMILIES:
        P = np.array([[f(x, p) for p in grid] for x in data])
        assert np.allclose(P[:, 0], base), name
        fams.append((name, P, np.zeros(len(grid))))
    if forecasts:
        missing = [x["issue"] for x in data if any(m not in x["fc"] for m in MODELS)]
        assert not missing, f"no forecasts for {missing[:5]}"
        dc = np.abs(np.array([x["fc"]["compromise"] for x in data]) - base).max()
        print(f"cross-check: largest |domei compromise - this compromise| = {dc:.2e}")
        for lam in (0.0, 0.5, 2.0):
            name, why, grid, f, pen = stack_family(lam)
            P = np.array([[f(x, g) for g in grid] for x in data])
            fams.append((name, P, pen))
    res, choices = {}, Counter()
    for seed in seeds:
        preds, sel, chosen = nested(fams, y, groups, seed=seed)
        print(f"--- fold seed {seed}: outer MAE, RMSE, median AE; paired improvement over compromise [95% dossier bootstrap]")
        for name, p in list(preds.items()) + list(sel.items()):
            m = metrics(p, y)
            dm, lo, hi = paired_boot(p, base, y, groups)
            res.setdefault(name, []).append((*m, dm, lo, hi))
            print(f"  {m[0]:6.2f} {m[1]:6.2f} {m[2]:6.2f}  {dm:+.2f} [{lo:+.2f}, {hi:+.2f}]  {name}")
        for k, v in chosen.items():
            for c in v:
                choices[(k, c)] += 1
    print(f"=== summary over fold seeds {list(seeds)} (10 outer x 5 inner folds by dossier)")
    print("  MAE (min-max)          RMSE   medAE  improvement  interval>0  mean interval    candidate")
    for name, r in res.items():
        r = np.array(r)
        print(f"  {r[:, 0].mean():6.2f} ({r[:, 0].min():.2f}-{r[:, 0].max():.2f})  {r[:, 1].mean():6.2f} "
              f"{r[:, 2].mean():6.2f}  {r[:, 3].mean():+6.2f}       {(r[:, 4] > 0).sum():2d}/{len(r)}     "
              f"[{r[:, 4].mean():+.2f}, {r[:, 5].mean():+.2f}]  {name}")
    print("choices of the selectors (outer folds x seeds):")
    for (k, c), v in sorted(choices.items()):
        print(f"  {k}: {c}: {v}")
