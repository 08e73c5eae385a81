// Reading the scenario YAML (cadreplan/1). Type and shape problems are found
// here, with their lines; meaning (unknown names, ranges) is checked in one
// place, Scenario::build.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdangling-pointer"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <yaml-cpp/yaml.h>
#pragma GCC diagnostic pop

#include <algorithm>
#include <climits>
#include <filesystem>
#include <set>

#include "cadreplan/io/io.hpp"
#include "io/csv.hpp"

namespace cadreplan::io {

namespace {

using detail::parse_int;
using detail::parse_number;

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string shorten(std::string s) {
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

class YamlReader {
 public:
  YamlReader(std::string file, SourceMap& src) : file_(std::move(file)), src_(src) { src_.file = file_; }

  int line(const YAML::Node& n) const { return n.Mark().is_null() ? 0 : n.Mark().line + 1; }
  void mark(const std::string& field, const YAML::Node& n) {
    if (line(n) > 0) src_.lines.emplace(field, line(n));
  }
  void err(const std::string& field, const YAML::Node& n, std::string value, std::string expected, std::string msg) {
    diag_.add(Problem{file_, line(n), field, shorten(std::move(value)), std::move(expected), std::move(msg)});
  }
  void warn(const std::string& field, const YAML::Node& n, std::string value, std::string msg) {
    src_.warnings.push_back(Problem{file_, line(n), field, shorten(std::move(value)), "", std::move(msg)});
  }
  static std::string text(const YAML::Node& n) {
    if (n.IsScalar()) return n.Scalar();
    if (n.IsSequence()) return "a list";
    if (n.IsMap()) return "a map";
    return "nothing";
  }

  bool is_scalar(const YAML::Node& n, const std::string& field, const std::string& expected) {
    if (n.IsScalar()) return true;
    err(field, n, text(n), expected, "expected " + expected + ", got " + text(n));
    return false;
  }
  bool get_int(const YAML::Node& n, const std::string& field, int& out, const std::string& expected = "a whole number") {
    mark(field, n);
    if (!is_scalar(n, field, expected)) return false;
    long long v;
    if (!parse_int(n.Scalar(), v) || v < INT_MIN / 2 || v > INT_MAX / 2) {
      double d;
      std::string why = parse_number(n.Scalar(), d) ? "expected " + expected + ", got '" + n.Scalar() + "' (not whole)"
                                                     : "expected " + expected + ", got '" + n.Scalar() + "'";
      err(field, n, n.Scalar(), expected, why);
      return false;
    }
    out = static_cast<int>(v);
    return true;
  }
  bool get_number(const YAML::Node& n, const std::string& field, double& out) {
    mark(field, n);
    if (!is_scalar(n, field, "a number")) return false;
    if (!parse_number(n.Scalar(), out)) {
      err(field, n, n.Scalar(), "a number", "expected a number, got '" + n.Scalar() + "'");
      return false;
    }
    return true;
  }
  bool get_string(const YAML::Node& n, const std::string& field, std::string& out) {
    mark(field, n);
    if (!is_scalar(n, field, "a text value")) return false;
    out = n.Scalar();
    return true;
  }
  std::vector<std::string> get_strings(const YAML::Node& n, const std::string& field) {
    mark(field, n);
    std::vector<std::string> out;
    if (n.IsScalar()) {  // one name given without brackets
      out.push_back(n.Scalar());
      return out;
    }
    if (!n.IsSequence()) {
      err(field, n, text(n), "a list of names", "expected a list of names, got " + text(n));
      return out;
    }
    for (std::size_t i = 0; i < n.size(); ++i) {
      std::string s;
      if (get_string(n[i], field + "[" + std::to_string(i) + "]", s)) out.push_back(s);
    }
    return out;
  }
  /// Iterates a map's entries, reporting non-scalar and duplicated keys.
  template <class F>
  void each(const YAML::Node& map, const std::string& field, F&& f) {
    std::set<std::string> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
      const YAML::Node& k = it->first;
      if (!k.IsScalar()) {
        err(field, k, text(k), "a name", "a key must be a plain name");
        continue;
      }
      if (!seen.insert(k.Scalar()).second) {
        err(field + "." + k.Scalar(), k, k.Scalar(), "each key once", "key '" + k.Scalar() + "' is given twice");
        continue;
      }
      f(k.Scalar(), it->second, k);
    }
  }
  /// Warns about keys outside @p allowed, suggesting the closest allowed key.
  void check_keys(const YAML::Node& map, const std::string& field, const std::vector<std::string>& allowed) {
    each(map, field, [&](const std::string& key, const YAML::Node&, const YAML::Node& knode) {
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) return;
      std::string best;
      std::size_t bd = 3;
      for (auto& a : allowed) {
        std::size_t d = edit_distance(key, a);
        if (d < bd) {
          bd = d;
          best = a;
        }
      }
      const std::string where = field.empty() ? key : field + "." + key;
      warn(where, knode, key, "unknown key '" + key + "' is ignored" + (best.empty() ? "" : " (did you mean '" + best + "'?)"));
    });
  }
  bool require_map(const YAML::Node& n, const std::string& field, const std::string& expected) {
    mark(field, n);
    if (n.IsMap()) return true;
    err(field, n, text(n), expected, "expected " + expected + ", got " + text(n));
    return false;
  }

