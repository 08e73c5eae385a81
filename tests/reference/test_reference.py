"""Hand-computed tests of the reference checker (check.py) and MIP (highs_mip.py).

Every expected number below is worked out by hand in the comment next to it,
from SCENARIO-FORMAT.md alone, never by running the code.

Run:  python -m pytest tests/reference -q
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from contract import ScenarioError, load_plan, load_scenario  # noqa: E402
from check import check, required_count  # noqa: E402
from decimal import Decimal  # noqa: E402

ROSTER_HEADER = "id,birth_year,sex,tier,flags,prof,ku"

# A small base scenario used by most checker tests.  Horizon 2022-2026.
#   prof ladder: none < college < university
#   ku credential: valid 3 years
#   col: grants college, 2 years, 10/yr  -> C contribution 20
#   uni: grants university, requires college, 2 years, 20/yr -> 40
#   kup: grants ku, 1 year, 1/yr -> 1
BASE = """
format: cadreplan/1
name: "Thử nghiệm — Hà Giang"
horizon: {{start: 2022, end: 2026}}
ladders:
  prof: [none, college, university]
credentials:
  ku: {{valid_years: 3}}
retirement_age: {{male: 62, female: 60}}
{extra}
groups:
  all: {{}}
  commune: {{tier: [commune]}}
  young: {{max_age: 35}}
