"""Generate a synthetic `cadreplan/1` scenario of a given size (for timing the MIP).

    python tests/reference/gen_tiny.py N OUTDIR [--seed S]

writes OUTDIR/scenario.yaml and OUTDIR/roster.csv: N cadres, 8 programs, a
9-year horizon (2022-2030), seats and budget scaled with N.  With the default
--budget-factor 2 the seats bind and the budget mostly does not; with 1 the
budget binds in every year, which makes the cost phase much harder.
"""
from __future__ import annotations

import argparse
import csv
import os
import random

YAML = """format: cadreplan/1
name: "Synthetic {n} cadres"
horizon: {{start: 2022, end: 2030}}
ladders:
  professional: [none, intermediate, college, university, master]
  political_theory: [none, elementary, intermediate, advanced]
credentials:
  knowledge_update: {{valid_years: 5}}
  international: {{}}
retirement_age: {{male: 62, female: 60}}
max_concurrent_programs: {conc}
min_service_years_after: 1
budget: {{default: {budget}, 2022: {budget0}}}
groups:
  commune: {{tier: [commune]}}
  district: {{tier: [district]}}
  btv: {{flags: [btv_managed]}}
  young: {{max_age: 40}}
  all: {{}}
programs:
  - id: college
    name: "Cao đẳng"
    grants: {{ladder: professional, level: college}}
    requires: {{professional: intermediate}}
    eligible: {{max_age: 50}}
    duration_years: 2
    seats: {seats_big}
    cost_per_year: 10
  - id: univ_inservice
    name: "Đại học vừa làm vừa học"
    grants: {{ladder: professional, level: university}}
    requires: {{professional: college}}
    eligible: {{tier: [district, commune], max_age: 50}}
    duration_years: 2
    seats: {{default: {seats_big}, 2023: {seats_big2}}}
    cost_per_year: 25
  - id: master
    name: "Thạc sĩ"
    grants: {{ladder: professional, level: master}}
    requires: {{professional: university}}
    eligible: {{max_age: 45}}
    duration_years: 2
    seats: {seats_small}
    cost_per_year: 40
  - id: pol_elementary
    name: "Sơ cấp lý luận chính trị"
    grants: {{ladder: political_theory, level: elementary}}
    duration_years: 1
    seats: {seats_big}
    cost_per_year: 2
  - id: pol_intermediate
    name: "Trung cấp lý luận chính trị"
    grants: {{ladder: political_theory, level: intermediate}}
    requires: {{political_theory: elementary}}
    duration_years: 1
    seats: {seats_big}
    cost_per_year: 8
  - id: pol_advanced
    name: "Cao cấp lý luận chính trị"
    grants: {{ladder: political_theory, level: advanced}}
    requires: {{political_theory: intermediate, professional: university}}
    eligible: {{flags: [btv_managed]}}
    duration_years: 1
    seats: {seats_small}
    cost_per_year: 15
  - id: knowledge_update
    name: "Bồi dưỡng cập nhật kiến thức"
    grants: {{credential: knowledge_update}}
    duration_years: 1
    seats: {seats_big}
    cost_per_year: 3
  - id: international
    name: "Hội nhập quốc tế"
    grants: {{credential: international}}
    eligible: {{tier: [province, district]}}
    duration_years: 1
    seats: {seats_small}
    cost_per_year: 12
targets:
  - id: commune_university
    group: commune
    ladder: professional
    at_least: university
    checkpoints: {{2025: 0.60, 2030: 0.90}}
  - id: district_university
    group: district
    ladder: professional
    at_least: university
    checkpoints: {{2026: 0.85, 2030: 1.00}}
    weight: 2
  - id: btv_advanced
    group: btv
    ladder: political_theory
    at_least: advanced
    checkpoints: {{2027: 0.5, 2030: 0.95}}
    weight: 3
  - id: all_intermediate_pol
    group: all
    ladder: political_theory
    at_least: intermediate
    checkpoints: {{2028: 0.7}}
  - id: knowledge
    group: all
    credential: knowledge_update
    checkpoints: {{2025: 0.8, 2030: 0.8}}
  - id: young_master
    group: young
    ladder: professional
    at_least: master
    checkpoints: {{2030: 0.15}}
  - id: district_international
    group: district
    credential: international
    checkpoints: {{2029: 0.3}}
roster: roster.csv
"""


def generate(n: int, out_dir: str, seed: int = 1, max_concurrent: int = 1,
             budget_factor: float = 2.0, seats_factor: float = 1.0) -> str:
    rng = random.Random(seed)
    os.makedirs(out_dir, exist_ok=True)
    scale = max(1, n // 20)
    text = YAML.format(n=n, conc=max_concurrent,
                       budget=int(60 * scale * budget_factor), budget0=int(40 * scale * budget_factor),
                       seats_big=int(3 * scale * seats_factor), seats_big2=int(4 * scale * seats_factor),
                       seats_small=max(1, int(scale * seats_factor)))
    path = os.path.join(out_dir, "scenario.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    prof = ["", "intermediate", "college", "university", "master"]
    pol = ["", "elementary", "intermediate", "advanced"]
    with open(os.path.join(out_dir, "roster.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "birth_year", "sex", "tier", "flags", "professional",
                    "political_theory", "knowledge_update", "international"])
        for i in range(n):
            sex = rng.choice(["male", "female"])
            birth = rng.randint(1963, 2000)
            tier = rng.choices(["province", "district", "commune"], [1, 3, 6])[0]
            flags = "btv_managed" if rng.random() < 0.1 else ""
            if rng.random() < 0.05:
                flags = (flags + ";" if flags else "") + "đảng_ủy"
            pl = prof[rng.choices(range(5), [1, 4, 3, 4, 1])[0]]
            pt = pol[rng.choices(range(4), [3, 3, 3, 1])[0]]
            ku = "" if rng.random() < 0.5 else str(rng.randint(2016, 2021))
            it = "" if rng.random() < 0.8 else str(rng.randint(2010, 2021))
            w.writerow([f"C{i:05d}", birth, sex, tier, flags, pl, pt, ku, it])
    return path


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--max-concurrent", type=int, default=1)
    ap.add_argument("--budget-factor", type=float, default=2.0,
                    help="1.0 makes the budget bind every year (a much harder MIP)")
    ap.add_argument("--seats-factor", type=float, default=1.0)
    a = ap.parse_args()
    print(generate(a.n, a.out, a.seed, a.max_concurrent, a.budget_factor, a.seats_factor))