  Selector selector(const YAML::Node& n, const std::string& field) {
    Selector s;
    mark(field, n);
    if (n.IsNull()) return s;
    if (!require_map(n, field, "a selector map (tier, sex, flags, min_age, max_age)")) return s;
    check_keys(n, field, {"tier", "sex", "flags", "min_age", "max_age"});
    if (n["tier"]) s.tier = get_strings(n["tier"], field + ".tier");
    if (n["sex"]) s.sex = get_strings(n["sex"], field + ".sex");
    if (n["flags"]) s.flags = get_strings(n["flags"], field + ".flags");
    int v;
    if (n["min_age"] && get_int(n["min_age"], field + ".min_age", v, "an age in years")) s.min_age = v;
    if (n["max_age"] && get_int(n["max_age"], field + ".max_age", v, "an age in years")) s.max_age = v;
    return s;
  }

  PerYear per_year(const YAML::Node& n, const std::string& field) {
    PerYear py;
    mark(field, n);
    if (n.IsScalar()) {
      double v;
      if (get_number(n, field, v)) py.default_value = v;
      return py;
    }
    if (!require_map(n, field, "a number, or a map from year (or 'default') to number")) return py;
    each(n, field, [&](const std::string& key, const YAML::Node& val, const YAML::Node& knode) {
      const std::string f = field + "." + key;
      mark(f, knode);
      double v;
      if (key == "default") {
        if (get_number(val, f, v)) py.default_value = v;
        return;
      }
      long long y;
      if (!parse_int(key, y) || y < 0 || y > 100000) {
        err(f, knode, key, "a year or 'default'", "expected a year or 'default' as key, got '" + key + "'");
        return;
      }
      if (get_number(val, f, v)) py.values[static_cast<Year>(y)] = v;
    });
    return py;
  }

