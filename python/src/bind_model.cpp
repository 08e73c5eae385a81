// model + io: Scenario and Plan, the scenario description as a plain dict
// (the YAML file's shape, for frames and what-ifs built in Python), and the
// YAML/CSV texts (for pickling and files).
#include <cmath>
#include <filesystem>
#include <limits>
#include <set>

#include "common.hpp"

namespace cadreplan::python {

namespace {

// ---- spec -> dict ------------------------------------------------------------------

/// An integral double as a Python int (seats 120, not 120.0), else a float.
py::object number(double v) {
  if (std::isfinite(v) && std::floor(v) == v && std::fabs(v) < 9.0e15) return py::int_(static_cast<long long>(v));
  return py::float_(v);
}

py::dict per_year_dict(const PerYear& p) {
  py::dict d;
  if (p.default_value) d["default"] = number(*p.default_value);
  for (const auto& [y, v] : p.values) d[py::int_(y)] = number(v);
  return d;
}

py::dict selector_dict(const Selector& s) {
  py::dict d;
  if (s.tier) d["tier"] = py::cast(*s.tier);
  if (s.sex) d["sex"] = py::cast(*s.sex);
  if (!s.flags.empty()) d["flags"] = py::cast(s.flags);
  if (s.min_age) d["min_age"] = *s.min_age;
  if (s.max_age) d["max_age"] = *s.max_age;
  return d;
}

py::dict spec_to_dict(const ScenarioSpec& s) {
  py::dict d;
  d["format"] = s.format;
  d["name"] = s.name;
  py::dict horizon;
  horizon["start"] = s.start;
  horizon["end"] = s.end;
  d["horizon"] = horizon;
  py::dict ladders;
  for (const Ladder& l : s.ladders) ladders[py::str(l.name)] = py::cast(l.levels);
  d["ladders"] = ladders;
  py::dict credentials;
  for (const Credential& c : s.credentials) {
    py::dict cd;
    if (c.valid_years) cd["valid_years"] = *c.valid_years;
    credentials[py::str(c.name)] = cd;
  }
  d["credentials"] = credentials;
  py::dict retirement;
  retirement["male"] = s.policy.retirement_age_male;
  retirement["female"] = s.policy.retirement_age_female;
  d["retirement_age"] = retirement;
  d["max_concurrent_programs"] = s.policy.max_concurrent_programs;
  d["min_service_years_after"] = s.policy.min_service_years_after;
  d["budget"] = s.budget ? py::object(per_year_dict(*s.budget)) : py::object(py::none());
  py::dict groups;
  for (const Group& g : s.groups) groups[py::str(g.name)] = selector_dict(g.selector);
  d["groups"] = groups;
  py::list programs;
  for (const Program& p : s.programs) {
    py::dict pd;
    pd["id"] = p.id;
    pd["name"] = p.name;
    py::dict grants;
    if (p.grants.is_credential()) {
      grants["credential"] = p.grants.credential;
    } else {
      grants["ladder"] = p.grants.ladder;
      grants["level"] = p.grants.level;
    }
    pd["grants"] = grants;
    py::dict requires_;
    for (const Requirement& r : p.requires_) requires_[py::str(r.ladder)] = r.level;
    pd["requires"] = requires_;
    pd["eligible"] = selector_dict(p.eligible);
    pd["duration_years"] = p.duration_years;
    pd["seats"] = per_year_dict(p.seats);
    pd["cost_per_year"] = number(p.cost_per_year);
    if (p.min_service_years_after) pd["min_service_years_after"] = *p.min_service_years_after;
    programs.append(pd);
  }
  d["programs"] = programs;
  py::list targets;
  for (const Target& t : s.targets) {
    py::dict td;
    td["id"] = t.id;
    td["group"] = t.group;
    if (t.is_credential()) {
      td["credential"] = t.credential;
    } else {
      td["ladder"] = t.ladder;
      td["at_least"] = t.at_least;
    }
    py::dict checkpoints;
    for (const Checkpoint& c : t.checkpoints) checkpoints[py::int_(c.year)] = c.share.text();
    td["checkpoints"] = checkpoints;
    td["weight"] = number(t.weight);
    targets.append(td);
  }
  d["targets"] = targets;
  d["roster"] = s.roster;
  return d;
}

// ---- dict -> spec --------------------------------------------------------------------

/// Reads a spec dict, naming the field of anything wrong as the YAML reader does.
class SpecReader {
 public:
  [[noreturn]] void fail(const std::string& field, py::handle value, const std::string& expected) const {
    std::string seen = value ? std::string(py::repr(value)) : std::string();
    if (seen.size() > 80) seen = seen.substr(0, 77) + "...";
    Problem p{"", 0, field, seen, expected, field + ": expected " + expected + (seen.empty() ? "" : ", got " + seen)};
    throw ScenarioError("invalid scenario description: " + p.message, {p}, 1);
  }

