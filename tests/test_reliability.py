"""Reliability as researchers meet it: a LibreOffice round trip, kills at any instant of the writers, OS faults
explained in one paragraph, and what a spreadsheet makes of formula-like text."""

from __future__ import annotations

import contextlib
import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from libreoffice import libreoffice_convert

from benchmark.clean import writer
from benchmark.cli import main
from benchmark.core import atomic, paths
from benchmark.publish import reports

pytestmark = pytest.mark.early  # a long module: started first (tests/conftest.py)


def snapshot(folder: Path) -> dict[str, bytes] | None:
    if not folder.is_dir():
        return None
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# --- 1. LibreOffice --------------------------------------------------------------------------------


def test_a_workbook_saved_by_libreoffice_gives_byte_identical_clean_data(raw_copy, tmp_path):
    saved = libreoffice_convert(paths.RAW / "inventories.xlsx", tmp_path / "lo")
    with zipfile.ZipFile(saved) as zf:  # the round trip really wrote booleans as constant formulas
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
        assert any(b">TRUE()</f>" in zf.read(n) for n in sheets)
    assert main(["clean", "--raw", str(raw_copy), "--out", str(tmp_path / "from-excel")]) == 0
    shutil.copy(saved, raw_copy / "inventories.xlsx")
    assert main(["clean", "--raw", str(raw_copy), "--out", str(tmp_path / "from-libreoffice")]) == 0
    assert snapshot(tmp_path / "from-libreoffice") == snapshot(tmp_path / "from-excel")


# --- 4 and 7. Kills between every pair of filesystem operations of the writers ---------------------


class Kill:
    """Count the writers' filesystem steps; end the process (as SIGKILL would) at step ``at``."""

    def __init__(self, at: int):
        self.at, self.count = at, 0

    def step(self) -> None:
        if self.count == self.at:
            os._exit(9)
        self.count += 1


def patch_steps(monkeypatch, kill: Kill, module, names) -> None:
    for name in names:
        real = getattr(module, name)

        def hooked(*args, _real=real, **kwargs):
            kill.step()
            result = _real(*args, **kwargs)
            return result

        monkeypatch.setattr(module, name, hooked)


def in_child(fn) -> int:
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            fn()
        except BaseException:
            os._exit(3)
        os._exit(0)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def assert_old_or_new_at_every_step(tmp_path, monkeypatch, target_name, make_old, run, new_state):
    """Kill the run at step 0, 1, 2… until it completes; each time the folder must be old or new, and after
    the next run's recovery there must be nothing else beside it."""
    codes = []
    for at in range(60):
        parent = tmp_path / f"kill{at}"
        parent.mkdir()
        target = parent / target_name
        make_old(target)
        old = snapshot(target)
        with monkeypatch.context() as m:
            code = in_child(lambda at=at, target=target: run(m, Kill(at), target))
        assert code in (0, 9), f"step {at}: the run failed ({code})"
        atomic.recover(target)  # what the next run does first
        assert snapshot(target) in (old, new_state(target)), f"step {at}: neither old nor new"
        assert sorted(p.name for p in parent.iterdir()) == [target_name], f"step {at}: leftovers"
        codes.append(code)
        if code == 0:
            break
    assert codes[0] == 9 and codes[-1] == 0 and len(codes) > 4


def test_write_clean_is_old_or_new_under_a_kill_at_every_step(tmp_path, monkeypatch, result):
    everything = {**result.tables, **result.extras()}
    expected = tmp_path / "expected"
    writer.write_clean(result.tables, result.extras(), expected)

    def make_old(target):
        target.mkdir()
        for name in everything:
            (target / f"{name}.csv").write_text("old\n", encoding="utf-8")
        (target / "README.md").write_text("kept\n", encoding="utf-8")  # not the pipeline's: carried over

    def run(m, kill, target):
        patch_steps(m, kill, writer, ["write_csv", "write_workbook"])
        patch_steps(m, kill, atomic, ["_rename", "_rmtree"])
        patch_steps(m, kill, shutil, ["copy2"])
        writer.write_clean(result.tables, result.extras(), target)

    def new_state(target):
        return {**snapshot(expected), "README.md": b"kept\n"}

    assert_old_or_new_at_every_step(tmp_path, monkeypatch, "clean", make_old, run, new_state)