programs:
  - id: col
    name: "Cao đẳng"
    grants: {{ladder: prof, level: college}}
    duration_years: 2
    seats: {col_seats}
    cost_per_year: 10
  - id: uni
    grants: {{ladder: prof, level: university}}
    requires: {{prof: college}}
    duration_years: 2
    seats: 5
    cost_per_year: 20
  - id: kup
    grants: {{credential: ku}}
    duration_years: 1
    seats: {kup_seats}
    cost_per_year: 1
{more_programs}
targets:
{targets}
roster: roster.csv
"""


def write_case(tmp_path, roster_rows, plan_rows=(), extra="", targets="  []",
               col_seats="5", kup_seats="5", more_programs="", header=ROSTER_HEADER,
               yaml_text=None):
    text = yaml_text if yaml_text is not None else BASE.format(
        extra=extra, targets=targets, col_seats=col_seats, kup_seats=kup_seats,
        more_programs=more_programs)
    if targets.strip() == "[]" and yaml_text is None:
        text = text.replace("targets:\n  []", "targets: []")
    (tmp_path / "scenario.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    (tmp_path / "roster.csv").write_text(
        header + "\n" + "".join(r + "\n" for r in roster_rows), encoding="utf-8")
    (tmp_path / "plan.csv").write_text(
        "cadre_id,program_id,start_year\n" + "".join(r + "\n" for r in plan_rows),
        encoding="utf-8")
    return str(tmp_path / "scenario.yaml"), str(tmp_path / "plan.csv")


def run_check(tmp_path, roster_rows, plan_rows=(), **kw):
    sp, pp = write_case(tmp_path, roster_rows, plan_rows, **kw)
    return check(load_scenario(sp), load_plan(pp))


def rules(res):
    return sorted(v["rule"] for v in res["violations"])


def viol_rows(res, rule):
    return sorted(v["enrollment"] for v in res["violations"] if v["rule"] == rule)


# A 40-year-old commune woman (born 1982) at prof "none": active until 2041.
A = "A,1982,female,commune,,,"


# --------------------------------------------------------------------------
# Rules 1-9
# --------------------------------------------------------------------------
def test_valid_empty_plan(tmp_path):
    res = run_check(tmp_path, [A])
    assert res["valid"] and res["violations"] == [] and res["S"] == 0 and res["C"] == 0


def test_rule1_horizon(tmp_path):
    # row 0: col 2021 -> starts before 2022                    -> rule 1
    # row 1: col 2026 -> e = 2026+2-1 = 2027 > 2026            -> rule 1
    # row 2: kup 2026 -> e = 2026, inside                       -> ok
    # (rows 0 and 1 overlap nothing else relevant: 2021-22 and 2026-27; row 2
    #  occupies 2026 together with row 1 -> rule 7 count 2 in 2026 as well)
    res = run_check(tmp_path, [A], ["A,col,2021", "A,col,2026", "A,kup,2026"])
    assert viol_rows(res, 1) == [0, 1]
    assert 7 in rules(res)
    assert not res["valid"]


def test_rule1_last_possible_start(tmp_path):
    # col 2025 -> e = 2026 = end: valid.  C = 10*2 = 20.
    res = run_check(tmp_path, [A], ["A,col,2025"])
    assert res["valid"] and res["C"] == 20


def test_rule2_retirement(tmp_path):
    # R: female born 1965, retires at 60: active iff y - 1965 < 60 iff y <= 2024.
    # row 0: col 2023 -> occupies 2023-2024, active through 2024 -> ok
    # S: male born 1963, active iff y - 1963 < 62 iff y <= 2024.
    # row 1: col 2024 -> occupies 2024-2025; 2025 age 62 -> rule 2
    res = run_check(tmp_path, ["R,1965,female,commune,,,", "S,1963,male,commune,,,"],
                    ["R,col,2023", "S,col,2024"])
    assert rules(res) == [2]
    assert viol_rows(res, 2) == [1]


def test_rule2_min_service_after(tmp_path):
    # min_service_years_after: 1 -> R (active through 2024) must serve through e+1.
    # row 0: col 2022 -> e = 2023, must be active through 2024 -> ok
    # row 1: kup 2024 -> e = 2024, must be active through 2025 -> rule 2
    # (rows occupy 2022-23 and 2024: no overlap)
    res = run_check(tmp_path, ["R,1965,female,commune,,,"], ["R,col,2022", "R,kup,2024"],
                    extra="min_service_years_after: 1")
    assert rules(res) == [2] and viol_rows(res, 2) == [1]


def test_rule2_program_override_of_min_service(tmp_path):
    # Scenario-level 2 years, but program kup2 overrides with 0 (C++ extension):
    # R active through 2024.
    # row 0: kup2 2024 -> must serve through 2024 + 0 -> ok
    # row 1: kup 2022 -> e = 2022, must serve through 2024 -> ok
    # row 2: kup 2023 -> e = 2023, must serve through 2025 -> rule 2
    more = """  - id: kup2
    grants: {credential: ku}
    duration_years: 1
    seats: 5
    cost_per_year: 1
    min_service_years_after: 0"""
    res = run_check(tmp_path, ["R,1965,female,commune,,,"],
                    ["R,kup2,2024", "R,kup,2022", "R,kup,2023"],
                    extra="min_service_years_after: 2", more_programs=more)
    assert rules(res) == [2] and viol_rows(res, 2) == [2]


def test_rule3_eligibility_selectors(tmp_path):
    # e1: {max_age: 40, tier: [district, commune], sex: [female], flags: [a, b]}
    # E: female born 1983, commune, flags a;b.  age 2023 = 40 ok; 2024 = 41 too old.
    # F: same but flags "a" only -> lacks b.
    # G: same but male.
    # H: same but tier province.
    # row 0: E 2023 ok; row 1: E 2024 (age 41) rule 3; row 2: F 2023 rule 3;
    # row 3: G 2022 rule 3; row 4: H 2022 rule 3.
    more = """  - id: e1
    grants: {credential: ku}
    eligible: {max_age: 40, min_age: 30, tier: [district, commune], sex: [female], flags: [a, b]}
    duration_years: 1
    seats: 9
    cost_per_year: 1"""
    roster = ["E,1983,female,commune,a;b,,", "F,1983,female,commune,a,,",
              "G,1983,male,commune,a;b,,", "H,1983,female,province,b;a,,"]
    res = run_check(tmp_path, roster, ["E,e1,2023", "E,e1,2024", "F,e1,2023",
                                       "G,e1,2022", "H,e1,2022"],
                    extra="max_concurrent_programs: 3", more_programs=more)
    assert rules(res) == [3, 3, 3, 3]
    assert viol_rows(res, 3) == [1, 2, 3, 4]


def test_rule3_min_age(tmp_path):
    # min_age 30: K born 1993 -> age 2022 = 29 (rule 3), 2023 = 30 ok.
    more = """  - id: e2
    grants: {credential: ku}
    eligible: {min_age: 30}
    duration_years: 1
    seats: 9
    cost_per_year: 1"""
    res = run_check(tmp_path, ["K,1993,male,commune,,,"], ["K,e2,2022", "K,e2,2023"],
                    more_programs=more)
    assert rules(res) == [3] and viol_rows(res, 3) == [0]


def test_rule4_requires_completed_before_start(tmp_path):
    # A at none: col 2022 completes end of 2023.
    # row 1: uni 2023 -> level at start of 2023 = none (col completes 2023 > 2022) -> rule 4
    #   (also rule 7: 2023 occupied by col and uni)
    # B: same roster; col 2022, uni 2024 -> level at start of 2024 = college -> ok
    # D at college in roster: uni 2022 ok.
    res = run_check(tmp_path, [A, "B,1982,female,commune,,,", "D,1982,male,commune,,college,"],
                    ["A,col,2022", "A,uni,2023", "B,col,2022", "B,uni,2024", "D,uni,2022"])
    assert viol_rows(res, 4) == [1]
    assert sorted(set(rules(res))) == [4, 7]


def test_rule5_no_enrollment_that_cannot_raise(tmp_path):
    # D at college in roster: col 2022 -> level college >= college -> rule 5
    # U at university: col 2022 -> university >= college -> rule 5 (never lowered)
    # A at none: col 2022 (ends 2023) then col 2024 -> college at start 2024 -> rule 5
    res = run_check(tmp_path, ["D,1982,male,commune,,college,", "U,1982,male,commune,,university,", A],
                    ["D,col,2022", "U,col,2022", "A,col,2022", "A,col,2024"])
    assert rules(res) == [5, 5, 5]
    assert viol_rows(res, 5) == [0, 1, 3]


def test_rule6_unknown_cadre_or_program(tmp_path):
    res = run_check(tmp_path, [A], ["X,col,2022", "A,nope,2022", "A,kup,2022"])
    assert rules(res) == [6, 6]
    assert viol_rows(res, 6) == [0, 1]
    # The unknown ones cost nothing: C = kup 1*1 = 1.
    assert res["C"] == 1


def test_rule7_max_concurrent_1(tmp_path):
    # col 2022 occupies 2022-2023; kup 2023 occupies 2023 -> 2 programs in 2023 > 1.
    res = run_check(tmp_path, [A], ["A,col,2022", "A,kup,2023"])
    assert rules(res) == [7]
    v = res["violations"][0]
    assert v["cadre"] == "A" and v["year"] == 2023 and v["count"] == 2


def test_rule7_max_concurrent_2(tmp_path):
    # Same plan with max 2: valid.  With a third overlapping one (e3 2023) -> 3 > 2.
    res = run_check(tmp_path, [A], ["A,col,2022", "A,kup,2023"], extra="max_concurrent_programs: 2")
    assert res["valid"]
    more = """  - id: e3
    grants: {credential: ku}
    duration_years: 1
    seats: 5
    cost_per_year: 1"""
    res = run_check(tmp_path, [A], ["A,col,2022", "A,kup,2023", "A,e3,2023"],
                    extra="max_concurrent_programs: 2", more_programs=more)
    assert rules(res) == [7] and res["violations"][0]["count"] == 3


def test_rule8_seats_map(tmp_path):
    # kup seats {default: 1, 2023: 2}: two starts in 2022 (>1) -> rule 8 (2022);
    # two starts in 2023 (<=2) ok.
    roster = [A, "B,1982,female,commune,,,"]
    res = run_check(tmp_path, roster, ["A,kup,2022", "B,kup,2022", "A,kup,2023", "B,kup,2023"],
                    kup_seats="{default: 1, 2023: 2}")
    assert rules(res) == [8]
    v = res["violations"][0]
    assert v["program"] == "kup" and v["year"] == 2022 and v["count"] == 2


def test_rule8_seats_map_without_default_is_zero(tmp_path):
    # kup seats {2022: 1}: 2022 has 1 seat; 2024 is not named and there is no
    # default -> 0 seats -> the 2024 start breaks rule 8.
    res = run_check(tmp_path, [A], ["A,kup,2022", "A,kup,2024"], kup_seats="{2022: 1}")
    assert rules(res) == [8] and res["violations"][0]["year"] == 2024


def test_rule9_budget_binding(tmp_path):
    # budget {default: 30, 2022: 10}.  A and B both col 2022 -> 2022 spend 20 > 10
    # (rule 9 in 2022); 2023 spend 20 <= 30 ok.
    roster = [A, "B,1982,female,commune,,,"]
    res = run_check(tmp_path, roster, ["A,col,2022", "B,col,2022"], extra="budget: {default: 30, 2022: 10}")
    assert rules(res) == [9]
    v = res["violations"][0]
    assert v["year"] == 2022 and v["cost"] == 20 and v["budget"] == 10
    # Exactly at the cap is fine: A col 2022 (10 in 2022, 10 in 2023) -> valid.
    res = run_check(tmp_path, roster, ["A,col,2022"], extra="budget: {default: 30, 2022: 10}")
    assert res["valid"]


def test_rule9_budget_number_and_unnamed_year(tmp_path):
    roster = [A, "B,1982,female,commune,,,"]
    # budget: 15 every year -> two col in 2022 = 20 > 15 in 2022 and 2023.
    res = run_check(tmp_path, roster, ["A,col,2022", "B,col,2022"], extra="budget: 15")
    assert [v["year"] for v in res["violations"]] == [2022, 2023]
    # budget map without default: {2023: 15} -> 2022 uncapped, 2023 capped -> only 2023.
    res = run_check(tmp_path, roster, ["A,col,2022", "B,col,2022"], extra="budget: {2023: 15}")
    assert [v["year"] for v in res["violations"]] == [2023]


# --------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------
def test_required_ceil_exact():
    # 0.9 * 1977 = 1779.3 -> 1780 ; 0.07 * 100 = 7 exactly -> 7 (float would give 8)
    assert required_count(Decimal("0.9"), 1977) == 1780
    assert required_count(Decimal("0.07"), 100) == 7
    assert required_count(Decimal("0.5"), 3) == 2      # 1.5 -> 2
    assert required_count(Decimal("1.00"), 0) == 0
    assert required_count(Decimal("0"), 5) == 0


def test_ceil_through_yaml(tmp_path):
    # 1977 cadres, nobody has ku and no plan: achieved 0.
    # 0.90 * 1977 -> 1780 ; 0.07 * 1977 = 138.39 -> 139.
    # 100 of them are commune (the rest district): 0.07 * 100 = 7.
    roster = [f"C{i},1980,male,{'commune' if i < 100 else 'district'},,," for i in range(1977)]
    targets = """  - id: t1
    group: all
    credential: ku
    checkpoints: {2025: 0.90, 2026: 0.07}
  - id: t2
    group: commune
    credential: ku
    checkpoints: {2025: 0.07}"""
    res = run_check(tmp_path, roster, targets=targets)
    got = [(c["target"], c["year"], c["n"], c["required"], c["shortfall"]) for c in res["checkpoints"]]
    assert got == [("t1", 2025, 1977, 1780, 1780), ("t1", 2026, 1977, 139, 139),
                   ("t2", 2025, 100, 7, 7)]
    # S = 1780 + 139 + 7 = 1926
    assert res["S"] == 1926


def test_credential_expiry(tmp_path):
    # ku valid 3.  P: roster completion 2020.  Q: never; plan kup 2023 (e = 2023).
    # Checkpoints 2022, 2023, 2025, 2026 (share 1.0 each, group all = {P, Q}, n = 2):
    #  2022: P 2022-2020=2<3 yes; Q none (2023 > 2022)          -> achieved 1, sf 1
    #  2023: P 3 not<3 no; Q 2023-2023=0 yes                      -> 1, sf 1
    #  2025: P no; Q 2 < 3 yes                                    -> 1, sf 1
    #  2026: P no; Q 3 not < 3 no                                 -> 0, sf 2
    # S = 1+1+1+2 = 5; C = 1.
    targets = """  - id: k
    group: all
    credential: ku
    checkpoints: {2022: 1.0, 2023: 1.0, 2025: 1.0, 2026: 1.0}"""
    res = run_check(tmp_path, ["P,1980,male,commune,,,2020", "Q,1980,male,commune,,,"],
                    ["Q,kup,2023"], targets=targets)
    assert res["valid"]
    assert [c["achieved"] for c in res["checkpoints"]] == [1, 1, 1, 0]
    assert res["S"] == 5 and res["C"] == 1


def test_credential_forever_and_future_roster_year(tmp_path):
    # cred `intl` with no valid_years: roster 2001 still counts in 2030.
    # `ku` roster 2024 (after checkpoint 2022): z <= Y fails -> not achieved in 2022,
    # achieved in 2024 (0 < 3).
    text = BASE.format(extra="", col_seats=5, kup_seats=5, more_programs="", targets="""  - id: i
    group: all
    credential: intl
    checkpoints: {2030: 1.0}
  - id: k
    group: all
    credential: ku
    checkpoints: {2022: 1.0, 2024: 1.0}""").replace("ku: {valid_years: 3}", "ku: {valid_years: 3}\n  intl: {}")
    res = run_check(tmp_path, ["P,1980,male,commune,,,2024,2001"], yaml_text=text,
                    header=ROSTER_HEADER + ",intl")
    assert [c["achieved"] for c in res["checkpoints"]] == [1, 0, 1]


def test_retirement_in_checkpoint_year(tmp_path):
    # M: male born 1962: active iff Y - 1962 < 62 iff Y <= 2023.
    # N: female born 1990.  Target all, college, share 1.0, checkpoints 2023 and 2024.
    #  2023: group {M, N}, n=2, nobody college -> required 2, sf 2
    #  2024: M is 62 = retirement age -> not active -> group {N}, n=1, sf 1
    targets = """  - id: t
    group: all
    ladder: prof
    at_least: college
    checkpoints: {2023: 1.0, 2024: 1.0}"""
    res = run_check(tmp_path, ["M,1962,male,commune,,,", "N,1990,female,commune,,,"], targets=targets)
    assert [(c["n"], c["required"], c["shortfall"]) for c in res["checkpoints"]] == [(2, 2, 2), (1, 1, 1)]
    assert res["S"] == 3


def test_age_dependent_group_and_overlapping_groups(tmp_path):
    # young = max_age 35.  Y1 born 1990 (35 in 2025, 36 in 2026), Y2 born 1995,
    # O born 1970 (district).  Y1, Y2 commune.
    # Plan: Y1 col 2022 (college from end of 2023).
    # target ty (young, college, 2025 and 2026, share 1.0):
    #   2025: group {Y1, Y2} n=2, achieved Y1 -> 1, sf 1
    #   2026: Y1 is 36 -> group {Y2}, n=1, achieved 0, sf 1
    # target tc (commune, college, 2025: 0.5, weight 2): group {Y1, Y2} n=2,
    #   required ceil(1.0) = 1, achieved 1 (Y1 counts in both groups) -> sf 0
    # target ta (all, college, 2025: 0.5): n=3, required ceil(1.5)=2, achieved 1 -> sf 1
    # S = 1 + 1 + 2*0 + 1 = 3 ; C = 20
    targets = """  - id: ty
    group: young
    ladder: prof
    at_least: college
    checkpoints: {2025: 1.0, 2026: 1.0}
  - id: tc
    group: commune
    ladder: prof
    at_least: college
    checkpoints: {2025: 0.5}
    weight: 2
  - id: ta
    group: all
    ladder: prof
    at_least: college
    checkpoints: {2025: 0.5}"""
    res = run_check(tmp_path, ["Y1,1990,male,commune,,,", "Y2,1995,female,commune,,,",
                               "O,1970,male,district,,,"], ["Y1,col,2022"], targets=targets)
    got = [(c["target"], c["year"], c["n"], c["required"], c["achieved"], c["shortfall"])
           for c in res["checkpoints"]]
    assert got == [("ty", 2025, 2, 2, 1, 1), ("ty", 2026, 1, 1, 0, 1),
                   ("tc", 2025, 2, 1, 1, 0), ("ta", 2025, 3, 2, 1, 1)]
    assert res["S"] == 3 and res["C"] == 20


def test_chain_of_two_programs_levels_at_end_of_year(tmp_path):
    # A: col 2022 (ends 2023) then uni 2024 (ends 2025).
    # target university share 1.0 at 2024 and 2025; target college at 2023.
    #  uni 2024: A is college only -> sf 1 ; uni 2025: university -> sf 0
    #  college 2023: col completes at the END of 2023 -> counts -> sf 0
    # S = 1, C = 20 + 40 = 60
    targets = """  - id: u
    group: all
    ladder: prof
    at_least: university
    checkpoints: {2024: 1.0, 2025: 1.0}
  - id: c
    group: all
    ladder: prof
    at_least: college
    checkpoints: {2023: 1.0}"""
    res = run_check(tmp_path, [A], ["A,col,2022", "A,uni,2024"], targets=targets)
    assert res["valid"]
    assert [c["shortfall"] for c in res["checkpoints"]] == [1, 0, 0]
    assert res["S"] == 1 and res["C"] == 60


def test_weighted_decimal_shares_and_weights(tmp_path):
    # 3 cadres, nobody college.  share 0.34 -> 1.02 -> 2 ; weight 1.5 -> S = 3.0 -> 3
    targets = """  - id: t
    group: all
    ladder: prof
    at_least: college
    checkpoints: {2022: 0.34}
    weight: 1.5"""
    res = run_check(tmp_path, [A, "B,1982,female,commune,,,", "D,1982,female,commune,,,"], targets=targets)
    assert res["checkpoints"][0]["required"] == 2
    assert res["S"] == 3


def test_json_scenario_and_utf8(tmp_path):
    # JSON is YAML: year keys are strings there.  Vietnamese ids round-trip.
    sc = {
        "format": "cadreplan/1", "name": "Hà Giang", "horizon": {"start": 2022, "end": 2023},
        "ladders": {"prof": ["none", "college"]}, "credentials": {},
        "retirement_age": {"male": 62, "female": 60},
        "budget": {"default": 100, "2022": 5},
        "groups": {"xã": {"tier": ["xã"]}},
        "programs": [{"id": "cao_đẳng", "grants": {"ladder": "prof", "level": "college"},
                      "duration_years": 1, "seats": {"2022": 1}, "cost_per_year": 5}],
        "targets": [{"id": "t", "group": "xã", "ladder": "prof", "at_least": "college",
                     "checkpoints": {"2022": 0.5, "2023": 1}}],
        "roster": "r.csv",
    }
    (tmp_path / "s.json").write_text(json.dumps(sc, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "r.csv").write_text("id,birth_year,sex,tier,flags,prof\nNguyễn Văn Á,1980,male,xã,,\n"
                                    "Trần Thị B,1985,female,xã,,\n", encoding="utf-8")
    (tmp_path / "p.csv").write_text("cadre_id,program_id,start_year\nNguyễn Văn Á,cao_đẳng,2022\n",
                                    encoding="utf-8")
    s = load_scenario(str(tmp_path / "s.json"))
    assert s.budget_cap(2022) == 5 and s.budget_cap(2023) == 100
    res = check(s, load_plan(str(tmp_path / "p.csv")))
    # 2022: n=2, ceil(1.0)=1, achieved 1 -> 0 ; 2023: required 2, achieved 1 -> 1
    assert res["valid"] and res["S"] == 1 and res["C"] == 5


def test_cli_prints_json(tmp_path):
    sp, pp = write_case(tmp_path, [A], ["A,col,2022"])
    out = subprocess.run([sys.executable, os.path.join(HERE, "check.py"), sp, pp],
                         capture_output=True, text=True, check=True)
    res = json.loads(out.stdout)
    assert res["valid"] and res["C"] == 20


def test_loader_keeps_share_text_exact(tmp_path):
    targets = """  - id: t
    group: all
    credential: ku
    checkpoints: {2025: 0.07, 2026: 0.90}"""
    sp, _ = write_case(tmp_path, [A], targets=targets)
    s = load_scenario(sp)
    assert s.targets[0].checkpoints == [(2025, Decimal("0.07")), (2026, Decimal("0.90"))]


def test_loader_rejects_bad_level(tmp_path):
    sp, _ = write_case(tmp_path, ["A,1982,female,commune,,phd,"])
    with pytest.raises(ScenarioError):
        load_scenario(sp)


# --------------------------------------------------------------------------
# The MIP: hand-computed optima (S, C)
# --------------------------------------------------------------------------
try:
    import highspy  # noqa: F401
    from highs_mip import solve
    HAVE_HIGHS = True
except ImportError:          # the checker tests above still run
    HAVE_HIGHS = False
needs_highs = pytest.mark.skipif(not HAVE_HIGHS, reason="highspy/numpy not installed")

MIP_BASE = """
format: cadreplan/1
name: mip
horizon: {{start: {start}, end: {end}}}
ladders:
  prof: [none, college, university, master]
