"""The self-contained HTML report, from Python and from the `cadreplan` command that
`pip install .` put beside the interpreter, opened in headless Chromium (Debian's
`chromium`, installed by scripts/install-deps.sh): every chart is laid out with a
non-zero size and holds drawn marks, and a screenshot shows the charts' colours."""
import json
import os
import re
import shutil
import subprocess
import sys

import numpy as np
import pytest

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                  "--no-first-run", "--disable-extensions", "--mute-audio"]

# Measures every chart once the page is laid out; --dump-dom then prints the result.
PROBE = """<script>
window.addEventListener('load', () => {
  const charts = [...document.querySelectorAll('svg.chart')].map(s => {
    const r = s.getBoundingClientRect();
    const marks = [...s.querySelectorAll('polyline.planned, rect.used, rect.seats, rect.spent, path.required')];
    const drawn = marks.filter(m => { const b = m.getBBox(); return b.width > 0 || b.height > 0; }).length;
    return {chart: s.dataset.chart, key: s.dataset.key || '', width: r.width, height: r.height, drawn: drawn};
  });
  document.body.setAttribute('data-probe', JSON.stringify(charts));
});
</script>"""


@pytest.fixture(scope="module")
def chromium():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("chromium is not installed (scripts/install-deps.sh installs Debian's chromium)")
    return path


def venv_command():
    """The `cadreplan` command installed by pip into this interpreter's environment."""
    return os.path.join(os.path.dirname(sys.executable), "cadreplan")


def run_chromium(chromium, args, tmp_path):
    profile = tmp_path / "chromium-profile"
    proc = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args], capture_output=True,
                          text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def probe(chromium, html_path, tmp_path):
    text = html_path.read_text(encoding="utf-8")
    probed = tmp_path / ("probed-" + html_path.name)
    probed.write_text(text.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    dom = run_chromium(chromium, ["--virtual-time-budget=5000", "--dump-dom", probed.as_uri()], tmp_path)
    m = re.search(r'data-probe="([^"]*)"', dom)
    assert m, "the page did not finish loading in chromium"
    return json.loads(m.group(1).replace("&quot;", '"').replace("&amp;", "&"))


def assert_self_contained(html):
    # Nothing is fetched: no external src/href, no url(), no script of its own.
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', html)
    assert "url(" not in html and "<script" not in html and "<link" not in html


def test_python_report_opens_in_chromium_with_every_chart_drawn(cp, hagiang, optimal_result, chromium, tmp_path):
    path = tmp_path / "report.html"
    html = optimal_result.to_html(path, lang="vi")
    assert path.read_text(encoding="utf-8") == html
    assert_self_contained(html)
    assert 'lang="vi"' in html and "Chi phí theo năm" in html  # Vietnamese labels
    charts = probe(chromium, path, tmp_path)
    kinds = [c["chart"] for c in charts]
    assert kinds.count("attainment") == len(hagiang.target_ids)
    assert kinds.count("seats") == len(hagiang.program_ids)
    assert kinds.count("cost") == 1
    for c in charts:
        assert c["width"] > 50 and c["height"] > 50, c
    # Attainment: the planned line of every target; seats: bars where the plan uses seats; cost: spent bars.
    assert all(c["drawn"] > 0 for c in charts if c["chart"] in ("attainment", "cost")), charts
    used = {k for k in optimal_result.plan["program_id"]}
    for c in charts:
        if c["chart"] == "seats" and c["key"] in used:
            assert c["drawn"] > 0, c

    shot = tmp_path / "report.png"
    run_chromium(chromium, ["--window-size=1200,2600", f"--screenshot={shot}", path.as_uri()], tmp_path)
    from PIL import Image

    img = np.asarray(Image.open(shot).convert("RGB")).astype(int)
    assert img.shape[0] >= 2000 and img.shape[1] >= 1000
    assert img.std() > 10, "the screenshot is blank"

    def pixels(hex_colour, tol=12):
        rgb = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])
        return int((np.abs(img - rgb).max(axis=2) <= tol).sum())

    assert pixels("#1f77b4") > 500  # planned attainment lines
    assert pixels("#d62728") > 50  # required checkpoints
    assert pixels("#2171b5") > 500  # seats used
    assert pixels("#31a354") > 500  # spending per year


def test_the_installed_command_writes_the_same_report(cp, hagiang, optimal_result, chromium, tmp_path):
    cmd = venv_command()
    assert os.access(cmd, os.X_OK), f"pip install . did not put the cadreplan command at {cmd}"
    out = tmp_path / "cli"
    report = tmp_path / "cli-report.html"
    proc = subprocess.run([cmd, "plan", "--threads", "1", "--out", str(out), "--report", str(report), "--lang", "en",
                           "--no-explain", "--quiet"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (summary["S"], summary["C"]) == (optimal_result.S, optimal_result.C)
    html = report.read_text(encoding="utf-8")
    assert_self_contained(html)
    assert 'lang="en"' in html and "Cost per year" in html
    # The same implementation: the same page from Python, but for the timing.
    mine = optimal_result.to_html(lang="en", explain=False)
    assert len(re.findall("<svg", html)) == len(re.findall("<svg", mine)) == 20
    assert re.findall(r'<polyline class="planned"[^>]*>', html) == re.findall(r'<polyline class="planned"[^>]*>', mine)
    charts = probe(chromium, report, tmp_path)
    assert len(charts) == 20 and all(c["width"] > 50 and c["height"] > 50 for c in charts)
