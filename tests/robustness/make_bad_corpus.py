#!/usr/bin/env python3
"""Writes the bad-input corpus, tests/data/bad/<case>/ (see its README.md).

Each case is the clean scenario of tests/data/bad/_clean (the base scenario
of tests/io/io_fixture.hpp: 42 YAML lines, 4 cadres, a 2-row plan) with ONE
thing broken, and an `expect` file: the command to run, the exit status and
substrings the message must contain (file:line, field). The folders are
committed; this script is how they were made (run it again after editing a
case here: it rewrites every folder it knows and leaves others alone).

    python3 tests/robustness/make_bad_corpus.py [tests/data/bad]
"""
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "data", "bad")

SCENARIO = """format: cadreplan/1
name: "Hà Giang 2022–2030"
horizon: {start: 2022, end: 2030}
ladders:
  professional: [none, intermediate, college, university, master]
  political_theory: [none, elementary, intermediate, advanced]
credentials:
  knowledge_update: {valid_years: 5}
  international: {}
retirement_age: {male: 62, female: 60}
budget: {default: 900, 2022: 600}
groups:
  commune: {tier: [commune]}
  young: {max_age: 34}
  all: {}
programs:
  - id: univ_inservice
    name: "Đại học vừa làm vừa học"
    grants: {ladder: professional, level: university}
    requires: {professional: college}
    eligible: {tier: [district, commune], max_age: 50}
    duration_years: 2
    seats: {default: 120, 2023: 150}
    cost_per_year: 25
  - id: ku
    name: "Bồi dưỡng cập nhật kiến thức"
    grants: {credential: knowledge_update}
    duration_years: 1
    seats: 50
    cost_per_year: 3
targets:
  - id: commune_university
    group: commune
    ladder: professional
    at_least: university
    checkpoints: {2025: 0.90, 2030: 1.00}
    weight: 1
  - id: ku_all
    group: all
    credential: knowledge_update
    checkpoints: {2026: 0.5}
roster: roster.csv
"""

ROSTER = """id,birth_year,sex,tier,flags,professional,political_theory,knowledge_update,international
c001,1980,male,commune,,college,elementary,,
c002,1975,female,district,btv_managed,university,advanced,2020,
c003,1990,female,commune,,,,,
c004,1968,male,commune,btv_managed;party_member,intermediate,intermediate,2019,2015
"""

PLAN = """cadre_id,program_id,start_year
c001,univ_inservice,2022
c003,ku,2023
"""

CASES = []


def case(name, why, command="validate", status=2, contains=(), scenario=None, roster=None, plan=None,
         extra=()):
    """scenario/roster/plan: None (clean), a list of (old, new) replacements
    (each must match once), or bytes/str (the whole file)."""
    CASES.append(dict(name=name, why=why, command=command, status=status, contains=list(contains),
                      files={"scenario.yaml": scenario, "roster.csv": roster, "plan.csv": plan},
                      extra=list(extra)))


def y(old, new):  # one scenario edit
    return [(old, new)]


S = "scenario.yaml"
R = "roster.csv"
P = "plan.csv"

# --- whole files: empty, encodings, line ends, syntax ------------------------------------------
case("yaml-empty-file", "an empty scenario file", scenario="",
     contains=[S + ":1", "empty"])
case("yaml-only-comments", "a scenario file of comments only", scenario="# nothing here\n# yet\n",
     contains=[S + ":1", "empty"])
case("yaml-latin1", "Latin-1 bytes in the scenario ('Hà' written H\\xE0, as a Latin-1 export does)",
     scenario=[("Hà".encode("utf-8"), b"H\xe0")], contains=[S + ":2", "not UTF-8", "\\xE0"])
case("yaml-utf16", "a scenario saved as UTF-16", scenario=SCENARIO.encode("utf-16"),
     contains=[S + ":1", "UTF-16"])
case("yaml-control-char", "a NUL byte inside the scenario name", scenario=y("Hà Giang", "Hà\x00Giang"),
     contains=[S + ":2", "control character", "\\x00"])
case("yaml-cr-line-ends", "classic Mac OS line ends (CR alone) in the scenario",
     scenario=SCENARIO.replace("\n", "\r").encode(), contains=[S + ":1", "carriage return"])
case("yaml-tab-indent", "a line indented with a tab", scenario=y("  political_theory:", "\tpolitical_theory:"),
     contains=[S + ":6", "tab"])
case("yaml-unclosed-flow-map", "a '{' never closed", scenario=y("horizon: {start: 2022, end: 2030}", "horizon: {start: 2022, end: 2030"),
     contains=[S + ":3", "'{'"])
case("yaml-unclosed-quote", "a quote never closed", scenario=y('name: "Hà Giang 2022–2030"', 'name: "Hà Giang 2022–2030'),
     contains=[S + ":2", "malformed YAML"])
case("yaml-missing-colon", "a key without its ':'", scenario=y("    duration_years: 2", "    duration_years 2"),
     contains=[S + ":22", "':'"])
