"""The compiled build (setup.py, sidelines/_native.py): it is used only while it matches the sources, the
sources run whenever it does not, and both give the same events."""
import importlib.machinery
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sidelines import _native
from sidelines._native import GROUP, MANIFEST, NATIVE_MODULES, SourcesFirst, decide, digest, source_path

ROOT = Path(__file__).resolve().parents[1]
SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]


def _package(tmp_path: Path, compiled=True, manifest=True) -> Path:
    """A stand-in package tree: every listed source, and (when `compiled`) a file where each compiled module
    would be; `decide` reads names and digests only, so the compiled files need no content."""
    pkg = tmp_path / "sidelines"
    for m in NATIVE_MODULES:
        src = source_path(m, pkg)
        src.parent.mkdir(parents=True, exist_ok=True)
        src.write_text(f"# {m}\n", encoding="utf-8")
        if compiled:
            src.with_name(src.stem + SUFFIX).write_bytes(b"")
    if compiled:
        (pkg / (GROUP.rpartition(".")[2] + "__mypyc" + SUFFIX)).write_bytes(b"")
    if manifest:
        (pkg / MANIFEST).write_text(json.dumps({"modules": {m: digest(source_path(m, pkg)) for m in NATIVE_MODULES}}),
                                    encoding="utf-8")
    return pkg


def test_a_whole_current_build_is_used(tmp_path):
    assert decide(_package(tmp_path), environ={}).compiled


def test_no_build_means_the_sources(tmp_path):
    status = decide(_package(tmp_path, compiled=False, manifest=False), environ={})
    assert not status.compiled and status.reason.startswith("not compiled")


def test_an_edited_source_sends_every_module_to_its_source(tmp_path):
    pkg = _package(tmp_path)
    with open(source_path("sidelines.extract.clauses", pkg), "a", encoding="utf-8") as fh:
        fh.write("# edited after the build\n")
    status = decide(pkg, environ={})
    assert not status.compiled
    assert "clauses.py" in status.reason and "changed after it was compiled" in status.reason


def test_an_incomplete_build_or_a_missing_manifest_is_not_used(tmp_path):
    pkg = _package(tmp_path)
    source_path("sidelines.recognize.phrases", pkg).with_name("phrases" + SUFFIX).unlink()
    assert "incomplete" in decide(pkg, environ={}).reason
    pkg = _package(tmp_path / "b")
    (pkg / MANIFEST).unlink()
    assert not decide(pkg, environ={}).compiled


def test_pure_python_on_request(tmp_path):
    status = decide(_package(tmp_path), environ={"SIDELINES_PURE_PYTHON": "1"})
    assert not status.compiled and "SIDELINES_PURE_PYTHON" in status.reason


def test_the_finder_loads_the_source_beside_a_compiled_file(tmp_path, monkeypatch):
    pkg = tmp_path / "shadowpkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "mod.py").write_text("WHERE = 'source'\n", encoding="utf-8")
    (pkg / ("mod" + SUFFIX)).write_bytes(b"not a library: importing it would fail")
    monkeypatch.syspath_prepend(str(tmp_path))
    finder = SourcesFirst({"shadowpkg.mod"})
    monkeypatch.setattr(sys, "meta_path", [finder, *sys.meta_path])
    import shadowpkg.mod
    assert shadowpkg.mod.WHERE == "source" and shadowpkg.mod.__file__.endswith("mod.py")


@pytest.mark.skipif(os.environ.get("SIDELINES_NATIVE") != "required",
                    reason="the compiled build is required only where SIDELINES_NATIVE=required (CI)")
def test_the_compiled_build_is_in_use():
    status = _native.status()
    assert status.compiled, f"the compiled modules are not in use: {status.reason}"
    import sidelines.extract.clauses
    assert not sidelines.extract.clauses.__file__.endswith(".py")


def test_compiled_and_sources_give_the_same_events(tmp_path):
    """The examples extracted in this process and in one that runs the sources (the same process twice when
    nothing is compiled)."""
    outs = []
    for env in ({}, {"SIDELINES_PURE_PYTHON": "1"}):
        out = tmp_path / f"events{len(outs)}.jsonl"
        subprocess.run([sys.executable, "-c", "from sidelines.serve.cli import main; main()", "extract",
                        str(ROOT / "examples"), "--manifest", str(ROOT / "examples" / "manifest.jsonl"), "-o", str(out),
                        "-q", "--executor", "serial"], check=True, cwd=ROOT, env={**os.environ, **env},
                       capture_output=True)
        outs.append(out.read_text(encoding="utf-8"))
    assert outs[0] == outs[1] and outs[0].count("\n") >= 5