def test_the_reports_swap_is_old_or_new_under_a_kill_at_every_step(tmp_path, monkeypatch):
    def make_old(target):
        target.mkdir()
        (target / "index.html").write_text("old index", encoding="utf-8")
        (target / "01_a.html").write_text("old report", encoding="utf-8")
        (target / "notes.txt").write_text("a reader's notes", encoding="utf-8")

    def run(m, kill, target):
        patch_steps(m, kill, atomic, ["_rename", "_rmtree"])
        patch_steps(m, kill, shutil, ["copy2"])
        tmp = atomic.staging_dir(target)
        for name in ("index.html", "01_a.html", "02_b.html"):
            kill.step()
            (tmp / name).write_text(f"new {name}", encoding="utf-8")
        reports._swap(tmp, target)

    def new_state(target):
        return {
            "01_a.html": b"new 01_a.html",
            "02_b.html": b"new 02_b.html",
            "index.html": b"new index.html",
            "notes.txt": b"a reader's notes",
        }

    assert_old_or_new_at_every_step(tmp_path, monkeypatch, "reports", make_old, run, new_state)


def test_benchmark_clean_killed_at_random_instants_leaves_old_or_new(tmp_path):
    """Real SIGKILLs of the real command: data/clean/ is complete (old or new) at once, nothing is left over
    after the next run, and the folder's mode is a normal mkdir's."""
    out = tmp_path / "clean"
    command = [str(Path(sys.executable).with_name("benchmark")), "clean", "--out", str(out)]
    started = time.monotonic()
    subprocess.run(command, check=True, capture_output=True)
    whole = time.monotonic() - started
    new = snapshot(out)
    shutil.rmtree(out)
    shutil.copytree(paths.CLEAN, out)
    (out / "instruments.csv").write_text("old\n", encoding="utf-8")
    old = snapshot(out)
    shutil.rmtree(out)
    shutil.copytree(paths.CLEAN, out)
    (out / "instruments.csv").write_text("old\n", encoding="utf-8")
    rng = random.Random(12)
    seen = set()
    for delay in sorted(rng.uniform(0.2, whole) for _ in range(3)):
        run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        run.send_signal(signal.SIGKILL)
        run.wait()
        now = snapshot(out)
        assert now in (old, new), f"killed after {delay:.2f} s: neither old nor new"
        seen.add("new" if now == new else "old")
        if now == new:  # start again from the old state
            shutil.rmtree(out)
            shutil.copytree(paths.CLEAN, out)
            (out / "instruments.csv").write_text("old\n", encoding="utf-8")
    old_umask = os.umask(0o022)
    try:
        subprocess.run(command, check=True, capture_output=True)  # the next run sweeps the killed runs' folders
    finally:
        os.umask(old_umask)
    assert snapshot(out) == new
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean"]
    assert out.stat().st_mode & 0o777 == 0o755


def test_a_read_only_old_clean_folder_is_replaced_and_removed(result):
    """The issue's case: the user made data/clean/ read-only. The new folder goes in, the old one is deleted
    (its owner may make it writable again), and the next run works as well. Run as a non-root user."""
    parent = Path(tempfile.mkdtemp(prefix="h12-ro-", dir="/tmp"))
    try:
        target = parent / "clean"
        target.mkdir()
        (target / "instruments.csv").write_text("old\n", encoding="utf-8")
        uid = 65534 if os.geteuid() == 0 else os.geteuid()  # root ignores modes: act as « nobody »
        if os.geteuid() == 0:
            for p in (parent, target, target / "instruments.csv"):
                os.chown(p, uid, uid)
        parent.chmod(0o755)
        target.chmod(0o555)

        def as_user():
            if os.geteuid() == 0:
                os.setgid(uid)
                os.setuid(uid)
            for _ in range(2):
                writer.write_clean(result.tables, result.extras(), target)

        assert in_child(as_user) == 0
        writer.write_clean(result.tables, result.extras(), parent / "expected")
        assert snapshot(target) == snapshot(parent / "expected")
        shutil.rmtree(parent / "expected")
        assert sorted(p.name for p in parent.iterdir()) == ["clean"]
    finally:
        shutil.rmtree(parent, ignore_errors=True)