case("yaml-not-a-map", "the scenario is a list, not a map", scenario="- format: cadreplan/1\n- horizon: 2022\n",
     contains=[S + ":1", "a scenario map"])
case("yaml-deep-nesting", "lists nested 100,000 deep (a stack overflow in a naive parser)",
     scenario=y('name: "Hà Giang 2022–2030"', "name: " + "[" * 100000 + "]" * 100000),
     contains=[S + ":2", "nest more than"])
case("yaml-alias-bomb", "aliases nested 11 deep ('billion laughs': 9^11 names if expanded)",
     scenario=[("ladders:\n", "x0: &a0 [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n" +
                "".join("x%d: &a%d [%s]\n" % (i, i, ",".join(["*a%d" % (i - 1)] * 9)) for i in range(1, 12)) +
                "ladders:\n"),
               ("  professional: [none, intermediate, college, university, master]", "  professional: *a11")],
     contains=[S + ":14", "ladders.professional[0]", "expected a text value"])  # the line of the aliased node
case("yaml-two-documents", "two YAML documents in one file (the second would be ignored)",
     scenario=SCENARIO + "---\n" + SCENARIO, contains=[S + ":43", "second YAML document"])
case("yaml-10mb-line", "a scenario name of 10 MB on one line",
     scenario=y('name: "Hà Giang 2022–2030"', 'name: "@PAD@"'), extra=["pad: scenario.yaml @PAD@ 10000000"],
     contains=[S + ":2", "name", "10000000 bytes", "at most 1024"])
case("yaml-duplicate-key", "the key 'horizon' given twice", scenario=y("ladders:\n", "horizon: {start: 2023, end: 2030}\nladders:\n"),
     contains=[S + ":4", "horizon", "twice"])

# --- format, horizon --------------------------------------------------------------------------------
case("format-missing", "no 'format' key", scenario=y("format: cadreplan/1\n", ""),
     contains=[S + ":1", "format", "missing"])
case("format-unknown", "format cadreplan/2", scenario=y("format: cadreplan/1", "format: cadreplan/2"),
     contains=[S + ":1", "format", "cadreplan/2"])
case("format-wrong-type", "format given as a list", scenario=y("format: cadreplan/1", "format: [cadreplan/1]"),
     contains=[S + ":1", "format", "a list"])
case("horizon-missing", "no horizon", scenario=y("horizon: {start: 2022, end: 2030}\n", ""),
     contains=[S + ":1", "horizon", "missing"])
case("horizon-not-a-map", "horizon given as a number", scenario=y("horizon: {start: 2022, end: 2030}", "horizon: 2022"),
     contains=[S + ":3", "horizon", "{start: YEAR, end: YEAR}"])
case("horizon-start-text", "horizon.start is a word", scenario=y("{start: 2022, end: 2030}", "{start: twenty, end: 2030}"),
     contains=[S + ":3", "horizon.start", "twenty"])
case("horizon-start-fraction", "horizon.start is 2022.5", scenario=y("{start: 2022, end: 2030}", "{start: 2022.5, end: 2030}"),
     contains=[S + ":3", "horizon.start", "not a whole number"])
case("horizon-start-huge", "horizon.start has 30 digits", scenario=y("{start: 2022, end: 2030}", "{start: 202220222022202220222022202220, end: 2030}"),
     contains=[S + ":3", "horizon.start", "too large"])
case("horizon-end-missing", "horizon without an end", scenario=y("{start: 2022, end: 2030}", "{start: 2022}"),
     contains=[S + ":3", "horizon.end", "no end"])
case("horizon-end-before-start", "the horizon ends before it starts", scenario=y("{start: 2022, end: 2030}", "{start: 2022, end: 2020}"),
     contains=[S + ":3", "horizon.end", "before it starts"])
case("horizon-too-long", "a horizon of 2001 years", scenario=y("{start: 2022, end: 2030}", "{start: 1000, end: 3000}"),
     contains=[S + ":3", "horizon.end", "at most the 100 years"])
case("horizon-year-out-of-range", "a horizon in the year 99999", scenario=y("{start: 2022, end: 2030}", "{start: 99990, end: 99999}"),
     contains=[S + ":3", "horizon.start", "between 1000 and 3000"])

# --- ladders, credentials -------------------------------------------------------------------------
case("ladder-not-a-list", "a ladder given as a word", scenario=y("  political_theory: [none, elementary, intermediate, advanced]", "  political_theory: advanced"),
     contains=[S + ":6", "ladders.political_theory", "list of its levels"])
case("ladder-duplicate-level", "a level twice in one ladder", scenario=y("[none, elementary, intermediate, advanced]", "[none, elementary, elementary, advanced]"),
     contains=[S + ":6", "ladders.political_theory[2]", "appears twice"])
case("ladder-duplicate-key", "the ladder 'professional' defined twice", scenario=y("  political_theory: [none", "  professional: [none"),
     contains=[S + ":6", "ladders.professional", "twice"])
case("ladder-too-many-levels", "a ladder of 300 levels", scenario=y("[none, elementary, intermediate, advanced]", "[" + ", ".join("l%d" % i for i in range(300)) + "]"),
     contains=[S + ":6", "ladders.political_theory", "at most 255"])
