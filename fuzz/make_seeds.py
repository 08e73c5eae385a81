#!/usr/bin/env python3
"""Writes the fuzzers' seed corpus, fuzz/corpus/{scenario,roster,plan}/.

    python3 fuzz/make_seeds.py path/to/cadreplan

Seeds are valid and broken inputs that reach every part of the readers:
- scenario: every case of the bad-input corpus (tests/data/bad/) and a few
  generated scenarios and hagiang-2022 (its roster cut to 15 rows), each as
  the scenario YAML, a NUL byte, and its roster CSV (see fuzz_scenario.cpp);
- roster: rosters for the fixed scenario of fuzz_roster.cpp (generate
  --cadres 30 --seed 7 --years 6) and variants (BOM, CRLF, quotes, few rows);
- plan: plans of every strategy for the fixed scenario of fuzz_plan.cpp and
  variants, and every plan of the bad-input corpus.
The folders are committed; run this again after changing a fixed scenario.
"""
import hashlib
import pathlib
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
OUT = ROOT / "fuzz" / "corpus"
BAD = ROOT / "tests" / "data" / "bad"
MAX = 16384  # the -max_len of scripts/fuzz.sh


def put(kind, data):
    if len(data) > MAX:
        return
    d = OUT / kind
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


def variants(csv):
    lines = csv.split(b"\n")
    yield csv
    yield b"\n".join(lines[:6]) + b"\n"
    yield b"\xef\xbb\xbf" + csv.replace(b"\n", b"\r\n")
    yield lines[0] + b"\n"
    yield b"\n".join(b",".join(b'"' + f + b'"' for f in line.split(b",")) if line else line for line in lines[:8])


def main():
    cli = sys.argv[1]
    run = lambda *a: subprocess.run([cli, *map(str, a)], check=True, capture_output=True)
    shutil.rmtree(OUT, ignore_errors=True)
    # Scenario seeds from the bad-input corpus.
    for case in sorted(BAD.iterdir()):
        y = case / "scenario.yaml"
        if not y.is_file():
            continue
        data = y.read_bytes()
        r = case / "roster.csv"
        if r.is_file():
            data += b"\0" + r.read_bytes()
        put("scenario", data)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        for i, opts in enumerate([["--cadres", 12, "--seed", 1], ["--cadres", 12, "--seed", 2, "--years", 3],
                                  ["--cadres", 10, "--seed", 3, "--max-concurrent", 2, "--min-service", 1],
                                  ["--cadres", 10, "--seed", 4, "--budget-scale", 0]]):
            d = tmp / f"g{i}"
            run("generate", d, *opts)
            put("scenario", (d / "scenario.yaml").read_bytes() + b"\0" + (d / "roster.csv").read_bytes())
        run("export-scenario", "hagiang-2022", tmp / "hg")
        rows = (tmp / "hg" / "roster.csv").read_bytes().split(b"\n")[:16]
        put("scenario", (tmp / "hg" / "scenario.yaml").read_bytes() + b"\0" + b"\n".join(rows) + b"\n")
        # Roster seeds for fuzz_roster's scenario.
        run("generate", tmp / "r", "--cadres", 30, "--seed", 7, "--years", 6)
        for v in variants((tmp / "r" / "roster.csv").read_bytes()):
            put("roster", v)
        # Plan seeds for fuzz_plan's scenario.
        p = tmp / "p"
        run("generate", p, "--cadres", 40, "--seed", 3, "--years", 6, "--max-concurrent", 2, "--min-service", 1,
            "--budget-scale", 0.5)
        for s in ("greedy", "flow", "optimal"):
            run("plan", p / "scenario.yaml", "--strategy", s, "--out", tmp / s, "--no-explain", "--quiet", "--time-limit", 20)
            for v in variants((tmp / s / "plan.csv").read_bytes()):
                put("plan", v)
        reordered = b"start_year,program_id,cadre_id\n" + b"".join(
            b",".join(reversed(line.split(b","))) + b"\n" for line in (tmp / "greedy" / "plan.csv").read_bytes().split(b"\n")[1:] if line)
        put("plan", reordered)
    for case in sorted(BAD.iterdir()):
        f = case / "plan.csv"
        if f.is_file():
            put("plan", f.read_bytes())
    for kind in ("scenario", "roster", "plan"):
        print(kind, len(list((OUT / kind).iterdir())))


if __name__ == "__main__":
    main()