  ScenarioSpec read(const YAML::Node& root) {
    ScenarioSpec spec;
    spec.format.clear();
    if (!require_map(root, "", "a scenario map (format, horizon, ladders, ...)")) return spec;
    check_keys(root, "", {"format", "name", "horizon", "ladders", "credentials", "retirement_age", "max_concurrent_programs",
                          "min_service_years_after", "budget", "groups", "programs", "targets", "roster"});
    auto missing = [&](const char* key, const std::string& expected) {
      err(key, root, "", expected, "the required key '" + std::string(key) + "' is missing");
    };
    if (root["format"])
      get_string(root["format"], "format", spec.format);
    else
      missing("format", "format: cadreplan/1");
    if (root["name"]) get_string(root["name"], "name", spec.name);
    if (const auto h = root["horizon"]) {
      if (require_map(h, "horizon", "{start: YEAR, end: YEAR}")) {
        check_keys(h, "horizon", {"start", "end"});
        if (h["start"]) get_int(h["start"], "horizon.start", spec.start, "a year");
        else err("horizon.start", h, "", "a year", "horizon.start is missing");
        if (h["end"]) get_int(h["end"], "horizon.end", spec.end, "a year");
        else err("horizon.end", h, "", "a year", "horizon.end is missing");
      }
    } else {
      missing("horizon", "{start: YEAR, end: YEAR}");
    }
    if (const auto l = root["ladders"]) {
      if (require_map(l, "ladders", "a map from ladder name to its levels, lowest first")) {
        each(l, "ladders", [&](const std::string& name, const YAML::Node& levels, const YAML::Node& knode) {
          mark("ladders." + name, knode);
          Ladder lad{name, {}};
          if (!levels.IsSequence())
            err("ladders." + name, levels, text(levels), "a list of levels, lowest first",
                "ladder '" + name + "' must list its levels, lowest first");
          else
            lad.levels = get_strings(levels, "ladders." + name);
          spec.ladders.push_back(std::move(lad));
        });
      }
    }
    if (const auto c = root["credentials"]) {
      if (require_map(c, "credentials", "a map from credential name to {valid_years: N} or {}")) {
        each(c, "credentials", [&](const std::string& name, const YAML::Node& body, const YAML::Node& knode) {
          const std::string f = "credentials." + name;
          mark(f, knode);
          Credential cr{name, std::nullopt};
          if (!body.IsNull()) {
            if (require_map(body, f, "{valid_years: N} or {}")) {
              check_keys(body, f, {"valid_years"});
              int v;
              if (body["valid_years"] && get_int(body["valid_years"], f + ".valid_years", v, "a whole number of years"))
                cr.valid_years = v;
            }
          }
          spec.credentials.push_back(std::move(cr));
        });
      }
    }
    if (const auto r = root["retirement_age"]) {
      if (require_map(r, "retirement_age", "{male: AGE, female: AGE}")) {
        check_keys(r, "retirement_age", {"male", "female"});
        if (r["male"]) get_int(r["male"], "retirement_age.male", spec.policy.retirement_age_male, "an age in years");
        if (r["female"]) get_int(r["female"], "retirement_age.female", spec.policy.retirement_age_female, "an age in years");
      }
    }
    if (root["max_concurrent_programs"])
      get_int(root["max_concurrent_programs"], "max_concurrent_programs", spec.policy.max_concurrent_programs);
    if (root["min_service_years_after"])
      get_int(root["min_service_years_after"], "min_service_years_after", spec.policy.min_service_years_after);
    if (const auto b = root["budget"]; b && !b.IsNull()) spec.budget = per_year(b, "budget");
    if (const auto g = root["groups"]) {
      if (require_map(g, "groups", "a map from group name to selector")) {
        each(g, "groups", [&](const std::string& name, const YAML::Node& sel, const YAML::Node& knode) {
          mark("groups." + name, knode);
          spec.groups.push_back(Group{name, selector(sel, "groups." + name)});
        });
      }
    }
    if (const auto p = root["programs"]) {
      mark("programs", p);
      if (!p.IsSequence() && !p.IsNull())
        err("programs", p, text(p), "a list of programs", "expected a list of programs, got " + text(p));
      else
        for (std::size_t i = 0; i < p.size(); ++i) spec.programs.push_back(program(p[i], "programs[" + std::to_string(i) + "]"));
    }
    if (const auto t = root["targets"]) {
      mark("targets", t);
      if (!t.IsSequence() && !t.IsNull())
        err("targets", t, text(t), "a list of targets", "expected a list of targets, got " + text(t));
      else
        for (std::size_t i = 0; i < t.size(); ++i) spec.targets.push_back(target(t[i], "targets[" + std::to_string(i) + "]"));
    }
    if (root["roster"])
      get_string(root["roster"], "roster", spec.roster);
    else
      missing("roster", "the roster CSV file name");
    return spec;
  }

