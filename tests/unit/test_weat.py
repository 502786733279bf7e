"""WEAT against an independent loop implementation, exact enumeration, and seeded determinism."""

from __future__ import annotations

import io
import json
import math
from contextlib import redirect_stdout
from itertools import combinations

import numpy as np
import pytest

from analysis.cli import main as cli_main
from analysis.errors import AnalysisError
from analysis.weat import _enumerate_partitions, _sample_partitions, permutation_p_value, weat, weat_caliskan
from analysis.wordlists import caliskan_test


# --- an independent, deliberately plain implementation (loops, no vectorisation) ------------------
def _cos(u, v) -> float:
    dot = sum(float(a) * float(b) for a, b in zip(u, v))
    return dot / (math.sqrt(sum(float(a) ** 2 for a in u)) * math.sqrt(sum(float(b) ** 2 for b in v)))


def _loop_weat(glove, X, Y, A, B, ddof):
    vec = lambda w: glove.kv[glove.resolve(w)]  # noqa: E731
    known = lambda ws: [w for w in ws if glove.resolve(w) is not None]  # noqa: E731
    X, Y, A, B = known(X), known(Y), known(A), known(B)

    def s_word(w):
        return sum(_cos(vec(w), vec(a)) for a in A) / len(A) - sum(_cos(vec(w), vec(b)) for b in B) / len(B)

    sx = [s_word(x) for x in X]
    sy = [s_word(y) for y in Y]
    statistic = sum(sx) - sum(sy)
    everything = sx + sy
    mean = sum(everything) / len(everything)
    var = sum((v - mean) ** 2 for v in everything) / (len(everything) - ddof)
    effect = (sum(sx) / len(sx) - sum(sy) / len(sy)) / math.sqrt(var)
    return statistic, effect, sx + sy


@pytest.mark.parametrize("name", ["caliskan-1", "caliskan-6", "caliskan-9"])
@pytest.mark.parametrize("ddof", [1, 0])
def test_statistic_and_effect_size_match_a_loop_implementation(glove, name, ddof):
    t = caliskan_test(name)
    r = weat(glove, t.X, t.Y, t.A, t.B, permutations=1_000, ddof=ddof)
    statistic, effect, per_word = _loop_weat(glove, t.X, t.Y, t.A, t.B, ddof)
    assert r.statistic == pytest.approx(statistic, rel=1e-5, abs=1e-7)
    assert r.effect_size == pytest.approx(effect, rel=1e-5)
    np.testing.assert_allclose([a.association for a in r.associations], per_word, rtol=1e-5, atol=1e-7)
    assert r.ddof == ddof


def test_population_effect_size_is_larger_by_the_bessel_factor(glove):
    t = caliskan_test("caliskan-7")
    d1 = weat(glove, t.X, t.Y, t.A, t.B, ddof=1).effect_size
    d0 = weat(glove, t.X, t.Y, t.A, t.B, ddof=0).effect_size
    n = 16
    assert d0 == pytest.approx(d1 * math.sqrt(n / (n - 1)), rel=1e-9)


# --- the permutation p-value ----------------------------------------------------------------------
def _loop_p_value(s, n_x):
    """Caliskan et al.'s definition, enumerated with itertools: Pr[s(X_i, Y_i) > s(X, Y)]."""
    n = len(s)
    observed = sum(s[:n_x]) - sum(s[n_x:])
    larger = total = 0
    for chosen in combinations(range(n), n_x):
        inside = set(chosen)
        stat = sum(s[i] for i in inside) - sum(s[i] for i in range(n) if i not in inside)
        larger += stat > observed + 1e-12
        total += 1
    return larger / total, total


@pytest.mark.parametrize("n_x,n_y", [(4, 4), (5, 3), (6, 6), (7, 7)])
def test_exact_p_value_matches_enumeration(n_x, n_y):
    rng = np.random.default_rng(n_x * 10 + n_y)
    s = rng.normal(0.05, 0.1, n_x + n_y)
    s[:n_x] += 0.05  # a mild true effect so p is neither 0 nor 1
    p, scored, exact, total = permutation_p_value(s, n_x, permutations=100_000)
    ref_p, ref_total = _loop_p_value(list(s), n_x)
    assert exact and scored == total == ref_total == math.comb(n_x + n_y, n_x)
    assert p == pytest.approx(ref_p, abs=1e-15)


