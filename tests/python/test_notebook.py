"""examples/notebooks/policy_simulation.ipynb runs top to bottom (nbclient, a fresh
kernel on this interpreter, in a scratch folder): baseline, the optimal plan, three
what-ifs, a strategy comparison with a Python strategy, and the report. The
notebook's own asserts check its conclusions; here, that its figures and files exist."""
import json
import pathlib

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT

NOTEBOOK = ROOT / "examples" / "notebooks" / "policy_simulation.ipynb"


def test_policy_notebook_runs_top_to_bottom(tmp_path):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "commit the notebook without outputs"
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError, with the cell and the traceback, on any failing cell
    code = [c for c in nb.cells if c.cell_type == "code"]
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors
    pictures = sum(1 for c in code for o in c.outputs if "image/png" in o.get("data", {}))
    assert pictures == 3  # attainment, seat use, cost per year
    text = json.dumps([c.outputs for c in code], ensure_ascii=False)
    assert "knowledge_update_first" in text and "budget -20%" in text and "t3 deadline 2025→2027" in text
    report = tmp_path / "report.html"
    assert report.exists() and report.stat().st_size > 20000
    assert 'lang="vi"' in report.read_text(encoding="utf-8")
    for name in ("plan.csv", "attainment.csv", "summary.json", "report.html"):
        assert (tmp_path / "out" / name).exists(), name