case("ladder-reserved-name", "a ladder named like the roster column 'tier'", scenario=y("  political_theory: [", "  tier: ["),
     contains=[S + ":6", "ladders.tier", "fixed roster column"])
case("credential-valid-years-zero", "valid_years 0", scenario=y("{valid_years: 5}", "{valid_years: 0}"),
     contains=[S + ":8", "credentials.knowledge_update.valid_years", "at least 1"])
case("credential-valid-years-text", "valid_years 'five'", scenario=y("{valid_years: 5}", "{valid_years: five}"),
     contains=[S + ":8", "credentials.knowledge_update.valid_years", "five"])
case("credential-name-clash", "a credential with the name of a ladder", scenario=y("  international: {}", "  professional: {}"),
     contains=[S + ":9", "credentials.professional", "name of a ladder"])

# --- policy ---------------------------------------------------------------------------------------------
case("retirement-age-out-of-range", "a retirement age of 500", scenario=y("{male: 62, female: 60}", "{male: 500, female: 60}"),
     contains=[S + ":10", "retirement_age.male", "between 1 and 150"])
case("retirement-age-text", "a retirement age 'sixty'", scenario=y("{male: 62, female: 60}", "{male: 62, female: sixty}"),
     contains=[S + ":10", "retirement_age.female", "sixty"])
case("max-concurrent-zero", "max_concurrent_programs 0", scenario=y("budget:", "max_concurrent_programs: 0\nbudget:"),
     contains=[S + ":11", "max_concurrent_programs", "at least 1"])
case("min-service-negative", "min_service_years_after -1", scenario=y("budget:", "min_service_years_after: -1\nbudget:"),
     contains=[S + ":11", "min_service_years_after", "0 or more"])
case("min-service-huge", "min_service_years_after of a billion years", scenario=y("budget:", "min_service_years_after: 1000000000\nbudget:"),
     contains=[S + ":11", "min_service_years_after", "at most 100"])

# --- budget ----------------------------------------------------------------------------------------------
case("budget-negative", "a negative budget", scenario=y("budget: {default: 900, 2022: 600}", "budget: {default: 900, 2022: -600}"),
     contains=[S + ":11", "budget.2022", "-600"])
case("budget-text", "a budget of 'lots'", scenario=y("budget: {default: 900, 2022: 600}", "budget: lots"),
     contains=[S + ":11", "budget", "lots"])
case("budget-bad-year-key", "a budget keyed by 'twenty'", scenario=y("{default: 900, 2022: 600}", "{default: 900, twenty: 600}"),
     contains=[S + ":11", "budget.twenty", "a year or 'default'"])
case("budget-nan", "a budget of nan", scenario=y("{default: 900, 2022: 600}", "{default: nan, 2022: 600}"),
     contains=[S + ":11", "budget.default", "nan"])
case("budget-overflow", "a budget of 1e400 (beyond a double)", scenario=y("{default: 900, 2022: 600}", "{default: 1e400, 2022: 600}"),
     contains=[S + ":11", "budget.default", "1e400"])
case("budget-too-large", "a budget of 1e300", scenario=y("{default: 900, 2022: 600}", "{default: 1e300, 2022: 600}"),
     contains=[S + ":11", "budget.default", "at most 1e15"])
case("budget-decimal-comma", "a budget written 900,5", scenario=y("{default: 900, 2022: 600}", '{default: "900,5", 2022: 600}'),
     contains=[S + ":11", "budget.default", "900.5"])

# --- groups ----------------------------------------------------------------------------------------------
case("groups-not-a-map", "groups given as a list", scenario=y("  commune: {tier: [commune]}\n  young: {max_age: 34}\n  all: {}\n", "  - commune\n  - young\n  - all\n"),
     contains=[S + ":13", "groups", "a map from group name to selector"])
case("group-sex-unknown", "a group of sex 'man'", scenario=y("  young: {max_age: 34}", "  young: {max_age: 34, sex: [man]}"),
     contains=[S + ":14", "groups.young.sex[0]", "man"])
case("group-min-above-max", "min_age above max_age", scenario=y("  young: {max_age: 34}", "  young: {min_age: 40, max_age: 34}"),
     contains=[S + ":14", "groups.young", "min_age <= max_age"])
case("group-age-text", "max_age 'young'", scenario=y("  young: {max_age: 34}", "  young: {max_age: young}"),
     contains=[S + ":14", "groups.young.max_age", "young"])
case("group-age-out-of-range", "max_age 999", scenario=y("  young: {max_age: 34}", "  young: {max_age: 999}"),
     contains=[S + ":14", "groups.young.max_age", "between 0 and 200"])
case("group-duplicate", "the group 'all' defined twice", scenario=y("  all: {}\n", "  all: {}\n  all: {tier: [commune]}\n"),
     contains=[S + ":16", "groups.all", "twice"])