  static bool is_none(py::handle h) { return !h || h.is_none(); }
  static bool is_nan(py::handle h) {
    if (!PyFloat_Check(h.ptr()) && !py::hasattr(h, "__float__")) return false;
    if (py::isinstance<py::str>(h) || PyBool_Check(h.ptr())) return false;
    const double v = PyFloat_AsDouble(h.ptr());
    if (PyErr_Occurred()) {
      PyErr_Clear();
      return false;
    }
    return std::isnan(v);
  }
  /// Missing, None or NaN (a pandas empty cell).
  static bool absent(py::handle h) { return is_none(h) || is_nan(h); }

  std::string str(py::handle h, const std::string& field) const {
    if (!py::isinstance<py::str>(h)) fail(field, h, "a string");
    return h.cast<std::string>();
  }
  long long integer(py::handle h, const std::string& field) const {
    if (is_none(h) || py::isinstance<py::str>(h) || PyBool_Check(h.ptr())) fail(field, h, "a whole number");
    PyObject* idx = PyNumber_Index(h.ptr());
    if (idx) {
      long long v = PyLong_AsLongLong(idx);
      Py_DECREF(idx);
      if (!PyErr_Occurred()) return v;
    }
    PyErr_Clear();
    const double d = PyFloat_AsDouble(h.ptr());
    if (PyErr_Occurred()) {
      PyErr_Clear();
      fail(field, h, "a whole number");
    }
    if (!std::isfinite(d) || std::floor(d) != d || std::fabs(d) > 1e15) fail(field, h, "a whole number");
    return static_cast<long long>(d);
  }
  double real(py::handle h, const std::string& field) const {
    if (is_none(h) || py::isinstance<py::str>(h) || PyBool_Check(h.ptr())) fail(field, h, "a number");
    const double d = PyFloat_AsDouble(h.ptr());
    if (PyErr_Occurred()) {
      PyErr_Clear();
      fail(field, h, "a number");
    }
    if (!std::isfinite(d)) fail(field, h, "a finite number");
    return d;
  }
  py::dict dict(py::handle h, const std::string& field) const {
    if (!py::isinstance<py::dict>(h)) fail(field, h, "a mapping");
    return py::reinterpret_borrow<py::dict>(h);
  }
  py::list list(py::handle h, const std::string& field) const {
    if (py::isinstance<py::str>(h) || !py::isinstance<py::sequence>(h)) fail(field, h, "a list");
    return py::list(py::reinterpret_borrow<py::object>(h));
  }
  std::vector<std::string> strings(py::handle h, const std::string& field) const {
    std::vector<std::string> out;
    py::list l = list(h, field);
    for (std::size_t i = 0; i < l.size(); ++i) out.push_back(str(l[i], field + "[" + std::to_string(i) + "]"));
    return out;
  }
  void only(const py::dict& d, const std::string& field, std::initializer_list<const char*> keys) const {
    for (auto item : d) {
      if (!py::isinstance<py::str>(item.first)) fail(field, item.first, "a string key");
      const std::string k = item.first.cast<std::string>();
      bool known = false;
      for (const char* key : keys) known = known || k == key;
      if (!known) {
        std::string list;
        for (const char* key : keys) list += (list.empty() ? "" : ", ") + std::string(key);
        fail(field + "." + k, item.first, "one of the keys " + list);
      }
    }
  }
  static py::object get(const py::dict& d, const char* key) {
    return d.contains(key) ? py::reinterpret_borrow<py::object>(d[key]) : py::object(py::none());
  }

  Year year_key(py::handle k, const std::string& field) const {
    if (py::isinstance<py::str>(k)) {
      const std::string s = k.cast<std::string>();
      try {
        std::size_t used = 0;
        const long long v = std::stoll(s, &used);
        if (used == s.size()) return static_cast<Year>(v);
      } catch (const std::exception&) {
      }
      fail(field, k, "a year");
    }
    return static_cast<Year>(integer(k, field));
  }

