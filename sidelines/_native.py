"""The modules that the build compiles with mypyc, and the choice, at import, between that compiled build
and the source files.

Reading a document is a few thousand small steps in Python per sentence; compiled, the same code takes half
the instructions and runs one and a half to two times as fast (README, Benchmarks). The build (setup.py) compiles the modules of `NATIVE_MODULES` into one
shared library and records a digest of every source it compiled in `_native.json`. A compiled module is
found before the source file beside it, so an edited source would silently not run until the next build:
at import, unless every source is the one compiled and every compiled file is there, every module of the
group is loaded from its source instead, with a warning. What runs is always what the sources say.

`SIDELINES_PURE_PYTHON=1` in the environment loads the sources (and, at build time, compiles nothing).
This module is read by setup.py as well as imported: it uses the standard library only.
"""
from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

# The stages' inner loops. Modules that other code patches, subclasses or reads `__dict__` of stay out.
NATIVE_MODULES = (
    "sidelines.records",
    "sidelines.text.normalise",
    "sidelines.text.prepare",
    "sidelines.recognize.gazetteer",
    "sidelines.recognize.dates",
    "sidelines.recognize.phrases",
    "sidelines.recognize.analyse",
    "sidelines.extract.occasions",
    "sidelines.extract.clauses",
    "sidelines.extract.document",
    "sidelines.resolve.actors",
    "sidelines.resolve.events",
    "sidelines.fuse.fuse",
)
GROUP = "sidelines._native"            # the shared library is the module sidelines._native__mypyc
MANIFEST = "_native.json"
PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class NativeStatus:
    compiled: bool        # the compiled modules are the ones imported
    reason: str           # why, in a few words


def source_path(module: str, package_dir: Path = PACKAGE_DIR) -> Path:
    return package_dir.joinpath(*module.split(".")[1:]).with_suffix(".py")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _compiled_file(module: str, package_dir: Path) -> Path | None:
    base = package_dir.joinpath(*module.split(".")[1:])
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        candidate = base.with_name(base.name + suffix)
        if candidate.is_file():
            return candidate
    return None


def decide(package_dir: Path = PACKAGE_DIR, environ=os.environ) -> NativeStatus:
    """Whether the compiled modules under `package_dir` may be imported."""
    libs = {m: _compiled_file(m, package_dir) for m in (*NATIVE_MODULES, GROUP + "__mypyc")}
    if not any(libs.values()):
        return NativeStatus(False, "not compiled (no compiled modules in the package)")
    if environ.get("SIDELINES_PURE_PYTHON") == "1":
        return NativeStatus(False, "SIDELINES_PURE_PYTHON=1")
    missing = [m for m, f in libs.items() if f is None]
    if missing:
        return NativeStatus(False, f"the compiled build is incomplete ({missing[0]} is missing)")
    manifest = package_dir / MANIFEST
    try:
        recorded = json.loads(manifest.read_text(encoding="utf-8"))["modules"]
    except (OSError, ValueError, KeyError, TypeError):
        return NativeStatus(False, f"{manifest} is missing or unreadable")
    for m in NATIVE_MODULES:
        src = source_path(m, package_dir)
        if not src.is_file() or recorded.get(m) != digest(src):
            return NativeStatus(False, f"{src.name} ({m}) changed after it was compiled")
    return NativeStatus(True, "compiled modules match their sources")


class SourcesFirst:
    """A finder that loads the listed modules from their .py files even where a compiled file stands
    beside them."""

    def __init__(self, names) -> None:
        self.names = frozenset(names)

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in self.names:
            return None
        leaf = fullname.rpartition(".")[2] + ".py"
        for entry in path or ():
            src = os.path.join(entry, leaf)
            if os.path.isfile(src):
                return importlib.util.spec_from_file_location(fullname, src)
        return None


# Decided once per process, as the import system that the decision changes is the process's own.
_STATUS: list[NativeStatus] = []


def install() -> NativeStatus:
    """Decide once per process, before any listed module is imported; route them to their sources unless
    the compiled build is whole and current."""
    if _STATUS:
        return _STATUS[0]
    status = decide()
    if not status.compiled:
        sys.meta_path.insert(0, SourcesFirst(NATIVE_MODULES))
        if not status.reason.startswith(("not compiled", "SIDELINES_PURE_PYTHON")):
            warnings.warn(f"sidelines: running the Python sources, not the compiled modules: {status.reason}; "
                          "rebuild with `pip install -e .`", RuntimeWarning, stacklevel=2)
    _STATUS.append(status)
    return status


def status() -> NativeStatus:
    """Whether this process runs the compiled modules, and why."""
    return install()
