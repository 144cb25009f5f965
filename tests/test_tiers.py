"""Every test module has one tier (unit, integration or e2e), declared in ``TIERS`` of tests/conftest.py."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from conftest import TIERS, tier_of

TESTS = Path(__file__).resolve().parent


def test_every_test_module_has_a_tier():
    missing = sorted(p.name for p in TESTS.glob("test_*.py") if tier_of(p) is None)
    assert not missing, (
        f"{', '.join(missing)}: no test tier. Declare each in TIERS in tests/conftest.py — unit (no subprocess, "
        "no browser, no kernel, no clean of the real data), integration (clean on real data, subprocesses, "
        "kernels) or e2e (builds, browsers, PDFs)."
    )


def test_no_test_module_is_in_two_tiers():
    twice = sorted(name for name, n in Counter(m for modules in TIERS.values() for m in modules).items() if n > 1)
    assert not twice, f"{twice}: in two tiers of TIERS (tests/conftest.py); keep each in one"


def test_a_module_without_a_tier_is_found(tmp_path):
    assert tier_of(tmp_path / "test_not_declared_anywhere.py") is None
    assert tier_of(TESTS / "test_tiers.py") == "unit" and tier_of(Path("notebooks/01_x.ipynb")) == "integration"
