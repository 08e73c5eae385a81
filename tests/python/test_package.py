"""What `pip install .` ships: the extension's .pyi stubs (current with the bindings),
py.typed, a docstring on every public function, class and method, and the command."""
import inspect
import os
import pathlib
import subprocess
import sys

import pytest

from conftest import ROOT


def test_stubs_and_py_typed_are_installed(cp):
    pkg = pathlib.Path(cp.__file__).parent
    assert (pkg / "py.typed").exists()
    assert (pkg / "_core.pyi").exists()


def test_core_stub_is_current_with_the_bindings(tmp_path):
    # Regenerates the stub from the installed extension; a binding changed without
    # regenerating python/cadreplan/_core.pyi fails here.
    stubgen = os.path.join(os.path.dirname(sys.executable), "stubgen")  # mypy's (requirements-dev.txt)
    proc = subprocess.run([stubgen, "-m", "cadreplan._core", "-o", str(tmp_path)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    fresh = (tmp_path / "cadreplan" / "_core.pyi").read_text()
    committed = (ROOT / "python" / "cadreplan" / "_core.pyi").read_text()
    assert fresh == committed, "regenerate it: stubgen -m cadreplan._core -o /tmp/stubs && copy _core.pyi to python/cadreplan/"


def public_callables(cp):
    for name in cp.__all__:
        obj = getattr(cp, name)
        if inspect.isclass(obj):
            yield name, obj
            for mname, m in vars(obj).items():
                if mname.startswith("_") or not (inspect.isfunction(m) or isinstance(m, (property, classmethod,
                                                                                          staticmethod))):
                    continue
                yield f"{name}.{mname}", m
        elif callable(obj):
            yield name, obj


def test_every_public_function_has_a_docstring(cp):
    missing = []
    for name, obj in public_callables(cp):
        target = obj.__func__ if isinstance(obj, (classmethod, staticmethod)) else (obj.fget if isinstance(obj, property) else obj)
        if not (inspect.getdoc(target) or "").strip():
            missing.append(name)
    assert not missing, missing
    assert len(list(public_callables(cp))) > 60


def test_every_binding_has_a_docstring(cp):
    missing = []
    for name, obj in vars(cp._core).items():
        if name.startswith("_") or not callable(obj):
            continue
        doc = inspect.getdoc(obj) or ""
        # pybind11 puts the signature first; a docstring has more than that line.
        if len([l for l in doc.splitlines() if l.strip()]) < 2 and not inspect.isclass(obj):
            missing.append(name)
        if inspect.isclass(obj):
            if not (obj.__doc__ or "").strip():
                missing.append(name)
            for mname, m in vars(obj).items():
                if mname.startswith("_") or not callable(m) and not isinstance(m, property):
                    continue
                mdoc = inspect.getdoc(m) or ""
                if len([l for l in mdoc.splitlines() if l.strip()]) < 2 and not isinstance(m, property):
                    missing.append(f"{name}.{mname}")
    assert not missing, missing


def test_the_command_is_installed_beside_the_interpreter():
    cmd = os.path.join(os.path.dirname(sys.executable), "cadreplan")
    proc = subprocess.run([cmd, "strategies"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "optimal" in proc.stdout and "greedy" in proc.stdout
    proc = subprocess.run([cmd, "plan", "--strategy", "greedy", "--no-explain"], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0 and "S (weighted shortfall)" in proc.stdout


def test_the_readme_python_example_runs(tmp_path, monkeypatch):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## Python, for policy notebooks", 1)[1].split("```python", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(tmp_path)
    namespace = {}
    exec(compile(block.replace("time_limit=60)", "time_limit=60, threads=1)"), "README.md", "exec"), namespace)
    assert (tmp_path / "report.html").exists()
    assert namespace["res"].report.status == "optimal"


def test_the_installed_package_type_checks(tmp_path):
    # py.typed promises annotations a user's mypy can trust: the package and its stub agree.
    mypy = os.path.join(os.path.dirname(sys.executable), "mypy")
    proc = subprocess.run([mypy, "--ignore-missing-imports", "--cache-dir", str(tmp_path / "cache"), "-p", "cadreplan"],
                          capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout[-3000:]