# --- programs ------------------------------------------------------------------------------------------------
case("programs-not-a-list", "programs given as a word (the list renamed away)", scenario=y("programs:\n", "programs: none\nprograms_old:\n"),
     contains=[S + ":16", "programs", "a list of programs"])
case("program-missing-id", "a program without an id", scenario=y("  - id: ku\n", "  - cost_per_year: 3\n"),
     contains=[S + ":25", "programs[1].id", "missing"])
case("program-duplicate-id", "two programs with the id 'ku'", scenario=y("  - id: univ_inservice", "  - id: ku"),
     contains=[S + ":25", "programs[1].id", "used twice"])
case("program-unknown-ladder", "grants a misspelt ladder", scenario=y("{ladder: professional, level: university}", "{ladder: profesional, level: university}"),
     contains=[S + ":19", "programs[0].grants.ladder", "profesional", "did you mean 'professional'"])
case("program-unknown-level", "grants an unknown level", scenario=y("{ladder: professional, level: university}", "{ladder: professional, level: doctorate}"),
     contains=[S + ":19", "programs[0].grants.level", "doctorate"])
case("program-unknown-credential", "grants an unknown credential", scenario=y("{credential: knowledge_update}", "{credential: knowledge_updates}"),
     contains=[S + ":27", "programs[1].grants.credential", "knowledge_updates"])
case("program-grants-both", "grants a ladder level and a credential", scenario=y("{credential: knowledge_update}", "{credential: knowledge_update, ladder: professional, level: master}"),
     contains=[S + ":27", "programs[1].grants", "exactly one"])
case("program-grants-missing", "a program without grants", scenario=y("    grants: {credential: knowledge_update}\n", ""),
     contains=[S + ":25", "programs[1].grants", "missing"])
case("program-requires-unknown-level", "requires an unknown level", scenario=y("{professional: college}", "{professional: bachelor}"),
     contains=[S + ":20", "programs[0].requires.professional", "bachelor"])
case("program-requires-above-grant", "requires the level it grants", scenario=y("{professional: college}", "{professional: university}"),
     contains=[S + ":20", "programs[0].requires.professional", "rule 5"])
case("program-duration-zero", "duration_years 0", scenario=y("    duration_years: 2", "    duration_years: 0"),
     contains=[S + ":22", "programs[0].duration_years", "between 1 and 100"])
case("program-duration-fraction", "duration_years 1.5", scenario=y("    duration_years: 2", "    duration_years: 1.5"),
     contains=[S + ":22", "programs[0].duration_years", "not a whole number"])
case("program-duration-huge", "duration_years of 20 digits", scenario=y("    duration_years: 2", "    duration_years: 99999999999999999999"),
     contains=[S + ":22", "programs[0].duration_years", "too large"])
case("program-seats-fraction", "120.5 seats", scenario=y("{default: 120, 2023: 150}", "{default: 120.5, 2023: 150}"),
     contains=[S + ":23", "programs[0].seats.default", "120.5", "whole number"])
case("program-seats-negative", "-5 seats", scenario=y("    seats: 50", "    seats: -5"),
     contains=[S + ":29", "programs[1].seats", "-5"])
case("program-seats-percent", "seats written 90%", scenario=y("    seats: 50", '    seats: "90%"'),
     contains=[S + ":29", "programs[1].seats", "90%"])
case("program-seats-bad-year", "a seat year 'next'", scenario=y("{default: 120, 2023: 150}", "{default: 120, next: 150}"),
     contains=[S + ":23", "programs[0].seats.next", "a year or 'default'"])
case("program-cost-negative", "a negative cost", scenario=y("    cost_per_year: 3", "    cost_per_year: -3"),
     contains=[S + ":30", "programs[1].cost_per_year", "-3"])
case("program-cost-text", "a cost 'free'", scenario=y("    cost_per_year: 3", "    cost_per_year: free"),
     contains=[S + ":30", "programs[1].cost_per_year", "free"])
case("program-cost-infinite", "a cost of inf", scenario=y("    cost_per_year: 3", "    cost_per_year: inf"),
     contains=[S + ":30", "programs[1].cost_per_year", "inf"])
case("program-min-service-out-of-range", "a program's min_service_years_after of 500", scenario=y("    cost_per_year: 3", "    cost_per_year: 3\n    min_service_years_after: 500"),
     contains=[S + ":31", "programs[1].min_service_years_after", "between 0 and 100"])
case("program-eligible-sex-unknown", "eligible for sex 'nữ'", scenario=y("{tier: [district, commune], max_age: 50}", "{tier: [district, commune], max_age: 50, sex: nữ}"),
     contains=[S + ":21", "programs[0].eligible.sex[0]", "nữ"])

# --- targets ----------------------------------------------------------------------------------------------------
case("target-missing-group", "a target without a group", scenario=y("    group: all\n", ""),
     contains=[S + ":38", "targets[1].group", "missing"])
case("target-unknown-group", "a target for an unknown group", scenario=y("    group: all", "    group: everyone"),
     contains=[S + ":39", "targets[1].group", "everyone"])
