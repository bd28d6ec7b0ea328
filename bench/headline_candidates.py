#!/usr/bin/env python3
"""Out-of-sample search for a headline that beats the compromise model on the
DEU III dev table (issue 11): candidate forecasters scored by dossier-grouped
10-fold cross-validation, each fitted only on the training folds, repeated on
several splits (fold seed 0: dossiers sorted and dealt in turn, as domei
does; seeds 1-4: shuffled). An exploration, not a shipped method: domei's
headline is what `domei calibrate` fits (see docs/cli.md, "The headline
forecast and calibrated ranges"); of the candidates below and in
headline_nested.py, only the snapping of the compromise to the nearest
alternative on the table (crates/domei-calib/src/snap.rs) was adopted.

Usage (Python 3 standard library only):
    domei forecast data/deu3/dev.tsv -f csv --no-store > /tmp/dev-forecasts.csv
    python3 bench/headline_candidates.py data/deu3/dev.tsv /tmp/dev-forecasts.csv

Prints, per candidate, the cross-validated mean absolute error (0-100) on
each split and their mean, beside the compromise model's.

Nested mode (the fifth session's candidates; needs numpy: pip install numpy):
    python3 bench/headline_candidates.py --nested data/deu3/dev.tsv [/tmp/dev-forecasts.csv]

Each candidate family has a few parameters on a fixed grid (its first grid
point is the compromise model itself); they are fitted by the lowest mean
absolute error on the training folds only. The outer folds (10, by dossier,
dealt exactly as `domei backtest --fold-seed S` deals them: seed 0 sorted,
other seeds domei's hash order) score every family; inner folds (5, by
dossier, inside each outer training set) choose among the families for the
two selectors (lowest inner out-of-fold MAE; or the simplest within one
standard error of it, compromise first). Per family and fold seed it prints
the outer MAE, RMSE and median absolute error and the paired improvement
over compromise on the same folds (mean over issues of |compromise error| -
|candidate error|, positive = better) with a 95% percentile interval from
4000 bootstrap resamples of whole dossiers; then the summary over ten fold
seeds. With the forecasts CSV it adds the L1 stacks of the models.
"""
import csv
import random
import statistics as st
import sys

MODELS = ["compromise", "median", "bdm", "smp", "exchange"]


def load(tsv, forecasts):
    rows = list(csv.reader(open(tsv, encoding="utf-8"), delimiter="\t"))
    head, caps = rows[0], rows[1]
    ix = {c: i for i, c in enumerate(head)}
    actors = [c[1:] for c in head if c.startswith("p") and "s" + c[1:] in ix
              and c not in ("prnrnmc", "prnr", "prname", "proc", "proccde")]
    fc = {}
    for r in csv.DictReader(open(forecasts, encoding="utf-8")):
        if r["value"]:
            fc.setdefault(r["issue"], {})[r["model"]] = float(r["value"])
    out = []
    for r in rows[2:]:
        r = r + [""] * (len(head) - len(r))
        if not r[ix["out"]]:
            continue
        pos = {}
        for a in actors:
            p = r[ix["p" + a]]
            if p:
                s = r[ix["s" + a]]
                pos[a] = (float(p), float(s) if s else 50.0, float(caps[ix["p" + a]]))
        council = [v for a, v in pos.items() if a not in ("com", "ep")]
        w = sum(s * c for _, s, c in council)
        f = fc[r[ix["isnr"]]]
        x = {
            "group": r[ix["prnr"]],
            "proc": r[ix["proc"]],
            "y": float(r[ix["out"]]),
            "sq": float(r[ix["rp"]]) if r[ix["rp"]] else None,
            "com": pos["com"][0] if "com" in pos else None,
            "ep": pos["ep"][0] if "ep" in pos else None,
            "council": sum(p * s * c for p, s, c in council) / w if w > 0 else None,
        }
        x.update({m: f[m] for m in MODELS})
        vs = [f[m] for m in MODELS]
        x["D"] = max(vs) - min(vs)
        out.append(x)
    return out


