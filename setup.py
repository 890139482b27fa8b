"""Build: the package metadata is in pyproject.toml; this file adds the modules compiled with mypyc
(sidelines/_native.py lists them and explains the choice made at import).

The compiled build is optional. Without a C compiler, with a type error mypyc rejects, or with
SIDELINES_PURE_PYTHON=1, the package installs as pure Python and runs the same code more slowly; the
tests run with SIDELINES_NATIVE=required (as CI does) fail in that case, so a broken build is seen.
"""
from __future__ import annotations

import json
import os
import runpy
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
native = runpy.run_path(str(ROOT / "sidelines" / "_native.py"))
MODULES: tuple[str, ...] = native["NATIVE_MODULES"]
GROUP: str = native["GROUP"]


def _sources() -> list[str]:
    return [str(native["source_path"](m, ROOT / "sidelines").relative_to(ROOT)) for m in MODULES]


def _remove_compiled_in_place() -> None:
    """A pure build leaves no compiled module of an earlier build beside the sources (an editable install
    builds in place)."""
    pkg = ROOT / "sidelines"
    for m in (*MODULES, GROUP + "__mypyc"):
        base = pkg.joinpath(*m.split(".")[1:])
        for f in base.parent.glob(base.name + ".*.so"):
            f.unlink()
    (pkg / native["MANIFEST"]).unlink(missing_ok=True)


def _extensions() -> list:
    if os.environ.get("SIDELINES_PURE_PYTHON") == "1":
        _remove_compiled_in_place()
        return []
    try:
        from mypyc.build import mypycify
        extensions = mypycify(_sources(), group_name=GROUP, opt_level="3")
    except (Exception, SystemExit) as e:   # mypyc exits on a type error it cannot compile past
        print(f"sidelines: building pure Python, mypyc could not compile the modules ({e!r}); "
              "`pip install -v -e .` shows why", file=sys.stderr)
        _remove_compiled_in_place()
        return []
    for ext in extensions:
        ext.optional = True   # no compiler: a pure-Python install, not a failed one
    return extensions


class BuildNative(build_ext):
    """Builds the compiled modules, then records what they were compiled from (`_native.json`, beside
    them) once every one of them is built."""

    def run(self) -> None:
        super().run()
        if not self.extensions:
            return
        built = [Path(self.get_ext_fullpath(ext.name)) for ext in self.extensions]
        if not all(p.is_file() for p in built):
            print("sidelines: some compiled modules did not build; the sources will be used", file=sys.stderr)
            return
        package = Path(self.get_ext_fullpath(GROUP + "__mypyc")).parent
        digests = {m: native["digest"](native["source_path"](m, ROOT / "sidelines")) for m in MODULES}
        import mypy.version
        (package / native["MANIFEST"]).write_text(
            json.dumps({"mypy": mypy.version.__version__, "modules": digests}, indent=1, sort_keys=True) + "\n",
            encoding="utf-8")


setup(ext_modules=_extensions(), cmdclass={"build_ext": BuildNative})