case("target-unknown-ladder", "a target on an unknown ladder", scenario=y("    ladder: professional\n    at_least", "    ladder: degree\n    at_least"),
     contains=[S + ":34", "targets[0].ladder", "degree"])
case("target-unknown-level", "at_least an unknown level", scenario=y("    at_least: university", "    at_least: bachelor"),
     contains=[S + ":35", "targets[0].at_least", "bachelor"])
case("target-unknown-credential", "a target on an unknown credential", scenario=y("    credential: knowledge_update", "    credential: knowledge"),
     contains=[S + ":40", "targets[1].credential", "knowledge"])
case("target-ladder-and-credential", "a target on a ladder and a credential", scenario=y("    credential: knowledge_update", "    credential: knowledge_update\n    ladder: professional\n    at_least: college"),
     contains=[S + ":38", "targets[1]", "exactly one"])
case("target-checkpoint-outside-horizon", "a checkpoint in 2035", scenario=y("{2026: 0.5}", "{2035: 0.5}"),
     contains=[S + ":41", "targets[1].checkpoints.2035", "outside the horizon"])
case("target-checkpoint-year-text", "a checkpoint keyed 'soon'", scenario=y("{2026: 0.5}", "{soon: 0.5}"),
     contains=[S + ":41", "targets[1].checkpoints.soon", "a year"])
case("target-checkpoint-duplicate", "the checkpoint year 2026 twice", scenario=y("{2026: 0.5}", "{2026: 0.5, 2026: 0.6}"),
     contains=[S + ":41", "targets[1].checkpoints.2026", "twice"])
case("target-no-checkpoints", "a target with no checkpoints", scenario=y("{2026: 0.5}", "{}"),
     contains=[S + ":41", "targets[1].checkpoints", "no checkpoints"])
case("target-share-above-one", "a share of 1.5", scenario=y("{2026: 0.5}", "{2026: 1.5}"),
     contains=[S + ":41", "targets[1].checkpoints.2026", "outside [0, 1]"])
case("target-share-percent", "a share written 90%", scenario=y("{2026: 0.5}", '{2026: "90%"}'),
     contains=[S + ":41", "targets[1].checkpoints.2026", "0.9"])
case("target-share-as-percent-number", "a share written 90 (meaning 90%)", scenario=y("{2026: 0.5}", "{2026: 90}"),
     contains=[S + ":41", "targets[1].checkpoints.2026", "did you mean 0.9"])
case("target-share-decimal-comma", "a share written 0,9", scenario=y("{2026: 0.5}", '{2026: "0,9"}'),
     contains=[S + ":41", "targets[1].checkpoints.2026", "0.9"])
case("target-share-too-precise", "a share with 20 decimal places", scenario=y("{2026: 0.5}", "{2026: 0.99999999999999999999}"),
     contains=[S + ":41", "targets[1].checkpoints.2026", "18"])
case("target-share-huge-text", "a share of 5000 digits", scenario=y("{2026: 0.5}", "{2026: 0." + "9" * 5000 + "}"),
     contains=[S + ":41", "targets[1].checkpoints.2026", "at most 1024"])
case("target-weight-negative", "a negative weight", scenario=y("    weight: 1", "    weight: -1"),
     contains=[S + ":37", "targets[0].weight", "-1"])
case("target-duplicate-id", "two targets with one id", scenario=y("  - id: ku_all", "  - id: commune_university"),
     contains=[S + ":38", "targets[1].id", "used twice"])

# --- the roster path --------------------------------------------------------------------------------------
case("roster-key-missing", "no 'roster' key", scenario=y("roster: roster.csv\n", ""),
     contains=[S + ":1", "roster", "missing"])
case("roster-name-empty", "roster: ''", scenario=y("roster: roster.csv", "roster: ''"),
     contains=[S + ":42", "roster", "empty"])
case("roster-file-missing", "a roster file that does not exist", scenario=y("roster: roster.csv", "roster: danh_sach.csv"),
     contains=[S + ":42", "roster", "danh_sach.csv", "cannot be read"])
case("roster-path-escapes", "a roster path that leaves the scenario's folder", scenario=y("roster: roster.csv", "roster: ../../../../../../../../etc/passwd"),
     contains=[S + ":42", "roster", "outside the scenario's folder"])
case("roster-path-absolute", "an absolute roster path", scenario=y("roster: roster.csv", "roster: /etc/passwd"),
     contains=[S + ":42", "roster", "outside the scenario's folder", "absolute"])
case("roster-path-escapes-inside-out", "a roster path that enters a folder and leaves the scenario's", scenario=y("roster: roster.csv", "roster: sub/../../roster.csv"),
     contains=[S + ":42", "roster", "outside the scenario's folder"])
case("roster-is-a-folder", "the roster names a folder", scenario=y("roster: roster.csv", "roster: ."),
     contains=[S + ":42", "roster", "folder"])
case("roster-is-a-device", "the roster is a link to /dev/zero (endless bytes)", extra=["link: roster.csv /dev/zero"],
     contains=[S + ":42", "roster", "not a regular file"])
