"""Open every notebook in a real JupyterLab, Run All, save (Ctrl+S), then `benchmark normalise-notebooks`: the
notebooks must come back to their committed bytes. Run by hand (JupyterLab is the `lab` extra, not in the test
environment); the test of the same round trip, without JupyterLab, is tests/test_notebook_form.py.

    .venv/bin/pip install -e '.[lab]'
    .venv/bin/python scripts/jupyterlab_roundtrip.py [--shots DIR] [NN_name.ipynb ...]

It works on a copy of notebooks/ in a temporary project that reads this project's data/, so the committed files are
never touched. Chromium is Debian's (/usr/bin/chromium, or BENCHMARK_CHROMIUM), headless.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("BENCHMARK_CHROMIUM", "/usr/bin/chromium")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def project_copy(folder: Path) -> Path:
    """A project that JupyterLab serves: this project's data/ (linked) and a copy of its notebooks."""
    (folder / "data").mkdir(parents=True)
    for name in ("raw", "clean"):
        (folder / "data" / name).symlink_to(ROOT / "data" / name)
    shutil.copy(ROOT / "pyproject.toml", folder)
    shutil.copytree(ROOT / "notebooks", folder / "notebooks", ignore=shutil.ignore_patterns("brouillons", ".*"))
    return folder


def start_lab(folder: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, **{f"JUPYTER_{k}_DIR": str(folder / f".jupyter-{k.lower()}") for k in ("CONFIG", "RUNTIME")}}
    env.pop("BENCHMARK_ROOT", None)  # the kernels find the copy from their folder
    command = [
        str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser", "--allow-root", f"--port={port}",
        "--IdentityProvider.token=", "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True",
        f"--ServerApp.root_dir={folder}",
        "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=(folder / "lab.log").open("w"))
    for _ in range(240):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status", timeout=1)
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError(f"JupyterLab did not start; see {folder / 'lab.log'}")


def shut_down_kernels(port: int) -> None:
    base = f"http://127.0.0.1:{port}/api/sessions"
    for session in json.load(urllib.request.urlopen(base)):
        urllib.request.urlopen(urllib.request.Request(f"{base}/{session['id']}", method="DELETE"))


def run_all_and_save(page, port: int, name: str, shots: Path | None) -> float:
    started = time.perf_counter()
    page.goto(f"http://127.0.0.1:{port}/lab/tree/notebooks/{name}?reset")
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=180_000)
    for attempt in range(3):  # a Run All sent while the kernel still connects is dropped: send it again
        page.locator(".jp-Notebook").first.click()
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        try:
            page.wait_for_function(
                "() => [...document.querySelectorAll('.jp-Notebook .jp-InputPrompt')]"
                ".some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))",
                timeout=30_000,
            )
            break
        except Exception:
            if attempt == 2:
                raise
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')];
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""",
        timeout=300_000,
    )
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=180_000)
    page.wait_for_timeout(3000)  # the chart renderer adds its PNG copies once each chart is drawn
    page.keyboard.press("Control+s")
    page.wait_for_function("() => !document.querySelector('.jp-mod-dirty')", timeout=60_000)
    if shots is not None:
        table = page.locator(".jp-OutputArea-output table.bm-table").first
        if table.count():
            table.scroll_into_view_if_needed()
            table.screenshot(path=str(shots / f"{Path(name).stem}-table.png"))
        page.screenshot(path=str(shots / f"{Path(name).stem}.png"))
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count()
    if errors:
        raise RuntimeError(f"{name}: {errors} error output(s) in JupyterLab")
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="notebooks of notebooks/ (default: every NN_*.ipynb)")
    parser.add_argument("--shots", type=Path, help="folder for screenshots of each notebook and its first table")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from benchmark.publish.execute import discover
    from benchmark.publish.notebook_form import normalise_files

    names = args.names or [p.name for p in discover(ROOT / "notebooks")]
    if args.shots:
        args.shots.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bm-lab-") as tmp:
        folder = project_copy(Path(tmp) / "project")
        port = free_port()
        server = start_lab(folder, port)
        rows, failed = [], 0
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"], headless=True)
                page = browser.new_page(viewport={"width": 1366, "height": 900})
                for name in names:
                    print(f"{name}: opening in JupyterLab, Run All, save", flush=True)
                    try:
                        seconds = run_all_and_save(page, port, name, args.shots)
                    except Exception:
                        page.screenshot(path=str(Path(tmp) / "failure.png"), full_page=True)
                        for kept in ("failure.png", "project/lab.log"):  # kept after the temporary folder goes
                            shutil.copy(Path(tmp) / kept, Path(tempfile.gettempdir()) / f"bm-lab-{Path(kept).name}")
                        raise
                    shut_down_kernels(port)
                    copy, committed = folder / "notebooks" / name, ROOT / "notebooks" / name
                    saved = copy.stat().st_size
                    normalise_files([copy])
                    same = copy.read_bytes() == committed.read_bytes()
                    failed += not same
                    rows.append((name, seconds, committed.stat().st_size, saved, copy.stat().st_size, same))
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"{'notebook':<36} {'run+save':>9} {'committed':>10} {'saved':>9} {'normalised':>10}  committed bytes")
    for name, seconds, committed, saved, normalised, same in rows:
        print(f"{name:<36} {seconds:8.1f}s {committed:>10} {saved:>9} {normalised:>10}  {'yes' if same else 'NO'}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