credentials:
  ku: {{valid_years: 3}}
  ka: {{}}
  kb: {{}}
retirement_age: {{male: 62, female: 60}}
{extra}
groups:
  all: {{}}
programs:
{programs}
targets:
{targets}
roster: roster.csv
"""
MIP_HEADER = "id,birth_year,sex,tier,flags,prof,ku,ka,kb"


def mip(tmp_path, programs, targets, roster, start=2022, end=2024, extra=""):
    text = MIP_BASE.format(start=start, end=end, extra=extra,
                           programs=textwrap.dedent(programs).rstrip("\n"),
                           targets=textwrap.dedent(targets).rstrip("\n"))
    sp, _ = write_case(tmp_path, roster, header=MIP_HEADER, yaml_text=text)
    results = []
    for form in ("compact", "levels"):
        res = solve(sp, time_limit=60, out_dir=str(tmp_path / f"out_{form}"), formulation=form)
        assert res["valid"], res["violations"]
        assert res["phase1"]["status"] == "Optimal" and res["phase2"]["status"] == "Optimal"
        # the written plan re-checks to the same numbers
        again = check(load_scenario(sp), load_plan(str(tmp_path / f"out_{form}" / "plan.csv")))
        assert (again["S"], again["C"]) == (res["S"], res["C"])
        results.append(res)
    assert (results[0]["S"], results[0]["C"]) == (results[1]["S"], results[1]["C"])
    return results[0]


@needs_highs
def test_mip_infeasible_target_forces_shortfall(tmp_path):
    # col: 2 years, seats 1 per year, cost 10.  3 cadres at none; target college
    # share 1.0 at 2023.  Only a 2022 start completes by 2023 and 2022 has 1 seat ->
    # at most 1 achieved; required = 3 -> S = 2.  C = one col = 10*2 = 20
    # (a second col started 2023 would end 2024: useless for 2023, costs more).
    progs = """
      - id: col
        grants: {ladder: prof, level: college}
        duration_years: 2
        seats: 1
        cost_per_year: 10"""
    tg = """
      - id: t
        group: all
        ladder: prof
        at_least: college
        checkpoints: {2023: 1.0}"""
    r = ["A,1980,male,x,,,,,", "B,1980,male,x,,,,,", "C,1980,male,x,,,,,"]
    res = mip(tmp_path, progs, tg, r)
    assert (res["S"], res["C"]) == (2, 20)


@needs_highs
def test_mip_lexicographic_cost_phase(tmp_path):
    # cheap: grants college, 1 year, 5/yr, 1 seat/yr ; dear: same, 30/yr, 5 seats.
    # 2 cadres at none, target college share 1.0 at 2023 (horizon 2022-2024).
    # S = 0 is reachable many ways (e.g. dear+dear = 60); least cost: cheap in
    # 2022 for one and cheap in 2023 for the other -> C = 5 + 5 = 10.
    progs = """
      - id: cheap
        grants: {ladder: prof, level: college}
        duration_years: 1
        seats: 1
        cost_per_year: 5
      - id: dear
        grants: {ladder: prof, level: college}
        duration_years: 1
        seats: 5
        cost_per_year: 30"""
    tg = """
      - id: t
        group: all
        ladder: prof
        at_least: college
        checkpoints: {2023: 1.0}"""
    res = mip(tmp_path, progs, tg, ["A,1980,male,x,,,,,", "B,1980,male,x,,,,,"])
    assert (res["S"], res["C"]) == (0, 10)


@needs_highs
def test_mip_two_step_prerequisite_chain(tmp_path):
    # col (1y, 10) -> uni (requires college, 1y, 20) -> mas (requires university, 1y, 40)
    # Horizon 2022-2024, target master share 1.0 at 2024.
    # A at none: must do col 2022, uni 2023, mas 2024 (each needs the previous
    #   completed by the end of the year before) -> 10 + 20 + 40 = 70.
    # B at college: uni then mas -> 20 + 40 = 60.
    # Z at none but born 1963 male: active iff y <= 2024, still in the group in 2024
    #   (age 61); can also do the 3-step chain -> 70.
    # S = 0, C = 70 + 60 + 70 = 200.
    progs = """
      - id: col
        grants: {ladder: prof, level: college}
        duration_years: 1
        seats: 5
        cost_per_year: 10
      - id: uni
        grants: {ladder: prof, level: university}
        requires: {prof: college}
        duration_years: 1
        seats: 5
        cost_per_year: 20
      - id: mas
        grants: {ladder: prof, level: master}
        requires: {prof: university}
        duration_years: 1
        seats: 5
        cost_per_year: 40"""
    tg = """
      - id: t
        group: all
        ladder: prof
        at_least: master
        checkpoints: {2024: 1.0}"""
    r = ["A,1980,male,x,,,,,", "B,1980,male,x,,college,,,", "Z,1963,male,x,,,,,"]
    res = mip(tmp_path, progs, tg, r)
    assert (res["S"], res["C"]) == (0, 200)


@needs_highs
def test_mip_chain_too_long_for_horizon(tmp_path):
    # Same programs but 2-year col: A at none cannot reach master by 2024
    # (col 2022-23, uni 2024, mas >= 2025 outside horizon) -> shortfall 1.
    # B at college: uni 2022, mas 2023 (or uni 2022/2023 + mas by 2024) -> 60.
    # A's enrollments would not help: least C drops them.  S = 1, C = 60.
    progs = """
      - id: col
        grants: {ladder: prof, level: college}
        duration_years: 2
        seats: 5
        cost_per_year: 10
      - id: uni
        grants: {ladder: prof, level: university}
        requires: {prof: college}
        duration_years: 1
        seats: 5
        cost_per_year: 20
      - id: mas
        grants: {ladder: prof, level: master}
        requires: {prof: university}
        duration_years: 1
        seats: 5
        cost_per_year: 40"""
    tg = """
      - id: t
        group: all
        ladder: prof
        at_least: master
        checkpoints: {2024: 1.0}"""
    res = mip(tmp_path, progs, tg, ["A,1980,male,x,,,,,", "B,1980,male,x,,college,,,"])
    assert (res["S"], res["C"]) == (1, 60)


@needs_highs
def test_mip_binding_budget_weighted_choice(tmp_path):
    # One year (2022).  pa grants ka, cost 10 ; pb grants kb, cost 5.  Budget 10.
    # One cadre; target TA (ka, weight 3), TB (kb, weight 1), share 1.0 each.
    # Options: nothing S=4; pb only S=3 C=5; pa only S=1 C=10; both costs 15 > 10.
    # Optimum S = 1, C = 10.
    progs = """
      - id: pa
        grants: {credential: ka}
        duration_years: 1
        seats: 1
        cost_per_year: 10
      - id: pb
        grants: {credential: kb}
        duration_years: 1
        seats: 1
        cost_per_year: 5"""
    tg = """
      - id: TA
        group: all
        credential: ka
        checkpoints: {2022: 1.0}
        weight: 3
      - id: TB
        group: all
        credential: kb
        checkpoints: {2022: 1.0}"""
    res = mip(tmp_path, progs, tg, ["A,1980,male,x,,,,,"], start=2022, end=2022,
              extra="budget: 10\nmax_concurrent_programs: 2")
    assert (res["S"], res["C"]) == (1, 10)


@needs_highs
@pytest.mark.parametrize("conc,expected", [
    # max 1: only one of pa/pb in the single year -> one shortfall (weight 1),
    #   least cost picks pb: S = 1, C = 5.
    # max 2: both -> S = 0, C = 10 + 5 = 15.
    (1, (1, 5)), (2, (0, 15))])
def test_mip_max_concurrent(tmp_path, conc, expected):
    progs = """
      - id: pa
        grants: {credential: ka}
        duration_years: 1
        seats: 1
        cost_per_year: 10
      - id: pb
        grants: {credential: kb}
        duration_years: 1
        seats: 1
        cost_per_year: 5"""
    tg = """
      - id: TA
        group: all
        credential: ka
        checkpoints: {2022: 1.0}
      - id: TB
        group: all
        credential: kb
        checkpoints: {2022: 1.0}"""
    res = mip(tmp_path, progs, tg, ["A,1980,male,x,,,,,"], start=2022, end=2022,
              extra=f"max_concurrent_programs: {conc}")
    assert (res["S"], res["C"]) == expected


@needs_highs
def test_mip_credential_expiry_needs_two_trainings(tmp_path):
    # ku valid 3 years; roster completion 2019; checkpoints 2022 and 2025, share 1.0.
    # 2022: 2022-2019 = 3, not < 3 -> needs a completion in 2020..2022 -> kup 2022.
    # 2025: needs z in 2023..2025 (2025-2022 = 3 fails) -> a second kup.
    # S = 0, C = 2 * 2 = 4.
    progs = """
      - id: kup
        grants: {credential: ku}
        duration_years: 1
        seats: 1
        cost_per_year: 2"""
    tg = """
      - id: k
        group: all
        credential: ku
        checkpoints: {2022: 1.0, 2025: 1.0}"""
    res = mip(tmp_path, progs, tg, ["A,1980,male,x,,,2019,,"], end=2025)
    assert (res["S"], res["C"]) == (0, 4)


@needs_highs
def test_mip_min_service_after(tmp_path):
    # M male born 1963: active iff y <= 2024.  kup 1 year, target ku share 1.0 at 2022.
    # min_service 2: start 2022 -> e 2022 -> must be active through 2024: ok -> S 0, C 2.
    # min_service 3: through 2025: not active -> no valid enrollment -> S 1, C 0.
    # A program-level override of 0 with scenario-level 3 -> allowed again -> S 0, C 2.
    progs = """
      - id: kup
        grants: {credential: ku}
        duration_years: 1
        seats: 1
        cost_per_year: 2"""
    tg = """
      - id: k
        group: all
        credential: ku
        checkpoints: {2022: 1.0}"""
    r = ["M,1963,male,x,,,,,"]
    assert (lambda x: (x["S"], x["C"]))(mip(tmp_path, progs, tg, r, extra="min_service_years_after: 2")) == (0, 2)
    assert (lambda x: (x["S"], x["C"]))(mip(tmp_path, progs, tg, r, extra="min_service_years_after: 3")) == (1, 0)
    assert (lambda x: (x["S"], x["C"]))(mip(tmp_path, progs + "\n        min_service_years_after: 0", tg, r,
                                            extra="min_service_years_after: 3")) == (0, 2)


@needs_highs
def test_mip_ceil_and_age_group(tmp_path):
    # young: max_age 30 in the checkpoint year 2024.  Y1 born 1994 (30), Y2 1995,
    # Y3 1996, O born 1990 (34, not young).  Target young, ka, share 0.5 at 2024:
    # n = 3, required = ceil(1.5) = 2.  pa costs 7, 1 year, 5 seats -> S = 0, C = 14.
    # O is never in the group: training O would not help.
    progs = """
      - id: pa
        grants: {credential: ka}
        duration_years: 1
        seats: 5
        cost_per_year: 7"""
    tg = """
      - id: t
        group: young
        credential: ka
        checkpoints: {2024: 0.5}"""
    text = MIP_BASE.replace("  all: {{}}", "  all: {{}}\n  young: {{max_age: 30}}")
    r = ["Y1,1994,male,x,,,,,", "Y2,1995,male,x,,,,,", "Y3,1996,male,x,,,,,", "O,1990,male,x,,,,,"]
    full = text.format(start=2022, end=2024, extra="", programs=textwrap.dedent(progs).rstrip("\n"),
                       targets=textwrap.dedent(tg).rstrip("\n"))
    sp, _ = write_case(tmp_path, r, header=MIP_HEADER, yaml_text=full)
    res = solve(sp, time_limit=60)
    assert res["valid"] and (res["S"], res["C"]) == (0, 14)
    assert all(row[0] != "O" for row in res["plan"])


# --------------------------------------------------------------------------
# The MIP against brute force on random tiny scenarios
# --------------------------------------------------------------------------
def _random_tiny(rng, tmp_path):
    """A random tiny scenario whose candidate set is small enough to enumerate."""
    ladder = ["none", "a", "b", "c"]
    start, end = 2022, 2022 + rng.randint(1, 3)
    progs = []
    for i in range(rng.randint(2, 4)):
        p = {"id": f"p{i}", "duration_years": rng.choice([1, 1, 2]),
             "cost_per_year": rng.randint(1, 9),
             "seats": rng.choice([1, 2, 3, {"default": 1, start: 2}, {start + 1: 1}])}
        if rng.random() < 0.7:
            g = rng.randint(1, 3)
            p["grants"] = {"ladder": "L", "level": ladder[g]}
            if g > 1 and rng.random() < 0.7:
                p["requires"] = {"L": ladder[rng.randint(1, g - 1)]}
        else:
            p["grants"] = {"credential": "K"}
            if rng.random() < 0.4:
                p["requires"] = {"L": ladder[rng.randint(1, 2)]}
        if rng.random() < 0.3:
            p["eligible"] = rng.choice([{"tier": ["x"]}, {"max_age": 40}, {"sex": ["female"]}])
        if rng.random() < 0.2:
            p["min_service_years_after"] = rng.randint(0, 2)
        progs.append(p)
    targets = []
    for i in range(rng.randint(1, 3)):
        t = {"id": f"t{i}", "group": rng.choice(["all", "xs", "young"]),
             "checkpoints": {y: rng.choice([0.3, 0.5, 1.0]) for y in
                             rng.sample(range(start, end + 2), rng.randint(1, 2))},
             "weight": rng.randint(1, 3)}
        if rng.random() < 0.6:
            t.update(ladder="L", at_least=ladder[rng.randint(1, 3)])
        else:
            t.update(credential="K")
        targets.append(t)
    sc = {"format": "cadreplan/1", "name": "rnd", "horizon": {"start": start, "end": end},
          "ladders": {"L": ladder}, "credentials": {"K": rng.choice([{"valid_years": 2}, {}])},
          "retirement_age": {"male": 62, "female": 60},
          "max_concurrent_programs": rng.choice([1, 1, 2]),
          "min_service_years_after": rng.choice([0, 0, 1]),
          "groups": {"all": {}, "xs": {"tier": ["x"]}, "young": {"max_age": 40}},
          "programs": progs, "targets": targets, "roster": "roster.csv"}
    if rng.random() < 0.6:
        sc["budget"] = rng.choice([rng.randint(3, 12), {"default": rng.randint(3, 12), start: rng.randint(0, 6)}])
    rows = []
    for i in range(rng.randint(2, 3)):
        rows.append(",".join([f"c{i}", str(rng.choice([1962, 1965, 1980, 1985, 1985, 1990])),
                              rng.choice(["male", "female"]), rng.choice(["x", "y"]), "",
                              rng.choice(["", "", "a", "b"]),
                              rng.choice(["", "", str(start - 2), str(start - 1)])]))
    import yaml
    (tmp_path / "scenario.yaml").write_text(yaml.safe_dump(sc, allow_unicode=True), encoding="utf-8")
    (tmp_path / "roster.csv").write_text("id,birth_year,sex,tier,flags,L,K\n" + "\n".join(rows) + "\n",
                                         encoding="utf-8")
    return str(tmp_path / "scenario.yaml")


def _brute_force(sp):
    """Least (S, C) over every valid plan, by enumeration and check.py only."""
    from contract import Enrollment
    s = load_scenario(sp)
    # Rules 1, 2, 3, 6 concern one enrollment alone: an enrollment breaking one
    # of them on its own breaks it in every plan.
    singles = []
    for c in s.cadres:
        for p in s.programs.values():
            for y in range(s.start - 1, s.end + 1):
                res = check(s, [Enrollment(c, p.id, y, 0)])
                if not any(v["rule"] in (1, 2, 3, 6) for v in res["violations"]):
                    singles.append((c, p.id, y))
    if len(singles) > 12:
        return None
    best = None
    for mask in range(1 << len(singles)):
        plan = [Enrollment(*singles[i], row=k) for k, i in
                enumerate(i for i in range(len(singles)) if mask >> i & 1)]
        res = check(s, plan)
        if res["valid"]:
            key = (res["S"], res["C"])
            if best is None or key < best:
                best = key
    return best


@needs_highs
@pytest.mark.parametrize("seed", range(40))
def test_mip_matches_brute_force(tmp_path, seed):
    import random
    rng = random.Random(seed)
    # Draw until the instance is small enough to enumerate and not trivial
    # (the optimum enrolls someone).
    for attempt in range(200):
        sp = _random_tiny(rng, tmp_path)
        expected = _brute_force(sp)
        if expected is not None and expected[1] > 0:
            break
    else:
        pytest.skip("no suitable instance drawn")
    # default (compact) formulation, the level-indicator one, and the
    # level-indicator one without any reduction or strengthening
    for kw in ({}, {"formulation": "levels"},
               {"formulation": "levels", "reduce": False, "strengthen": False},
               {"formulation": "compact", "reduce": False}):
        res = solve(sp, time_limit=60, **kw)
        assert res["valid"], kw
        assert (res["S"], res["C"]) == expected, kw