case("roster-is-a-fifo", "the roster is a named pipe nobody writes (a read would block)", extra=["fifo: roster.csv"],
     contains=[S + ":42", "roster", "not a regular file"])

# --- the roster CSV -------------------------------------------------------------------------------------------
case("roster-empty-file", "an empty roster file", roster="", contains=[R + ":1", "roster.header", "empty"])
case("roster-latin1", "Latin-1 bytes in a cadre id", roster=[("c003", b"Nguy\xean")],
     contains=[R + ":4", "roster.id", "not UTF-8", "Nguy\\xEAn"])
case("roster-utf16", "a roster saved as UTF-16 ('Unicode Text')", roster=ROSTER.encode("utf-16"),
     contains=[R + ":1", "UTF-16"])
case("roster-cr-line-ends", "classic Mac OS line ends (CR alone) in the roster", roster=ROSTER.replace("\n", "\r").encode(),
     contains=[R + ":1", "roster.header", "carriage return"])
case("roster-nul-byte", "a NUL byte in a cadre id", roster=[("c003", "c0\x0003")],
     contains=[R + ":4", "roster.id", "control character"])
case("roster-semicolons", "a roster separated by ';'", roster=ROSTER.replace(",", ";"),
     contains=[R + ":1", "roster.header", "';'"])
case("roster-missing-column", "no 'sex' column", roster=ROSTER.replace(",sex,", ",").replace(",male,", ",").replace(",female,", ","),
     contains=[R + ":1", "roster.sex", "no column 'sex'"])
case("roster-extra-column", "an extra column 'phone'", roster=[("international\n", "international,phone\n")],
     contains=[R + ":1", "roster.phone", "extra column"])
case("roster-duplicate-column", "the column 'tier' twice", roster=[("id,birth_year,sex,tier,flags", "id,birth_year,sex,tier,tier")],
     contains=[R + ":1", "roster.tier", "twice"])
case("roster-unterminated-quote", "a quote never closed", roster=[("c002,1975", "\"c002,1975")],
     contains=[R + ":3", "roster.id", "never closed"])
case("roster-text-after-quote", "text after a closing quote", roster=[("c002,1975", "\"c002\"x,1975")],
     contains=[R + ":3", "roster.id", "after the closing quote"])
case("roster-row-too-short", "a row with a missing cell", roster=[("c003,1990,female,commune,,,,,", "c003,1990,female,commune,,,,")],
     contains=[R + ":4", "roster.row", "8 fields"])
case("roster-row-too-long", "a row with a comma in an unquoted name", roster=[("c003,1990", "c003,Nguyễn, Ánh,1990")],
     contains=[R + ":4", "roster.row", "11 fields"])
case("roster-duplicate-id", "the id c001 twice", roster=[("c003,1990", "c001,1990")],
     contains=[R + ":4", "roster.id", "used twice", "line 2"])
case("roster-empty-id", "an empty id", roster=[("c003,1990", ",1990")],
     contains=[R + ":4", "roster.id", "empty id"])
case("roster-birth-year-text", "a birth year 'n/a'", roster=[("c003,1990", "c003,n/a")],
     contains=[R + ":4", "roster.birth_year", "n/a"])
case("roster-birth-year-huge", "a birth year of 20 digits", roster=[("c003,1990", "c003,19901990199019901990")],
     contains=[R + ":4", "roster.birth_year", "19901990199019901990"])
case("roster-birth-year-after-start", "born after the horizon starts", roster=[("c003,1990", "c003,2024")],
     contains=[R + ":4", "roster.birth_year", "2024"])
case("roster-birth-year-implausible", "born in the year 19", roster=[("c003,1990", "c003,19")],
     contains=[R + ":4", "roster.birth_year", "implausible"])
case("roster-sex-unknown", "sex written 'Nữ'", roster=[("c003,1990,female", "c003,1990,Nữ")],
     contains=[R + ":4", "roster.sex", "Nữ", "female"])
case("roster-level-unknown", "an unknown level", roster=[("c001,1980,male,commune,,college", "c001,1980,male,commune,,bachelor")],
     contains=[R + ":2", "roster.professional", "bachelor"])
case("roster-credential-text", "a credential year 'yes'", roster=[("advanced,2020,", "advanced,yes,")],
     contains=[R + ":3", "roster.knowledge_update", "yes"])
case("roster-credential-out-of-range", "a credential completed in 5000", roster=[("advanced,2020,", "advanced,5000,")],
     contains=[R + ":3", "roster.knowledge_update", "5000"])
case("roster-empty-tier", "an empty tier", roster=[("c003,1990,female,commune", "c003,1990,female,")],
     contains=[R + ":4", "roster.tier", "empty tier"])
case("roster-value-in-unnamed-column", "a value under a column with no name", roster=[("international\n", "international,\n"), ("2019,2015\n", "2019,2015,oops\n"),
                                                                                       ("c001,1980,male,commune,,college,elementary,,", "c001,1980,male,commune,,college,elementary,,,"),
                                                                                       ("advanced,2020,\n", "advanced,2020,,\n"),
                                                                                       ("c003,1990,female,commune,,,,,", "c003,1990,female,commune,,,,,,")],
     contains=[R + ":5", "roster.column 10", "oops"])
