"""The page on a generated store of 300 actors and 5,000 events, in Debian's chromium.

Prints the first-render time, the payload the page loads and one period step
(the issue's targets: under 2 s and 300 kB). Timings are printed, not asserted;
the payload and the drawing limits are asserted, since they do not depend on
the machine. benchmarks/bench_web.py measures the same at 2,000 actors and
100,000 events.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from web_helpers import chromium, needs_chromium

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]


def test_300_actors_and_5000_events_draw_fast_and_light(tmp_path):
    from bench_web import build_store, measure, report

    db = tmp_path / "scale.db"
    build_store(db, actors=300, events=5000)
    with chromium() as browser:
        m = measure(str(db), browser)
    report("300 actors / 5000 events", m)
    assert m["page_payload_bytes"] < 300_000
    assert m["/api/view/network"]["bytes"] < m["/api/graph"]["bytes"] / 4
    assert 0 < m["drawn"]["nodes"] <= 60, "the page draws the top actors, not everything"
    assert "of" in m["status"] and "actors" in m["status"]
    assert not m["problems"], m["problems"]