  Program program(const YAML::Node& n, const std::string& field) {
    Program p;
    mark(field, n);
    if (!require_map(n, field, "a program map (id, grants, duration_years, seats, cost_per_year, ...)")) return p;
    check_keys(n, field, {"id", "name", "grants", "requires", "eligible", "duration_years", "seats", "cost_per_year",
                          "min_service_years_after"});
    auto need = [&](const char* key, const std::string& expected) {
      if (n[key]) return true;
      err(field + "." + key, n, "", expected, "program: the required key '" + std::string(key) + "' is missing");
      return false;
    };
    if (need("id", "a program id")) get_string(n["id"], field + ".id", p.id);
    if (n["name"]) get_string(n["name"], field + ".name", p.name);
    if (p.name.empty()) p.name = p.id;
    if (need("grants", "{ladder: L, level: V} or {credential: C}")) {
      const auto g = n["grants"];
      if (require_map(g, field + ".grants", "{ladder: L, level: V} or {credential: C}")) {
        check_keys(g, field + ".grants", {"ladder", "level", "credential"});
        if (g["ladder"]) get_string(g["ladder"], field + ".grants.ladder", p.grants.ladder);
        if (g["level"]) get_string(g["level"], field + ".grants.level", p.grants.level);
        if (g["credential"]) get_string(g["credential"], field + ".grants.credential", p.grants.credential);
        if (!p.grants.ladder.empty() && p.grants.level.empty())
          err(field + ".grants.level", g, "", "the level granted", "a ladder grant needs a level");
        if (p.grants.ladder.empty() && !p.grants.level.empty())
          err(field + ".grants.ladder", g, "", "the ladder of the level", "a level grant needs its ladder");
      }
    }
    if (const auto r = n["requires"]; r && !r.IsNull()) {
      if (require_map(r, field + ".requires", "a map from ladder to minimum level")) {
        each(r, field + ".requires", [&](const std::string& ladder, const YAML::Node& lv, const YAML::Node& knode) {
          mark(field + ".requires." + ladder, knode);
          Requirement q{ladder, ""};
          if (get_string(lv, field + ".requires." + ladder, q.level)) p.requires_.push_back(q);
        });
      }
    }
    if (n["eligible"]) p.eligible = selector(n["eligible"], field + ".eligible");
    if (need("duration_years", "a whole number of years"))
      get_int(n["duration_years"], field + ".duration_years", p.duration_years, "a whole number of years");
    if (need("seats", "a number or a map from year to number")) p.seats = per_year(n["seats"], field + ".seats");
    if (need("cost_per_year", "a number")) get_number(n["cost_per_year"], field + ".cost_per_year", p.cost_per_year);
    int v;
    if (n["min_service_years_after"] &&
        get_int(n["min_service_years_after"], field + ".min_service_years_after", v, "a whole number of years"))
      p.min_service_years_after = v;
    return p;
  }