case("roster-10mb-line", "a cadre id of 10 MB on one line", roster=[("c003,1990", "@PAD@,1990")], extra=["pad: roster.csv @PAD@ 10000000"],
     contains=[R + ":4", "roster.id", "10000000 bytes", "at most 1024"])
case("roster-10mb-runaway-quote", "a quote never closed, then 10 MB", roster=[("c003,1990", "\"c003,1990"), ("2019,2015\n", "2019,2015\n@PAD@\n")],
     extra=["pad: roster.csv @PAD@ 10000000"], contains=[R + ":4", "roster.id", "never closed"])

# --- the plan CSV (check) -------------------------------------------------------------------------------------------
case("plan-empty-file", "an empty plan file", command="check", plan="", contains=[P + ":1", "header", "empty"])
case("plan-missing-column", "no start_year column", command="check", plan="cadre_id,program_id\nc001,ku\n",
     contains=[P + ":1", "start_year", "no column"])
case("plan-misspelt-column", "'start year' for start_year", command="check", plan=[("start_year", "start year")],
     contains=[P + ":1", "start_year", "no column"])
case("plan-duplicate-column", "cadre_id twice", command="check", plan=[("cadre_id,program_id,start_year", "cadre_id,program_id,start_year,cadre_id")],
     contains=[P + ":1", "cadre_id", "twice"])
case("plan-start-year-text", "a start year 'next'", command="check", plan=[("c003,ku,2023", "c003,ku,next")],
     contains=[P + ":3", "start_year", "next"])
case("plan-start-year-huge", "a start year of 20 digits", command="check", plan=[("c003,ku,2023", "c003,ku,20232023202320232023")],
     contains=[P + ":3", "start_year", "20232023202320232023"])
case("plan-start-year-fraction", "a start year 2023.5", command="check", plan=[("c003,ku,2023", "c003,ku,2023.5")],
     contains=[P + ":3", "start_year", "2023.5"])
case("plan-row-wrong-width", "a row with four cells", command="check", plan=[("c003,ku,2023", "c003,ku,2023,x")],
     contains=[P + ":3", "row", "4 fields"])
case("plan-latin1", "Latin-1 bytes in a cadre id", command="check", plan=[("c003,ku", b"Nguy\xean,ku")],
     contains=[P + ":3", "cadre_id", "not UTF-8"])
case("plan-utf16", "a plan saved as UTF-16", command="check", plan=PLAN.encode("utf-16"),
     contains=[P + ":1", "UTF-16"])
case("plan-semicolons", "a plan separated by ';'", command="check", plan=PLAN.replace(",", ";"),
     contains=[P + ":1", "header", "';'"])
case("plan-10mb-line", "a cadre id of 10 MB", command="check", plan=[("c003,ku", "@PAD@,ku")], extra=["pad: plan.csv @PAD@ 10000000"],
     contains=[P + ":3", "cadre_id", "10000000 bytes"])
case("plan-file-missing", "a plan file that does not exist", command="check", extra=["args: check {dir}/scenario.yaml {dir}/no_such_plan.csv"],
     contains=["no_such_plan.csv", "No such file"])
case("plan-is-a-folder", "the plan names a folder", command="check", extra=["args: check {dir}/scenario.yaml {dir}"],
     contains=["folder"])
case("plan-is-a-device", "the plan is /dev/zero (endless bytes)", command="check", extra=["args: check {dir}/scenario.yaml /dev/zero"],
     contains=["/dev/zero", "not a regular file"])
# A readable plan that breaks the rules is no input error: exit 1, the rule named.
case("plan-unknown-cadre", "an enrollment of a cadre the roster lacks (rule 6; exit 1)", command="check", status=1,
     plan=[("c003,ku", "c999,ku")], contains=[P + ":3", "rule 6", "c999"])
case("plan-seats-exceeded", "more starts than seats (rule 8; exit 1)", command="check", status=1,
     scenario=y("    seats: 50", "    seats: 0"), contains=["rule 8", "ku"])

# --- the planning command: bad input writes nothing ---------------------------------------------------------
case("plan-cmd-bad-scenario", "`plan --out` on a scenario with an unknown ladder creates no folder", command="plan",
     scenario=y("{ladder: professional, level: university}", "{ladder: profesional, level: university}"),
     contains=[S + ":19", "programs[0].grants.ladder"])
case("plan-cmd-bad-roster", "`plan --out` on a roster with a bad birth year creates no folder", command="plan",
     roster=[("c003,1990", "c003,19x0")], contains=[R + ":4", "roster.birth_year"])
case("plan-cmd-missing-scenario", "`plan --out` on a scenario that does not exist", command="plan",
     extra=["args: plan {dir}/no_such_scenario.yaml --strategy greedy --quiet --out {out}"],
     contains=["no_such_scenario.yaml", "no such file"])
