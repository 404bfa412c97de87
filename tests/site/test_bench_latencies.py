"""The bench pools its rounds' latency histograms and reads percentiles off them as wrk does,
so a page's p95 is the p95 of every request it measured."""

import math

from scripts.bench import percentile, pooled


def test_rounds_pool_into_one_histogram():
    assert pooled([[[1000, 2], [3000, 1]], [[1000, 1], [2000, 4]]]) == [
        (1000, 3),
        (2000, 4),
        (3000, 1),
    ]


def test_percentiles_rank_every_request_as_wrk_does():
    one_of_each = [(ms * 1000, 1) for ms in range(1, 101)]  # 1 to 100 ms, once each
    # wrk ranks p of n requests at round(p / 100 * n + 0.5): the 51st of 100 for p50.
    assert percentile(one_of_each, 50) == 51.0
    assert percentile(one_of_each, 95) == 96.0
    assert percentile(one_of_each, 99) == 100.0
    slow_round, fast_round = [(40_000, 5)], [(10_000, 95)]
    both = pooled([slow_round, fast_round])
    assert percentile(both, 94) == 10.0
    assert percentile(both, 95) == 40.0  # the 96th of 100 requests is a slow one


def test_a_page_with_no_finished_request_fails_its_latency_target():
    assert math.isnan(percentile([], 95))
    assert not percentile([], 95) < 30