def solve(a, b):
    n = len(b)
    m = [row[:] + [v] for row, v in zip(a, b)]
    for c in range(n):
        p = max(range(c, n), key=lambda i: abs(m[i][c]))
        m[c], m[p] = m[p], m[c]
        if abs(m[c][c]) < 1e-12:
            m[c][c] = 1e-12
        for r in range(n):
            if r != c:
                f = m[r][c] / m[c][c]
                for k in range(c, n + 1):
                    m[r][k] -= f * m[c][k]
    return [m[i][n] / m[i][i] for i in range(n)]


def lad(xs, ys, iters=50):
    """Least absolute deviations by iteratively reweighted least squares."""
    k = len(xs[0])
    w = [1.0] * len(ys)
    beta = [0.0] * k
    for _ in range(iters):
        a = [[sum(wi * x[i] * x[j] for wi, x in zip(w, xs)) for j in range(k)] for i in range(k)]
        b = [sum(wi * x[i] * y for wi, x, y in zip(w, xs, ys)) for i in range(k)]
        beta = solve(a, b)
        w = [1 / max(abs(y - sum(bi * xi for bi, xi in zip(beta, x))), 1e-3) for x, y in zip(xs, ys)]
    return beta


def clip(v):
    return min(100.0, max(0.0, v))


def linear(keys):
    def feats(x):
        return [1.0] + [x[k] if x[k] is not None else x["compromise"] for k in keys]

    def fit(train):
        b = lad([feats(x) for x in train], [x["y"] for x in train])
        return lambda x: clip(sum(bi * xi for bi, xi in zip(b, feats(x))))
    return fit


def shift(train):
    c = st.median([x["y"] - x["compromise"] for x in train])
    return lambda x: clip(x["compromise"] + c)


def shift_by_procedure(train):
    c = {p: st.median([x["y"] - x["compromise"] for x in train if x["proc"] == p])
         for p in {x["proc"] for x in train}}
    return lambda x: clip(x["compromise"] + c.get(x["proc"], 0.0))


def knn(k):
    """The compromise plus the median residual of the k training issues
    nearest in (compromise, models' disagreement)."""
    def fit(train):
        def pred(x):
            near = sorted(train, key=lambda r: (r["compromise"] - x["compromise"]) ** 2
                          + (r["D"] - x["D"]) ** 2)[:k]
            return clip(x["compromise"] + st.median([r["y"] - r["compromise"] for r in near]))
        return pred
    return fit


def fixed(f):
    return lambda train: f


CANDIDATES = [
    ("compromise", fixed(lambda x: x["compromise"])),
    ("compromise + median residual", shift),
    ("compromise + median residual by procedure", shift_by_procedure),
    ("a + b * compromise (LAD)", linear(["compromise"])),
    ("LAD on the five models", linear(MODELS)),
    ("LAD on models, status quo, Commission, EP, Council", linear(MODELS + ["sq", "com", "ep", "council"])),
    ("compromise + kNN median residual (k = 30)", knn(30)),
    ("compromise + kNN median residual (k = 60)", knn(60)),
    ("compromise rounded to a multiple of 10 (DEU coding; no fit)", fixed(lambda x: round(x["compromise"] / 10) * 10)),
]


def folds(data, k, seed):
    groups = sorted({x["group"] for x in data})
    if seed:
        random.Random(seed).shuffle(groups)
    return [groups.index(x["group"]) % k for x in data]


def cv_mae(data, fit, seed, k=10):
    fold = folds(data, k, seed)
    err = [0.0] * len(data)
    for f in range(k):
        model = fit([x for x, g in zip(data, fold) if g != f])
        for i, (x, g) in enumerate(zip(data, fold)):
            if g == f:
                err[i] = abs(model(x) - x["y"])
    return st.mean(err)


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "--nested":
        if len(sys.argv) not in (3, 4):
            sys.exit(__doc__)
        import headline_nested
        headline_nested.main(sys.argv[2], sys.argv[3] if len(sys.argv) == 4 else None)
        return
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    data = load(sys.argv[1], sys.argv[2])
    seeds = range(5)
    print(f"{len(data)} issues, {len({x['group'] for x in data})} dossiers; "
          f"dossier-grouped 10-fold CV MAE on fold seeds {list(seeds)}")
    for name, fit in CANDIDATES:
        m = [cv_mae(data, fit, s) for s in seeds]
        print(f"{st.mean(m):6.2f}  [{', '.join(f'{v:.2f}' for v in m)}]  {name}")


if __name__ == "__main__":
    main()