case("plan-cmd-bad-time-limit", "`plan --out` with a negative time limit", command="plan",
     extra=["args: plan {dir}/scenario.yaml --strategy greedy --quiet --no-explain --time-limit -5 --out {out}"],
     contains=["time_limit", "-5"])
case("plan-cmd-unknown-strategy", "`plan --out` with an unknown strategy", command="plan",
     extra=["args: plan {dir}/scenario.yaml --strategy gready --quiet --no-explain --out {out}"],
     contains=["gready"])

# --- past a limit of the optimal strategy (docs/RELIABILITY.md): a clear exit 2, never "internal error" ----------
MANY_CREDENTIALS = [("  international: {}\n", "  international: {}\n" + "".join("  c%d: {}\n" % i for i in range(45)))]
MANY_CREDENTIAL_COLUMNS = [("knowledge_update,international\n", "knowledge_update,international" + "".join(",c%d" % i for i in range(45)) + "\n")] + [
    (row, row[:-1] + "," * 45 + "\n") for row in ROSTER.splitlines(True)[1:]]
case("optimal-state-too-large", "47 credentials: the optimal strategy's state (ladders + credentials + 2) passes its 48 bytes",
     command="plan", scenario=MANY_CREDENTIALS, roster=MANY_CREDENTIAL_COLUMNS,
     extra=["args: plan {dir}/scenario.yaml --strategy optimal --quiet --out {out}"],
     contains=["optimal strategy and explanations support", "2 + 47 + 2 x 1 = 51", "greedy and flow"])
case("greedy-state-too-large", "47 credentials: greedy still plans, and says why there are no explanations",
     command="plan", status=0, scenario=MANY_CREDENTIALS, roster=MANY_CREDENTIAL_COLUMNS,
     extra=["args: plan {dir}/scenario.yaml --strategy greedy --quiet --out {out}"],
     contains=["no explanations: the optimal strategy and explanations support"])

# --- accepted on purpose (docs/FORMAT-NOTES.md): same results as the clean files ------------------------------
BOM = "\ufeff"
case("accept-bom-everywhere", "UTF-8 byte-order marks on all three files (Excel's 'CSV UTF-8'): accepted, same results",
     command="check", status=0, scenario=BOM + SCENARIO, roster=BOM + ROSTER, plan=BOM + PLAN, extra=["same_as_clean: yes"])
case("accept-crlf-everywhere", "CRLF line ends on all three files (Windows): accepted, same results",
     command="check", status=0, scenario=SCENARIO.replace("\n", "\r\n"), roster=ROSTER.replace("\n", "\r\n"),
     plan=PLAN.replace("\n", "\r\n"), extra=["same_as_clean: yes"])
case("accept-bom-crlf-plan-command", "BOM and CRLF on the scenario and roster: `plan` writes the same files",
     command="plan", status=0, scenario=BOM + SCENARIO.replace("\n", "\r\n"), roster=BOM + ROSTER.replace("\n", "\r\n"),
     extra=["same_as_clean: yes"])


def apply(base, edit, name, fname):
    """The bytes of a case's file: the clean text with the edits made."""
    if edit is None:
        return base.encode("utf-8")
    if isinstance(edit, bytes):
        return edit
    if isinstance(edit, str):
        return edit.encode("utf-8")
    data = base.encode("utf-8")
    for old, new in edit:
        old = old if isinstance(old, bytes) else old.encode("utf-8")
        new = new if isinstance(new, bytes) else new.encode("utf-8")
        if data.count(old) != 1:
            raise SystemExit("%s: %s: %r matches %d times" % (name, fname, old[:40], data.count(old)))
        data = data.replace(old, new)
    return data


def main():
    os.makedirs(OUT, exist_ok=True)
    names = set()
    clean = os.path.join(OUT, "_clean")
    os.makedirs(clean, exist_ok=True)
    for fname, text in (("scenario.yaml", SCENARIO), ("roster.csv", ROSTER), ("plan.csv", PLAN)):
        with open(os.path.join(clean, fname), "wb") as f:
            f.write(text.encode("utf-8"))
    for c in CASES:
        if c["name"] in names:
            raise SystemExit("duplicate case " + c["name"])
        names.add(c["name"])
        d = os.path.join(OUT, c["name"])
        if os.path.isdir(d):
            shutil.rmtree(d)
        os.makedirs(d)
        for fname, base in (("scenario.yaml", SCENARIO), ("roster.csv", ROSTER), ("plan.csv", PLAN)):
            data = apply(base, c["files"][fname], c["name"], fname)
            if fname == "plan.csv" and c["command"] != "check" and c["files"][fname] is None:
                continue
            with open(os.path.join(d, fname), "wb") as f:
                f.write(data)
        with open(os.path.join(d, "expect"), "w", encoding="utf-8") as f:
            f.write("# " + c["why"] + "\n")
            f.write("command: %s\nstatus: %d\n" % (c["command"], c["status"]))
            for line in c["extra"]:
                f.write(line + "\n")
            for s in c["contains"]:
                f.write("contains: " + s + "\n")
    print("%d cases in %s" % (len(CASES), os.path.normpath(OUT)))


if __name__ == "__main__":
    main()