def test_exact_p_value_on_real_words(glove):
    # 4 + 4 words of WEAT 7: 70 partitions, enumerated by hand from the per-word associations.
    t = caliskan_test("caliskan-7")
    r = weat(glove, t.X[:4], t.Y[:4], t.A, t.B)
    ref_p, ref_total = _loop_p_value([a.association for a in r.associations], 4)
    assert r.exact and r.permutations == ref_total == 70 and r.total_partitions == 70
    assert r.p_value == pytest.approx(ref_p)


def test_sampled_p_value_agrees_with_exact_within_sampling_error():
    rng = np.random.default_rng(3)
    s = rng.normal(0, 0.1, 16)
    s[:8] += 0.06
    exact_p, _, exact, total = permutation_p_value(s, 8, permutations=100_000)
    assert exact and total == 12_870
    sampled_p, scored, exact2, _ = permutation_p_value(s, 8, permutations=5_000, seed=1)
    assert not exact2 and scored == 5_000
    sigma = math.sqrt(exact_p * (1 - exact_p) / 5_000)
    assert abs(sampled_p - exact_p) < 4 * sigma + 1e-9


def test_sampling_is_seeded_and_deterministic(glove):
    t = caliskan_test("caliskan-1")
    a = weat(glove, t.X, t.Y, t.A, t.B, permutations=20_000, seed=7)
    b = weat(glove, t.X, t.Y, t.A, t.B, permutations=20_000, seed=7)
    assert a.p_value == b.p_value and a.permutations == b.permutations == 20_000 and not a.exact
    s = np.random.default_rng(0).normal(0, 0.1, 40)
    ps = {permutation_p_value(s, 20, permutations=3_000, seed=k)[0] for k in range(4)}
    assert len(ps) > 1  # different seeds, different samples
    assert permutation_p_value(s, 20, permutations=3_000, seed=2) == permutation_p_value(s, 20, permutations=3_000, seed=2)


@pytest.mark.parametrize("n,k,count", [(12, 6, 500), (10, 5, 200), (30, 15, 4_000), (16, 8, 3_000), (70, 35, 2_000)])
def test_sampled_partitions_are_distinct_true_partitions(n, k, count):
    # (12, 6): 924 partitions ≤ 4·500, sampled by rank; (10, 5): 252 ≤ 800; (30, 15): rejection
    # sampling; (16, 8): 12,870 partitions for 3,000 draws, so duplicates occur and must be dropped;
    # (70, 35): more than 64 words, keys are raw bytes instead of one integer.
    rows = np.vstack(list(_sample_partitions(n, k, count, math.comb(n, k), seed=0)))
    assert rows.shape == (count, n)
    assert (rows.sum(axis=1) == k).all()
    assert len({r.tobytes() for r in rows}) == count


def test_enumeration_covers_every_partition_once():
    rows = np.vstack(list(_enumerate_partitions(8, 3)))
    assert rows.shape == (56, 8) and len({r.tobytes() for r in rows}) == 56 and (rows.sum(axis=1) == 3).all()


def test_p_value_is_one_sided():
    s = np.array([0.3, 0.2, 0.25, -0.1, -0.2, -0.15])  # X strongly above Y: the observed partition is the largest
    assert permutation_p_value(s, 3)[0] == 0.0
    assert permutation_p_value(-s, 3)[0] == pytest.approx(19 / 20)  # reversed: only itself is not larger
    with pytest.raises(AnalysisError):
        permutation_p_value(s, 0)
    with pytest.raises(AnalysisError):
        permutation_p_value(s, 3, permutations=0)


def test_hundred_thousand_permutations_are_reported(glove):
    r = weat_caliskan(glove, "caliskan-3")
    assert not r.exact and r.permutations == 100_000 and r.total_partitions == math.comb(64, 32)
    assert r.effect_size > 0.5 and r.p_value < 0.01


# --- missing words and bad input ------------------------------------------------------------------
def test_missing_words_are_reported_and_too_many_refused(glove):
    t = caliskan_test("caliskan-1")
    r = weat(glove, t.X, t.Y, t.A, t.B, permutations=1_000)
    assert r.missing == {"X": ["gladiola"], "Y": [], "A": [], "B": []} and r.sizes["X"] == 24
    with pytest.raises(AnalysisError, match=r"set X.*qqzx1"):
        weat(glove, ["math", "qqzx1", "qqzx2"], t.Y[:3], t.A, t.B)
    with pytest.raises(AnalysisError, match=r"algebraa \(did you mean algebra"):
        weat(glove, ["math", "algebraa"], t.Y[:3], t.A, t.B)
    ok = weat(glove, ["math", "qqzx1", "qqzx2"], t.Y[:3], t.A, t.B, max_missing_fraction=0.7)
    assert ok.missing["X"] == ["qqzx1", "qqzx2"] and ok.sizes["X"] == 1
    with pytest.raises(AnalysisError, match="no word of set A"):
        weat(glove, t.X, t.Y, ["qqzx1"], t.B, max_missing_fraction=1.0)
    with pytest.raises(AnalysisError, match="empty"):
        weat(glove, t.X, t.Y, [], t.B)
    with pytest.raises(AnalysisError, match="ddof"):
        weat(glove, t.X, t.Y, t.A, t.B, ddof=2)
    with pytest.raises(AnalysisError, match="one string"):
        weat(glove, "math", t.Y, t.A, t.B)