# --- 5. OS faults: one paragraph, exit 1, previous outputs intact ----------------------------------


def fail_with(code: int):
    def raiser(*args, **kwargs):
        path = next((a for a in args if isinstance(a, (str, Path))), "data/clean/benchmark.xlsx")
        raise OSError(code, os.strerror(code), str(path))

    return raiser


@pytest.mark.parametrize(
    "code, advice",
    [
        (errno.ENOSPC, "the disk is full"),
        (errno.EACCES, "permission denied"),
        (errno.EROFS, "read-only"),
        (errno.ENOENT, "does not exist"),
    ],
)
@pytest.mark.parametrize("where", ["writing a file", "creating the staging folder", "swapping"])
def test_an_os_fault_is_one_paragraph_exit_1_and_clean_intact(
    tmp_path, monkeypatch, capsys, result, code, advice, where
):
    import benchmark.clean.pipeline

    monkeypatch.setattr(benchmark.clean.pipeline, "clean", lambda raw: result)  # the fault is in the writing
    # the project's lock has its own tests; here another worker's build may hold it and print that it waits
    monkeypatch.setattr("benchmark.core.lock.project_lock", lambda root, on_wait=None: contextlib.nullcontext())
    out = tmp_path / "clean"
    shutil.copytree(paths.CLEAN, out)
    (out / "instruments.csv").write_text("previous\n", encoding="utf-8")
    before = snapshot(out)
    if where == "writing a file":
        monkeypatch.setattr(writer, "write_workbook", fail_with(code))
    elif where == "creating the staging folder":
        monkeypatch.setattr(atomic, "staging_dir", fail_with(code))
    else:
        monkeypatch.setattr(atomic, "_rename", fail_with(code))
    assert main(["clean", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 1  # one paragraph
    assert advice in err and str(tmp_path) in err and "What to do:" in err
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean"]


def test_a_real_os_fault_in_the_real_command_prints_no_traceback(tmp_path):
    blocker = tmp_path / "data"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    done = subprocess.run(
        [str(Path(sys.executable).with_name("benchmark")), "clean", "--out", str(blocker / "clean")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and str(blocker) in done.stderr and "What to do:" in done.stderr


# --- 6. Formula-like text: the workbook for spreadsheets, the CSV for programs -----------------------

PAYLOADS = ['=HYPERLINK("http://example.invalid";"x")', "+32 2 800 80 00", "@SUM(A1)", "-2+3"]


@pytest.fixture
def formula_like_clean(result, tmp_path):
    tables = dict(result.tables)
    needs = tables["needs"].copy()
    needs["text"] = needs["text"].astype(object)
    for i, payload in enumerate(PAYLOADS):
        needs.loc[i, "text"] = payload
    tables["needs"] = needs
    out = tmp_path / "clean"
    writer.write_clean(tables, result.extras(), out)
    return out


def test_formula_like_text_is_verbatim_in_the_csv_and_text_in_the_workbook(formula_like_clean):
    import pandas as pd

    csv = pd.read_csv(formula_like_clean / "needs.csv", dtype=str, keep_default_na=False)
    assert csv["text"].tolist()[: len(PAYLOADS)] == PAYLOADS  # programs read exactly what the source says
    ws = openpyxl.load_workbook(formula_like_clean / "benchmark.xlsx")["needs"]
    cells = [ws.cell(row=r, column=2) for r in range(2, 2 + len(PAYLOADS))]
    assert [(c.value, c.data_type) for c in cells] == [(p, "s") for p in PAYLOADS]


def test_libreoffice_keeps_formula_like_text_as_text(formula_like_clean, tmp_path):
    """The two documented ways a spreadsheet user is protected, checked with LibreOffice itself: the workbook
    opens with text cells, and the CSV imported with « Évaluer les formules » unchecked gives text too."""
    from_workbook = libreoffice_convert(formula_like_clean / "benchmark.xlsx", tmp_path / "lo-xlsx")
    ws = openpyxl.load_workbook(from_workbook)["needs"]
    assert [ws.cell(row=r, column=2).data_type for r in range(2, 2 + len(PAYLOADS))] == ["s"] * len(PAYLOADS)
    # CSV filter options: comma, double quote, UTF-8, from line 1, …, token 13 « evaluate formulas » = false
    from_csv = libreoffice_convert(
        formula_like_clean / "needs.csv",
        tmp_path / "lo-csv",
        "--infilter=CSV:44,34,76,1,,0,false,true,false,false,false,-1,false",
    )
    ws = openpyxl.load_workbook(from_csv).active
    cells = [ws.cell(row=r, column=2) for r in range(2, 2 + len(PAYLOADS))]
    assert [(c.value, c.data_type) for c in cells] == [(p, "s") for p in PAYLOADS]


# --- 3. Reading: the formula scan follows the XML, whatever the writer's habits ----------------------


def test_formula_positions_with_prefixes_and_cells_without_a_reference():
    from benchmark.ingest.xlsx import _formulas

    plain = (
        b'<worksheet><sheetData><row r="3"><c r="B3"><v>1</v></c><c><f>1+1</f></c></row>'
        b"<row><c><f> SUM(A1) </f></c></row></sheetData></worksheet>"
    )
    assert _formulas(plain) == {(2, 2): "1+1", (3, 0): "SUM(A1)"}
    prefixed = (
        b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
        b'<x:row r="2"><x:c r="AB2" t="b"><x:f aca="false">TRUE()</x:f><x:v>1</x:v></x:c></x:row>'
        b"</x:sheetData></x:worksheet>"
    )
    assert _formulas(prefixed) == {(1, 27): "TRUE()"}
    assert (
        _formulas(
            b'<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>=1+1</t></is></c>'
            b"</row></sheetData></worksheet>"
        )
        == {}
    )  # text that looks like a formula is text


def test_the_formula_prescan_reads_in_chunks_and_misses_no_tag_across_them(tmp_path):
    import zipfile

    from benchmark.ingest.xlsx import _may_hold_formulas

    chunk = 1 << 20  # the prescan's read size: « <f » split across two reads must still be seen
    with zipfile.ZipFile(tmp_path / "book.zip", "w") as zf:
        zf.writestr("split.xml", b"x" * (chunk - 1) + b"<f>1+1</f>")
        zf.writestr("prefixed.xml", b"y" * (3 * chunk - 1) + b":f>TRUE()</x:f>")
        zf.writestr("none.xml", b"<c><v>1</v></c>" * (chunk // 10))
    with zipfile.ZipFile(tmp_path / "book.zip") as zf:
        assert _may_hold_formulas(zf, "split.xml") and _may_hold_formulas(zf, "prefixed.xml")
        assert not _may_hold_formulas(zf, "none.xml")


def test_an_invalid_run_after_a_half_done_swap_restores_before_saying_untouched(raw_copy, tmp_path, capsys):
    """The issue's case: killed between the two renames of the earlier writer, then a run with invalid data."""
    out = tmp_path / "clean"
    parked = tmp_path / "clean.old"
    shutil.copytree(paths.CLEAN, parked)
    before = snapshot(parked)
    (raw_copy / "part4_needs.csv").write_text("need_id;text;lines\n", encoding="utf-8")  # refused
    assert main(["clean", "--raw", str(raw_copy), "--out", str(out)]) == 1
    assert "left untouched" in capsys.readouterr().err
    assert snapshot(out) == before and sorted(p.name for p in tmp_path.iterdir()) == ["clean", "raw"]
