"""Indicator extraction measured on the labelled real sentences (tests/fixtures/indicator_sentences.yml).

    .venv/bin/python bench/bench_indicators.py

Prints precision (values read that are labelled values), recall (labelled values read, the known
misses included), and the skips by reason: how much the extractor leaves out rather than guess.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.parse.test_indicators import CASES, REASON, run  # noqa: E402


def main() -> None:
    read = correct = labelled = 0
    traps = caught = 0
    reasons: Counter[str] = Counter()
    for case in CASES:
        values, skips = run(case)
        truth = {tuple(v) for v in case.get("values", [])}
        missed = {tuple(v) for v in case.get("missed", [])}
        read += len(values)
        correct += sum((v.indicator, v.value, v.year) in truth for v in values)
        labelled += len(truth) + len(missed)
        reasons.update(s.reason for s in skips)
        want = Counter((slug, REASON[r]) for slug, r in case.get("skips", []))
        got = Counter((s.indicator, s.reason) for s in skips)
        traps += sum(want.values())
        caught += sum((want & got).values())
    print(f"sentences: {len(CASES)}")
    print(f"values read: {read}, correct: {correct}, precision: {correct / read:.3f}" if read else "no values read")
    print(f"labelled values: {labelled}, recall: {correct / labelled:.3f}")
    print(f"traps labelled: {traps}, skipped for the labelled reason: {caught}")
    print("skips by reason: " + ", ".join(f"{r} {n}" for r, n in reasons.most_common()))


if __name__ == "__main__":
    main()