  Target target(const YAML::Node& n, const std::string& field) {
    Target t;
    mark(field, n);
    if (!require_map(n, field, "a target map (id, group, ladder + at_least or credential, checkpoints, weight)")) return t;
    check_keys(n, field, {"id", "group", "ladder", "at_least", "credential", "checkpoints", "weight"});
    auto need = [&](const char* key, const std::string& expected) {
      if (n[key]) return true;
      err(field + "." + key, n, "", expected, "target: the required key '" + std::string(key) + "' is missing");
      return false;
    };
    if (need("id", "a target id")) get_string(n["id"], field + ".id", t.id);
    if (need("group", "a group name")) get_string(n["group"], field + ".group", t.group);
    if (n["ladder"]) get_string(n["ladder"], field + ".ladder", t.ladder);
    if (n["at_least"]) get_string(n["at_least"], field + ".at_least", t.at_least);
    if (n["credential"]) get_string(n["credential"], field + ".credential", t.credential);
    if (!t.ladder.empty() && t.at_least.empty()) err(field + ".at_least", n, "", "a level", "a ladder target needs at_least");
    if (t.ladder.empty() && !t.at_least.empty()) err(field + ".ladder", n, "", "a ladder", "at_least needs its ladder");
    if (need("checkpoints", "a map from year to share")) {
      const auto c = n["checkpoints"];
      if (require_map(c, field + ".checkpoints", "a map from year to share, e.g. {2025: 0.9, 2030: 1}")) {
        each(c, field + ".checkpoints", [&](const std::string& key, const YAML::Node& val, const YAML::Node& knode) {
          const std::string f = field + ".checkpoints." + key;
          mark(f, knode);
          long long y;
          if (!parse_int(key, y) || y < 0 || y > 100000) {
            err(f, knode, key, "a year", "expected a year as checkpoint key, got '" + key + "'");
            return;
          }
          if (!is_scalar(val, f, "a share between 0 and 1")) return;
          try {
            t.checkpoints.push_back(Checkpoint{static_cast<Year>(y), Share::parse(val.Scalar())});
          } catch (const std::invalid_argument&) {
            std::string hint = val.Scalar().find('%') != std::string::npos ? " (write 90% as 0.9)" : "";
            err(f, val, val.Scalar(), "a share between 0 and 1", "expected a share between 0 and 1, got '" + val.Scalar() + "'" + hint);
          }
        });
      }
    }
    if (n["weight"]) get_number(n["weight"], field + ".weight", t.weight);
    return t;
  }

  Diagnostics diag_;

 private:
  std::string file_;
  SourceMap& src_;
};

}  // namespace

ScenarioSpec parse_scenario(std::string_view yaml_text, const std::string& file, SourceMap& source) {
  YamlReader rd(file, source);
  if (!detail::valid_utf8(yaml_text)) {
    // Find the line of the first bad byte.
    int line = 1;
    std::size_t good = 0;
    for (std::size_t i = 0; i < yaml_text.size(); ++i) {
      if (yaml_text[i] == '\n') {
        if (!detail::valid_utf8(yaml_text.substr(good, i - good))) break;
        good = i + 1;
        ++line;
      }
    }
    Problem p{file, line, "", "", "UTF-8 text", "bytes that are not UTF-8 (save the file as UTF-8)"};
    throw ScenarioError("invalid scenario " + file + ": not UTF-8", {p}, 1);
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    Problem p{file, e.mark.is_null() ? 0 : e.mark.line + 1, "", "", "valid YAML", "malformed YAML: " + e.msg};
    throw ScenarioError("invalid scenario " + file + ": " + p.to_string(), {p}, 1);
  }
  if (!root || root.IsNull()) {
    Problem p{file, 0, "", "", "a scenario", "the file is empty"};
    throw ScenarioError("invalid scenario " + file + ": the file is empty", {p}, 1);
  }
  ScenarioSpec spec;
  try {
    spec = rd.read(root);
  } catch (const YAML::Exception& e) {
    rd.diag_.add(Problem{file, e.mark.is_null() ? 0 : e.mark.line + 1, "", "", "valid YAML", "malformed YAML: " + e.msg});
  }
  rd.diag_.throw_if_any<ScenarioError>("invalid scenario " + file);
  return spec;
}

Scenario read_scenario(const std::string& path) {
  const std::string text = detail::slurp(path, "scenario", false);
  SourceMap source;
  ScenarioSpec spec = parse_scenario(text, path, source);
  namespace fs = std::filesystem;
  if (spec.roster.empty()) {
    Problem p{path, source.line_of("roster"), "roster", "", "a roster CSV file name", "the roster file name is empty"};
    throw ScenarioError("invalid scenario " + path + ": " + p.to_string(), {p}, 1);
  }
  fs::path roster_path = fs::path(spec.roster);
  if (roster_path.is_relative()) roster_path = fs::path(path).parent_path() / roster_path;
  Roster roster = read_roster(roster_path.lexically_normal().string(), spec);
  return Scenario::build(std::move(spec), std::move(roster), std::move(source));
}

}  // namespace cadreplan::io
