"""The whole build — clean, notebooks (kernels on loopback), figure export (kaleido + Chromium), reports —
runs in a network namespace that has no interface but loopback: any network access would fail it."""

import os
import shutil
import subprocess
import sys

import pytest

from benchmark import paths

UNSHARE = shutil.which("unshare")


def _can_unshare() -> bool:
    if UNSHARE is None or os.geteuid() != 0:
        return False
    return subprocess.run([UNSHARE, "--net", "true"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _can_unshare(), reason="needs root and unshare(1) to create a network namespace (CI has both)")
def test_build_runs_with_networking_blocked(tmp_path):
    for part in ("src", "data", "notebooks", "figures"):
        shutil.copytree(paths.ROOT / part, tmp_path / part)
    env = dict(os.environ, PYTHONPATH=str(tmp_path / "src"))
    script = ("ip link set lo up && ip -o link show | grep -v ': lo:' | wc -l && ip route show default | wc -l && "
              f"{sys.executable} -m benchmark.cli build")
    run = subprocess.run([UNSHARE, "--net", "sh", "-c", script], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    interfaces, routes = run.stdout.split()[:2]
    assert (interfaces, routes) == ("0", "0"), "the namespace must have only loopback and no route out"
    assert (tmp_path / "reports" / "index.html").exists() and (tmp_path / "reports" / "catalogue.html").exists()
    assert len(list((tmp_path / "figures").glob("*.png"))) == 9
    # the offline build regenerates the committed clean data byte for byte
    for csv in paths.CLEAN.glob("*.csv"):
        assert (tmp_path / "data" / "clean" / csv.name).read_bytes() == csv.read_bytes(), csv.name