  PerYear per_year(py::handle h, const std::string& field) const {
    if (!py::isinstance<py::dict>(h)) return PerYear::constant(real(h, field));
    PerYear p;
    for (auto item : py::reinterpret_borrow<py::dict>(h)) {
      if (py::isinstance<py::str>(item.first) && item.first.cast<std::string>() == "default") {
        if (!absent(item.second)) p.default_value = real(item.second, field + ".default");
        continue;
      }
      const Year y = year_key(item.first, field);
      if (absent(item.second)) continue;
      p.values[y] = real(item.second, field + "." + std::to_string(y));
    }
    return p;
  }

  Selector selector(py::handle h, const std::string& field) const {
    Selector s;
    if (is_none(h)) return s;
    py::dict d = dict(h, field);
    only(d, field, {"tier", "sex", "flags", "min_age", "max_age"});
    if (!absent(get(d, "tier"))) s.tier = strings(d["tier"], field + ".tier");
    if (!absent(get(d, "sex"))) s.sex = strings(d["sex"], field + ".sex");
    if (!absent(get(d, "flags"))) s.flags = strings(d["flags"], field + ".flags");
    if (!absent(get(d, "min_age"))) s.min_age = static_cast<int>(integer(d["min_age"], field + ".min_age"));
    if (!absent(get(d, "max_age"))) s.max_age = static_cast<int>(integer(d["max_age"], field + ".max_age"));
    return s;
  }

  Share share(py::handle h, const std::string& field) const {
    try {
      if (py::isinstance<py::str>(h)) return Share::parse(h.cast<std::string>());
      return Share::from_double(real(h, field));
    } catch (const std::invalid_argument&) {
      fail(field, h, "a share: a decimal number in [0, 1]");
    }
  }

