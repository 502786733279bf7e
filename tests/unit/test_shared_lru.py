"""app.state.SharedLRU, the bounded process-wide store behind every cache of the app (pure part)."""

from __future__ import annotations

import threading

from app.state import SharedLRU


def test_the_least_recently_used_item_goes_first():
    lru = SharedLRU(2)
    lru.put("a", 1)
    lru.put("b", 2)
    assert lru.get("a") == 1  # "a" is now the most recent
    lru.put("c", 3)
    assert (lru.get("a"), lru.get("b"), lru.get("c")) == (1, None, 3)


def test_putting_an_existing_key_replaces_it_and_refreshes_it():
    lru = SharedLRU(2)
    lru.put("a", 1)
    lru.put("b", 2)
    lru.put("a", 10)
    lru.put("c", 3)
    assert (lru.get("a"), lru.get("b")) == (10, None)


def test_drop_removes_and_tolerates_unknown_keys():
    lru = SharedLRU(3)
    lru.put("a", 1)
    lru.drop("a")
    lru.drop("never there")
    assert lru.get("a") is None


def test_get_or_compute_computes_once_per_key():
    lru = SharedLRU(4)
    calls = []

    def compute():
        calls.append(1)
        return "value"

    assert lru.get_or_compute("k", compute) == "value"
    assert lru.get_or_compute("k", compute) == "value"
    assert len(calls) == 1


def test_capacity_holds_under_concurrent_writers():
    lru = SharedLRU(5)

    def writer(offset: int) -> None:
        for i in range(500):
            lru.put((offset, i), i)
            lru.get((offset, i - 1))

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(lru._items) == 5
    assert all(lru.get(key) == key[1] for key in list(lru._items))  # no value under another's key
