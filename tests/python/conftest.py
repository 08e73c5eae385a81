import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def cli_path() -> str:
    return os.environ.get("CADREPLAN_CLI", str(ROOT / "build" / "cadreplan"))


@pytest.fixture(scope="session")
def cli():
    path = cli_path()
    if not os.path.exists(path):
        pytest.fail(f"the cadreplan command is not built at {path} (run scripts/run.sh build)")

    def run(*args, check=None, timeout=600):
        proc = subprocess.run([path, *map(str, args)], capture_output=True, text=True, timeout=timeout)
        if check is not None:
            assert proc.returncode == check, f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
        return proc

    return run


@pytest.fixture(scope="session")
def hagiang_dir(cli, tmp_path_factory):
    d = tmp_path_factory.mktemp("hagiang")
    cli("export-scenario", "hagiang-2022", d, check=0)
    return d


# ---- the Python package (issue 4) -------------------------------------------------------------
# `scripts/run.sh test` installs the package into .venv (pip install .); these
# fixtures share the built-in scenario and its plans across the API tests.

@pytest.fixture(scope="session")
def cp():
    import cadreplan

    return cadreplan


@pytest.fixture(scope="session")
def hagiang(cp):
    return cp.load("hagiang-2022")


@pytest.fixture(scope="session")
def greedy_result(cp, hagiang):
    return cp.solve(hagiang, "greedy", threads=1, progress=False)


@pytest.fixture(scope="session")
def optimal_result(cp, hagiang):
    return cp.solve(hagiang, "optimal", threads=1, progress=False)