def test_case_variants_count_once(glove):
    r = weat(glove, ["Math", "math", "algebra"], ["poetry", "art"], ["he"], ["she"])
    assert r.words["X"] == ["math", "algebra"]


def test_attribute_associations(glove):
    t = caliskan_test("caliskan-6")
    r = weat(glove, t.X, t.Y, t.A, t.B, permutations=1_000)
    assert [a.group for a in r.attribute_associations] == ["A"] * 8 + ["B"] * 8
    first = r.attribute_associations[0]
    mx = np.mean([glove.similarity(first.word, x) for x in r.words["X"]])
    my = np.mean([glove.similarity(first.word, y) for y in r.words["Y"]])
    assert first.association == pytest.approx(mx - my, abs=1e-6)


# --- the command line gives the same numbers ------------------------------------------------------
def _cli_json(args):
    out = io.StringIO()
    with redirect_stdout(out):
        code = cli_main(args)
    assert code == 0
    return json.loads(out.getvalue())


def test_cli_weat_builtin_fields_and_numbers(glove):
    payload = _cli_json(["weat", "--test", "caliskan-6", "--json"])
    assert set(payload) == {"statistic", "effect_size", "p_value", "permutations", "exact", "missing"}
    r = weat_caliskan(glove, "caliskan-6")
    assert payload["effect_size"] == pytest.approx(r.effect_size) and payload["statistic"] == pytest.approx(r.statistic)
    assert payload["p_value"] == r.p_value and payload["exact"] is True and payload["permutations"] == 12_870
    assert payload["missing"] == {"X": [], "Y": [], "A": [], "B": []}


def test_cli_weat_files_and_options(tmp_path, glove):
    files = []
    for name, words in zip("xyab", (["math", "algebra", "geometry"], ["poetry", "art", "dance"], ["he", "man"], ["she", "woman"])):
        f = tmp_path / f"{name}.txt"
        f.write_text("\n".join(words), encoding="utf-8")
        files.append(str(f))
    payload = _cli_json(["weat", "--targets", *files[:2], "--attributes", *files[2:], "--ddof", "0", "--permutations", "5", "--seed", "3", "--json"])
    r = weat(glove, ["math", "algebra", "geometry"], ["poetry", "art", "dance"], ["he", "man"], ["she", "woman"], ddof=0, permutations=5, seed=3)
    assert payload["effect_size"] == pytest.approx(r.effect_size) and payload["permutations"] == 5 and payload["exact"] is False
    assert payload["p_value"] == r.p_value


def test_cli_weat_errors(capsys):
    assert cli_main(["weat", "--test", "caliskan-12"]) == 2
    assert "caliskan-1" in capsys.readouterr().err
    assert cli_main(["weat", "--targets", "/nonexistent/x", "/nonexistent/y"]) == 2


def test_cli_bias_and_analogies(glove):
    from analysis.bias import bias_direction, direct_bias, neutral_professions

    payload = _cli_json(["bias", "--direction", "pair:she,he", "--c", "1.0", "--json"])
    assert set(payload) == {"direct_bias", "explained_variance", "projections"}
    assert payload["direct_bias"] == pytest.approx(direct_bias(glove, neutral_professions(), bias_direction(glove, "pair")))
    assert payload["explained_variance"] == [1.0]
    assert set(payload["projections"][0]) == {"word", "projection"} and len(payload["projections"]) == 274
    pca = _cli_json(["bias", "--json"])
    assert len(pca["explained_variance"]) == 10
    pairs = _cli_json(["she-he-analogies", "--topn", "5", "--restrict-vocab", "2000", "--json"])
    assert [p["x"] for p in pairs["pairs"]][:2] == ["she", "her"] and len(pairs["pairs"]) == 5