  ScenarioSpec spec(const py::dict& d) const {
    only(d, "scenario", {"format", "name", "horizon", "ladders", "credentials", "retirement_age", "max_concurrent_programs",
                         "min_service_years_after", "budget", "groups", "programs", "targets", "roster"});
    ScenarioSpec s;
    if (!absent(get(d, "format"))) s.format = str(d["format"], "format");
    if (!absent(get(d, "name"))) s.name = str(d["name"], "name");
    py::dict horizon = dict(get(d, "horizon"), "horizon");
    only(horizon, "horizon", {"start", "end"});
    s.start = static_cast<Year>(integer(get(horizon, "start"), "horizon.start"));
    s.end = static_cast<Year>(integer(get(horizon, "end"), "horizon.end"));
    for (auto item : dict(get(d, "ladders"), "ladders")) {
      const std::string name = str(item.first, "ladders");
      s.ladders.push_back(Ladder{name, strings(item.second, "ladders." + name)});
    }
    if (!absent(get(d, "credentials")))
      for (auto item : dict(d["credentials"], "credentials")) {
        const std::string name = str(item.first, "credentials");
        Credential c{name, std::nullopt};
        if (!absent(item.second)) {
          if (py::isinstance<py::dict>(item.second)) {
            py::dict cd = py::reinterpret_borrow<py::dict>(item.second);
            only(cd, "credentials." + name, {"valid_years"});
            if (!absent(get(cd, "valid_years")))
              c.valid_years = static_cast<int>(integer(cd["valid_years"], "credentials." + name + ".valid_years"));
          } else {
            c.valid_years = static_cast<int>(integer(item.second, "credentials." + name + ".valid_years"));
          }
        }
        s.credentials.push_back(c);
      }
    if (!absent(get(d, "retirement_age"))) {
      py::dict r = dict(d["retirement_age"], "retirement_age");
      only(r, "retirement_age", {"male", "female"});
      if (!absent(get(r, "male"))) s.policy.retirement_age_male = static_cast<int>(integer(r["male"], "retirement_age.male"));
      if (!absent(get(r, "female")))
        s.policy.retirement_age_female = static_cast<int>(integer(r["female"], "retirement_age.female"));
    }
    if (!absent(get(d, "max_concurrent_programs")))
      s.policy.max_concurrent_programs = static_cast<int>(integer(d["max_concurrent_programs"], "max_concurrent_programs"));
    if (!absent(get(d, "min_service_years_after")))
      s.policy.min_service_years_after = static_cast<int>(integer(d["min_service_years_after"], "min_service_years_after"));
    if (!absent(get(d, "budget"))) s.budget = per_year(d["budget"], "budget");
    if (!absent(get(d, "groups")))
      for (auto item : dict(d["groups"], "groups")) {
        const std::string name = str(item.first, "groups");
        s.groups.push_back(Group{name, selector(item.second, "groups." + name)});
      }
    py::list programs = list(get(d, "programs"), "programs");
    for (std::size_t i = 0; i < programs.size(); ++i) {
      const std::string f = "programs[" + std::to_string(i) + "]";
      py::dict pd = dict(programs[i], f);
      only(pd, f, {"id", "name", "grants", "requires", "eligible", "duration_years", "seats", "cost_per_year",
                   "min_service_years_after"});
      Program p;
      p.id = str(get(pd, "id"), f + ".id");
      if (!absent(get(pd, "name"))) p.name = str(pd["name"], f + ".name");
      py::dict g = dict(get(pd, "grants"), f + ".grants");
      only(g, f + ".grants", {"ladder", "level", "credential"});
      if (!absent(get(g, "credential"))) {
        p.grants.credential = str(g["credential"], f + ".grants.credential");
      } else {
        p.grants.ladder = str(get(g, "ladder"), f + ".grants.ladder");
        p.grants.level = str(get(g, "level"), f + ".grants.level");
      }
      if (!absent(get(pd, "requires")))
        for (auto item : dict(pd["requires"], f + ".requires")) {
          const std::string ladder = str(item.first, f + ".requires");
          p.requires_.push_back(Requirement{ladder, str(item.second, f + ".requires." + ladder)});
        }
      p.eligible = selector(get(pd, "eligible"), f + ".eligible");
      if (!absent(get(pd, "duration_years")))
        p.duration_years = static_cast<int>(integer(pd["duration_years"], f + ".duration_years"));
      if (!absent(get(pd, "seats"))) p.seats = per_year(pd["seats"], f + ".seats");
      if (!absent(get(pd, "cost_per_year"))) p.cost_per_year = real(pd["cost_per_year"], f + ".cost_per_year");
      if (!absent(get(pd, "min_service_years_after")))
        p.min_service_years_after = static_cast<int>(integer(pd["min_service_years_after"], f + ".min_service_years_after"));
      s.programs.push_back(std::move(p));
    }
    py::list targets = list(get(d, "targets"), "targets");
    for (std::size_t i = 0; i < targets.size(); ++i) {
      const std::string f = "targets[" + std::to_string(i) + "]";
      py::dict td = dict(targets[i], f);
      only(td, f, {"id", "group", "ladder", "at_least", "credential", "checkpoints", "weight"});
      Target t;
      t.id = str(get(td, "id"), f + ".id");
      t.group = str(get(td, "group"), f + ".group");
      if (!absent(get(td, "credential"))) {
        t.credential = str(td["credential"], f + ".credential");
      } else {
        t.ladder = str(get(td, "ladder"), f + ".ladder");
        t.at_least = str(get(td, "at_least"), f + ".at_least");
      }
      for (auto item : dict(get(td, "checkpoints"), f + ".checkpoints")) {
        const Year y = year_key(item.first, f + ".checkpoints");
        t.checkpoints.push_back(Checkpoint{y, share(item.second, f + ".checkpoints." + std::to_string(y))});
      }
      if (!absent(get(td, "weight"))) t.weight = real(td["weight"], f + ".weight");
      s.targets.push_back(std::move(t));
    }
    if (!absent(get(d, "roster"))) s.roster = str(d["roster"], "roster");
    return s;
  }
};

// ---- roster columns -------------------------------------------------------------------

py::dict roster_columns(const Scenario& sc) {
  const Roster& r = sc.roster();
  const auto& spec = sc.spec();
  const std::size_t n = r.size();
  py::dict d;
  d["id"] = py::cast(r.id);
  d["birth_year"] = to_array(r.birth_year);
  std::vector<std::uint8_t> sex(n);
  for (std::size_t i = 0; i < n; ++i) sex[i] = static_cast<std::uint8_t>(r.sex[i]);
  d["sex"] = py::make_tuple(to_array(sex), py::cast(std::vector<std::string>{"male", "female"}));
  d["tier"] = py::make_tuple(to_array(r.tier), py::cast(r.tier_names));
  std::vector<std::string> flags(n);
  for (std::size_t i = 0; i < n; ++i) flags[i] = r.flags_text(i);
  d["flags"] = py::cast(flags);
  py::dict levels;
  for (std::size_t l = 0; l < spec.ladders.size(); ++l)
    levels[py::str(spec.ladders[l].name)] = py::make_tuple(to_array(r.level[l]), py::cast(spec.ladders[l].levels));
  d["levels"] = levels;
  py::dict credentials;
  for (std::size_t c = 0; c < spec.credentials.size(); ++c)
    credentials[py::str(spec.credentials[c].name)] = to_array(r.credential[c]);
  d["credentials"] = credentials;
  return d;
}

py::list warnings_list(const Scenario& sc) {
  py::list l;
  for (const Problem& p : sc.warnings()) l.append(problem_dict(p));
  return l;
}

/// A scenario from its YAML and roster CSV texts (the pickled form).
Scenario from_text(const std::string& yaml, const std::string& csv, const std::string& file) {
  SourceMap src;
  ScenarioSpec spec = io::parse_scenario(yaml, file, src);
  const std::string roster_file =
      (std::filesystem::path(file).parent_path() / (spec.roster.empty() ? "roster.csv" : spec.roster)).string();
  Roster roster = io::parse_roster(csv, roster_file, spec);
  return Scenario::build(std::move(spec), std::move(roster), std::move(src));
}

}  // namespace

void bind_model(py::module_& m) {
  py::class_<Scenario>(m, "Scenario",
                       "A validated, compiled, immutable scenario (C++ cadreplan::Scenario). "
                       "Use cadreplan.Scenario, which wraps it.")
      .def_property_readonly("name", [](const Scenario& s) { return s.spec().name; }, "The scenario's name.")
      .def_property_readonly("start", &Scenario::start, "The first plan year.")
      .def_property_readonly("end", &Scenario::end, "The last plan year (inclusive).")
      .def_property_readonly("years", &Scenario::years, "Number of plan years.")
      .def_property_readonly("cadres", [](const Scenario& s) { return s.roster().size(); }, "Number of cadres in the roster.")
      .def_property_readonly(
          "program_ids",
          [](const Scenario& s) {
            std::vector<std::string> ids;
            for (const auto& p : s.spec().programs) ids.push_back(p.id);
            return ids;
          },
          "Program ids, in the scenario's order.")
      .def_property_readonly(
          "target_ids",
          [](const Scenario& s) {
            std::vector<std::string> ids;
            for (const auto& t : s.spec().targets) ids.push_back(t.id);
            return ids;
          },
          "Target ids, in the scenario's order.")
      .def("warnings", &warnings_list, "Non-fatal findings, as problem dicts (file, line, field, value, expected, message).")
      .def("spec", [](const Scenario& s) { return spec_to_dict(s.spec()); },
           "The scenario description as a dict shaped like the YAML file (shares as decimal strings).")
      .def("roster_columns", &roster_columns,
           "The roster by column: id (list), birth_year (int32 array), sex/tier ((codes, names)), flags (';'-joined "
           "strings), levels ({ladder: (codes, level names)}), credentials ({name: int32 completion years, INT_MIN = never}).")
      .def("yaml", [](const Scenario& s, const std::string& roster_file) { return io::scenario_yaml(s.spec(), roster_file); },
           py::arg("roster_file") = "roster.csv", "The scenario as YAML text naming @p roster_file as its roster.")
      .def("roster_csv", &io::roster_csv, py::call_guard<py::gil_scoped_release>(), "The roster as CSV text.")
      .def("save", &io::write_scenario, py::arg("dir"), py::call_guard<py::gil_scoped_release>(),
           "Writes scenario.yaml and roster.csv into dir (created if needed).")
      .def("cadre_index", &Scenario::cadre_index, py::arg("id"), "Index of a cadre id, or -1.")
      .def("program_index", &Scenario::program_index, py::arg("id"), "Index of a program id, or -1.")
      .def("target_index", &Scenario::target_index, py::arg("id"), "Index of a target id, or -1.");

  m.def("read_scenario", &io::read_scenario, py::arg("path"), py::call_guard<py::gil_scoped_release>(),
        "Reads a scenario YAML file and the roster it names. Raises ScenarioError listing every problem.");
  m.def("scenario_from_text", &from_text, py::arg("yaml"), py::arg("roster_csv"), py::arg("file") = "scenario.yaml",
        py::call_guard<py::gil_scoped_release>(),
        "A scenario from its YAML text and roster CSV text; problems are located in @p file and its roster.");
  m.def(
      "build_scenario",
      [](const py::dict& spec_dict, const std::string& roster_csv, const std::string& roster_file) {
        ScenarioSpec spec = SpecReader().spec(spec_dict);
        py::gil_scoped_release release;
        Roster roster = io::parse_roster(roster_csv, roster_file, spec);
        return Scenario::build(std::move(spec), std::move(roster));
      },
      py::arg("spec"), py::arg("roster_csv"), py::arg("roster_file") = "roster",
      "A scenario from a spec dict (the YAML file's shape) and a roster CSV text. Raises ScenarioError.");
  m.def(
      "rebuild_scenario",
      [](const Scenario& base, const py::dict& spec_dict) {
        ScenarioSpec spec = SpecReader().spec(spec_dict);
        py::gil_scoped_release release;
        return Scenario::build(std::move(spec), base.roster());
      },
      py::arg("base"), py::arg("spec"),
      "A new scenario: @p spec (a dict) with the roster of @p base (for what-ifs; ladders and credentials must not change).");

  py::class_<Plan>(m, "Plan", "A training plan: enrollments (cadre, program, start year).")
      .def(py::init<>(), "An empty plan.")
      .def("__len__", &Plan::size)
      .def_readonly("unknown_ids", &Plan::unknown_ids, "Ids the plan named that the scenario lacks.")
      .def(
          "columns",
          [](const Plan& p, const Scenario& sc) {
            const std::size_t n = p.size();
            std::vector<std::string> cadres(n), programs(n);
            std::vector<std::int32_t> start(n);
            for (std::size_t i = 0; i < n; ++i) {
              cadres[i] = p.cadre_id(sc, i);
              programs[i] = p.program_id(sc, i);
              start[i] = p.enrollments[i].start;
            }
            return py::make_tuple(py::cast(cadres), py::cast(programs), to_array(start));
          },
          py::arg("scenario"), "(cadre_ids, program_ids, start_years) in the plan's row order.")
      .def_static(
          "from_columns",
          [](const Scenario& sc, const std::vector<std::string>& cadres, const std::vector<std::string>& programs,
             const std::vector<long long>& start) {
            if (cadres.size() != programs.size() || cadres.size() != start.size())
              throw PlanError("plan columns differ in length",
                              {Problem{"", 0, "plan", std::to_string(cadres.size()) + "/" + std::to_string(programs.size()) +
                                                          "/" + std::to_string(start.size()),
                                       "columns of equal length", "cadre_id, program_id and start_year differ in length"}},
                              1);
            Plan plan;
            std::unordered_map<std::string, std::int32_t> unknown;
            auto resolve = [&](const std::string& id, bool cadre) -> std::int32_t {
              std::int32_t i = cadre ? sc.cadre_index(id) : sc.program_index(id);
              if (i >= 0) return i;
              auto [it, fresh] = unknown.emplace(id, static_cast<std::int32_t>(plan.unknown_ids.size()));
              if (fresh) plan.unknown_ids.push_back(id);
              return -it->second - 1;
            };
            plan.enrollments.reserve(cadres.size());
            for (std::size_t i = 0; i < cadres.size(); ++i) {
              if (start[i] < -100000 || start[i] > 100000)
                throw PlanError("plan row " + std::to_string(i) + ": start_year out of range",
                                {Problem{"", static_cast<int>(i), "start_year", std::to_string(start[i]), "a year",
                                         "start_year is not a plausible year"}},
                                1);
              plan.enrollments.push_back(
                  Enrollment{resolve(cadres[i], true), resolve(programs[i], false), static_cast<Year>(start[i])});
            }
            return plan;
          },
          py::arg("scenario"), py::arg("cadre_ids"), py::arg("program_ids"), py::arg("start_years"),
          "A plan from columns; ids the scenario lacks are kept (rule 6 is for check to report).")
      .def("sort_canonical", &Plan::sort_canonical, "Sorts rows by (start, program, cadre).");

  m.def("read_plan", &io::read_plan, py::arg("path"), py::arg("scenario"), py::call_guard<py::gil_scoped_release>(),
        "Reads a plan CSV. Raises PlanError on unreadable content.");
  m.def("plan_csv", &io::plan_csv, py::arg("scenario"), py::arg("plan"), py::call_guard<py::gil_scoped_release>(),
        "The plan as CSV text, rows in canonical order.");
  m.def("write_plan", &io::write_plan, py::arg("scenario"), py::arg("plan"), py::arg("path"),
        py::call_guard<py::gil_scoped_release>(), "Writes the plan CSV atomically.");
  m.def("write_text", &io::write_text, py::arg("path"), py::arg("content"), py::call_guard<py::gil_scoped_release>(),
        "Writes text to a file atomically.");
}

}  // namespace cadreplan::python
