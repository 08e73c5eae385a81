// Reading the scenario YAML (cadreplan/1). Type and shape problems are found
// here, with their lines; meaning (unknown names, ranges) is checked in one
// place, Scenario::build.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdangling-pointer"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>
#pragma GCC diagnostic pop

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>

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
  if (s.size() > 60) {
    s.resize(57);
    while (!s.empty() && (static_cast<unsigned char>(s.back()) & 0xC0) == 0x80) s.pop_back();  // keep whole characters
    if (!s.empty() && static_cast<unsigned char>(s.back()) >= 0xC0) s.pop_back();
    s += "...";
  }
  return s;
}

/// " (write the decimal with a point: 0.9)" for a number written with a
/// decimal comma ("0,9", as Vietnamese spreadsheets show it), else "".
std::string decimal_comma_hint(const std::string& s) {
  const auto comma = s.find(',');
  if (comma == std::string::npos || s.find(',', comma + 1) != std::string::npos) return "";
  std::string with_point = s;
  with_point[comma] = '.';
  double d;
  return parse_number(with_point, d) ? " (write the decimal with a point: " + std::string(detail::trim(with_point)) + ")" : "";
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
  /// The value seen, for Problem::value: the text of a scalar, else its kind.
  static std::string text(const YAML::Node& n) {
    if (n.IsScalar()) return n.Scalar();
    if (n.IsSequence()) return "a list";
    if (n.IsMap()) return "a map";
    return "nothing";
  }
  /// The value seen, for a message: a scalar in quotes, else its kind.
  static std::string seen(const YAML::Node& n) { return n.IsScalar() ? "'" + shorten(n.Scalar()) + "'" : text(n); }

  bool is_scalar(const YAML::Node& n, const std::string& field, const std::string& expected) {
    if (n.IsScalar()) return true;
    err(field, n, text(n), expected, "expected " + expected + ", got " + seen(n));
    return false;
  }
  /// A whole number; "2.0" (as JSON exports write it) is read as 2.
  bool get_int(const YAML::Node& n, const std::string& field, int& out, const std::string& expected = "a whole number") {
    mark(field, n);
    if (!is_scalar(n, field, expected)) return false;
    const std::string& s = n.Scalar();
    long long v;
    double d;
    std::string why;
    if (parse_int(s, v)) {
      if (v >= INT_MIN / 2 && v <= INT_MAX / 2) {
        out = static_cast<int>(v);
        return true;
      }
      why = "'" + shorten(s) + "' is too large; expected " + expected;
    } else if (parse_number(s, d)) {
      if (std::isfinite(d) && d == std::floor(d) && d >= INT_MIN / 2 && d <= INT_MAX / 2) {
        out = static_cast<int>(d);
        return true;
      }
      why = std::isfinite(d) && d == std::floor(d) ? "'" + shorten(s) + "' is too large; expected " + expected
                                                   : "'" + shorten(s) + "' is not a whole number; expected " + expected;
    } else {
      why = "expected " + expected + ", got '" + shorten(s) + "'";
    }
    err(field, n, s, expected, why);
    return false;
  }
  bool get_number(const YAML::Node& n, const std::string& field, double& out) {
    mark(field, n);
    if (!is_scalar(n, field, "a number")) return false;
    if (!parse_number(n.Scalar(), out)) {
      err(field, n, n.Scalar(), "a number", "expected a number, got '" + shorten(n.Scalar()) + "'" + decimal_comma_hint(n.Scalar()));
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
      err(field, n, text(n), "a list of names", "expected a list of names, got " + seen(n));
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
    std::map<std::string, int> first_line;  // key -> line of its first use
    for (auto it = map.begin(); it != map.end(); ++it) {
      // Copies, not references: yaml-cpp's iterator returns its pair by value,
      // so `const YAML::Node& k = it->first` would dangle.
      const YAML::Node k = it->first;
      const YAML::Node value = it->second;
      if (!k.IsScalar()) {
        err(field, k, text(k), "a name", "a key is " + seen(k) + "; expected a plain name");
        continue;
      }
      const std::string where = field.empty() ? k.Scalar() : field + "." + k.Scalar();
      auto [first, fresh] = first_line.emplace(k.Scalar(), line(k));
      if (!fresh) {
        err(where, k, k.Scalar(), "each key once",
            "key '" + k.Scalar() + "' is given twice" +
                (first->second > 0 ? " (first on line " + std::to_string(first->second) + ")" : "") +
                "; expected each key once (YAML would silently keep only one of them)");
        continue;
      }
      f(k.Scalar(), value, k);
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
    err(field, n, text(n), expected, "expected " + expected + ", got " + seen(n));
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
        err(f, knode, key, "a year or 'default'", "expected a year or 'default' as key, got '" + shorten(key) + "'");
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
    // A missing key is reported at the line where its map begins.
    auto missing = [&](const char* key, const std::string& expected) {
      err(key, root, "", expected, "the required key '" + std::string(key) + "' is missing; expected " + expected);
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
        else err("horizon.start", h, "", "a year", "the horizon has no start; expected {start: YEAR, end: YEAR}");
        if (h["end"]) get_int(h["end"], "horizon.end", spec.end, "a year");
        else err("horizon.end", h, "", "a year", "the horizon has no end; expected {start: YEAR, end: YEAR}");
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
                "ladder '" + name + "' is " + seen(levels) +
                    "; expected a list of its levels, lowest first, e.g. [none, college, university]");
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
        err("programs", p, text(p), "a list of programs", "expected a list of programs, got " + seen(p));
      else
        for (std::size_t i = 0; i < p.size(); ++i) spec.programs.push_back(program(p[i], "programs[" + std::to_string(i) + "]"));
    }
    if (const auto t = root["targets"]) {
      mark("targets", t);
      if (!t.IsSequence() && !t.IsNull())
        err("targets", t, text(t), "a list of targets", "expected a list of targets, got " + seen(t));
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
      err(field + "." + key, n, "", expected,
          (p.id.empty() ? "program number " + std::to_string(std::stoi(field.substr(9)) + 1) + ":" : "program '" + p.id + "':") +
              " the required key '" + std::string(key) + "' is missing; expected " + expected);
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
          err(field + ".grants.level", g, "", "the level granted",
              "program '" + p.id + "' grants ladder '" + p.grants.ladder + "' but no level; expected {ladder: " + p.grants.ladder +
                  ", level: LEVEL}");
        if (p.grants.ladder.empty() && !p.grants.level.empty())
          err(field + ".grants.ladder", g, "", "the ladder of the level",
              "program '" + p.id + "' grants level '" + p.grants.level + "' but names no ladder; expected {ladder: LADDER, level: " +
                  p.grants.level + "}");
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
      err(field + "." + key, n, "", expected,
          (t.id.empty() ? "target number " + std::to_string(std::stoi(field.substr(8)) + 1) + ":" : "target '" + t.id + "':") +
              " the required key '" + std::string(key) + "' is missing; expected " + expected);
      return false;
    };
    if (need("id", "a target id")) get_string(n["id"], field + ".id", t.id);
    if (need("group", "a group name")) get_string(n["group"], field + ".group", t.group);
    if (n["ladder"]) get_string(n["ladder"], field + ".ladder", t.ladder);
    if (n["at_least"]) get_string(n["at_least"], field + ".at_least", t.at_least);
    if (n["credential"]) get_string(n["credential"], field + ".credential", t.credential);
    if (!t.ladder.empty() && t.at_least.empty())
      err(field + ".at_least", n, "", "a level",
          "target '" + t.id + "' names ladder '" + t.ladder + "' but no at_least; expected the level to reach, e.g. at_least: university");
    if (t.ladder.empty() && !t.at_least.empty())
      err(field + ".ladder", n, "", "a ladder",
          "target '" + t.id + "' names at_least '" + t.at_least + "' but no ladder; expected ladder: LADDER");
    if (need("checkpoints", "a map from year to share")) {
      const auto c = n["checkpoints"];
      if (require_map(c, field + ".checkpoints", "a map from year to share, e.g. {2025: 0.9, 2030: 1}")) {
        each(c, field + ".checkpoints", [&](const std::string& key, const YAML::Node& val, const YAML::Node& knode) {
          const std::string f = field + ".checkpoints." + key;
          mark(f, knode);
          long long y;
          if (!parse_int(key, y) || y < 0 || y > 100000) {
            err(f, knode, key, "a year", "expected a year as checkpoint key, got '" + shorten(key) + "'");
            return;
          }
          if (!is_scalar(val, f, "a share between 0 and 1")) return;
          try {
            t.checkpoints.push_back(Checkpoint{static_cast<Year>(y), Share::parse(val.Scalar())});
          } catch (const std::invalid_argument& e) {
            std::string hint = decimal_comma_hint(val.Scalar());
            // Share::parse says why ("more than 18 decimal places"): a share in [0, 1] may still be unreadable.
            const std::string why = e.what();
            const auto cut = why.find("is not a decimal share: ");
            if (hint.empty() && cut != std::string::npos && why.find("no digits") == std::string::npos &&
                why.find("unexpected character") == std::string::npos)
              hint = " (" + why.substr(cut + 24) + ")";
            if (const auto pct = val.Scalar().find('%'); pct != std::string::npos) {
              try {  // "85%" -> "0.85"
                hint = " (write " + val.Scalar() + " as " + Share::parse(val.Scalar().substr(0, pct) + "e-2").text() + ")";
              } catch (const std::invalid_argument&) {
                hint = " (write 90% as 0.9)";
              }
            }
            err(f, val, val.Scalar(), "a share between 0 and 1", "expected a share between 0 and 1, got '" + shorten(val.Scalar()) + "'" + hint);
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

/// A first pass over the YAML events (no tree is built and aliases are not
/// expanded, so it is linear in the text): reports a text longer than
/// detail::kMaxTextBytes under the field it is in, and the start of a second
/// YAML document (YAML::Load would silently read the first only).
class TextCheck : public YAML::EventHandler {
 public:
  TextCheck(std::string file, Diagnostics& diag) : file_(std::move(file)), diag_(diag) {}
  int documents = 0;
  int second_document_line = 0;

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents == 2) second_document_line = mark.line + 1;
  }
  void OnDocumentEnd() override { stack_.clear(); }
  void OnNull(const YAML::Mark&, YAML::anchor_t) override { done(""); }
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override { done("*"); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string& value) override {
    if (value.size() > detail::kMaxTextBytes) {
      const std::string seen = shorten(value);
      diag_.add(Problem{file_, mark.line + 1, here(), seen, "at most " + std::to_string(detail::kMaxTextBytes) + " bytes",
                        "the text '" + seen + "' is " + std::to_string(value.size()) + " bytes long; expected at most " +
                            std::to_string(detail::kMaxTextBytes) + " bytes (a name, an id, a level or a number)"});
    }
    done(value.size() > 60 ? shorten(value) : value);
  }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    open(false);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override { open(true); }
  void OnMapEnd() override { close(); }

 private:
  struct Level {
    bool is_map = false;
    bool want_key = true;
    std::string key;
    std::size_t index = 0;
    std::string path;
  };
  /// The field of the node about to be read ("programs[1].seats").
  std::string here() const {
    if (stack_.empty()) return "";
    const Level& l = stack_.back();
    if (!l.is_map) return l.path + "[" + std::to_string(l.index) + "]";
    if (l.want_key) return l.path;
    return l.path.empty() ? l.key : l.path + "." + l.key;
  }
  /// A node ends: a key, a map value or a list item.
  void done(const std::string& text) {
    if (stack_.empty()) return;
    Level& l = stack_.back();
    if (!l.is_map) {
      ++l.index;
    } else if (l.want_key) {
      l.key = text;
      l.want_key = false;
    } else {
      l.want_key = true;
    }
  }
  void open(bool is_map) {
    Level l;
    l.is_map = is_map;
    l.path = here();
    stack_.push_back(std::move(l));
  }
  void close() {
    if (!stack_.empty()) stack_.pop_back();
    done("?");
  }
  std::string file_;
  Diagnostics& diag_;
  std::vector<Level> stack_;
};

/// The first character YAML does not allow in a file: a control character
/// other than a tab or a line end, or a carriage return that ends no line
/// (classic Mac OS line ends, which yaml-cpp reads as one long line); npos if none.
std::size_t first_control(std::string_view text) noexcept {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto ch = static_cast<unsigned char>(text[i]);
    if (ch == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) return i;
    if ((ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') || ch == 0x7F) return i;
  }
  return std::string_view::npos;
}

/// The text of line @p line (1-based) of @p text, without its line end.
std::string_view line_text(std::string_view text, int line) {
  std::size_t b = 0;
  for (int l = 1; l < line; ++l) {
    b = text.find('\n', b);
    if (b == std::string_view::npos) return {};
    ++b;
  }
  std::string_view row = text.substr(b);
  row = row.substr(0, row.find('\n'));
  if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
  return row;
}

/// Characters (not bytes) before byte @p byte_column of @p row, plus one.
int char_column(std::string_view row, std::size_t byte_column) {
  int col = 1;
  for (std::size_t i = 0; i < byte_column && i < row.size(); ++i)
    if ((static_cast<unsigned char>(row[i]) & 0xC0) != 0x80) ++col;
  return col;
}

/// Where a planner should look for a syntax error that yaml-cpp notices only
/// later: the line of a '{' / '[' still open at the error, the line of a
/// quoted text that runs on over a line end, or the line before an "illegal
/// map value" that has no ':' after its key. 0 with no better guess.
int suspect_line(std::string_view text, const YAML::Mark& mark, const std::string& msg, std::string& why) {
  const bool flow_map = msg.find("end of map flow") != std::string::npos;
  const bool flow_seq = msg.find("end of sequence flow") != std::string::npos;
  std::vector<std::pair<char, int>> open;  // unclosed brackets and their lines
  int line = 1, multiline_quote = 0;
  char quote = 0;
  int quote_line = 0;
  const std::size_t end = std::min<std::size_t>(static_cast<std::size_t>(std::max(mark.pos, 0)), text.size());
  for (std::size_t i = 0; i < end; ++i) {
    const char ch = text[i];
    if (ch == '\n') {
      if (quote && !multiline_quote) multiline_quote = quote_line;
      ++line;
      continue;
    }
    if (quote) {
      if (quote == '"' && ch == '\\') ++i;
      else if (ch == quote && quote == '\'' && i + 1 < end && text[i + 1] == '\'') ++i;
      else if (ch == quote) quote = 0;
      continue;
    }
    if (ch == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n')) {
      while (i + 1 < end && text[i + 1] != '\n') ++i;
    } else if (ch == '"' || (ch == '\'' && (i == 0 || std::string_view(" \t[{,:-\n").find(text[i - 1]) != std::string_view::npos))) {
      quote = ch;
      quote_line = line;
    } else if (ch == '{' || ch == '[') {
      open.emplace_back(ch, line);
    } else if ((ch == '}' || ch == ']') && !open.empty()) {
      open.pop_back();
    }
  }
  if (multiline_quote > 0 && multiline_quote < mark.line + 1) {
    why = "a quoted text opened on this line is not closed on it";
    return multiline_quote;
  }
  if (flow_map || flow_seq) {
    const char want = flow_map ? '{' : '[';
    for (auto it = open.rbegin(); it != open.rend(); ++it)
      if (it->first == want) {
        why = std::string("a '") + want + "' opened on this line is not closed with '" + (flow_map ? '}' : ']') + "'";
        return it->second;
      }
  }
  if (msg.find("illegal map value") != std::string::npos) {
    for (int l = mark.line; l >= 1; --l) {
      std::string_view row = detail::trim(line_text(text, l));
      if (row.empty() || row.front() == '#') continue;
      if (row.find(':') == std::string_view::npos && row.front() != '-') {
        why = "this line has no ':' after its key";
        return l;
      }
      break;
    }
  }
  return 0;
}

/// A YAML syntax error as a Problem: the line to fix (yaml-cpp's, or an
/// earlier one where the cause is plain), that line's text as the value seen,
/// and a hint for the usual causes.
Problem yaml_syntax_problem(std::string_view text, const std::string& file, const YAML::Exception& e) {
  const int noticed = e.mark.is_null() ? 0 : e.mark.line + 1;
  if (dynamic_cast<const YAML::DeepRecursion*>(&e) != nullptr) {
    const std::string seen = noticed > 0 ? shorten(std::string(line_text(text, noticed))) : std::string();
    return Problem{file, noticed, "", seen, "valid YAML nested a few levels deep",
                   "malformed YAML: the maps and lists nest more than " +
                       std::to_string(static_cast<const YAML::DeepRecursion&>(e).depth()) +
                       " levels deep here; expected a scenario (maps and lists a few levels deep)"};
  }
  std::string why;
  const int suspect = e.mark.is_null() ? 0 : suspect_line(text, e.mark, e.msg, why);
  const int line = suspect > 0 ? suspect : noticed;
  std::string_view row = line > 0 ? line_text(text, line) : std::string_view();
  std::string noticed_at;
  if (noticed > 0) {
    noticed_at = "line " + std::to_string(noticed) + ", column " +
                 std::to_string(char_column(line_text(text, noticed), static_cast<std::size_t>(e.mark.column)));
  }
  std::string seen = shorten(std::string(row));
  for (char& ch : seen)
    if (ch == '\t') ch = ' ';
  const std::string in_line = seen.empty() ? std::string() : " in '" + seen + "'";
  std::string message;
  if (suspect > 0 && suspect != noticed) {
    message = "malformed YAML" + in_line + ": " + why + " (the parser stopped at " + noticed_at + ": " + e.msg + ")";
  } else {
    std::string hint;
    const auto first_text = row.find_first_not_of(" \t");
    if (row.find('\t') != std::string_view::npos && first_text != std::string_view::npos && row.find('\t') < first_text)
      hint = " (this line is indented with a tab; YAML needs spaces)";
    else if (!why.empty())
      hint = " (" + why + ")";
    else if (e.msg.find("end of map not found") != std::string::npos || e.msg.find("end of sequence not found") != std::string::npos)
      hint = " (check the indentation of this line against the lines above it)";
    else if (e.msg.find("illegal map value") != std::string::npos)
      hint = " (put text that contains ': ' in quotes)";
    message = "malformed YAML" + in_line + (noticed_at.empty() ? std::string() : " at " + noticed_at) + ": " + e.msg + hint;
  }
  return Problem{file, line, "", seen, "valid YAML", message + "; expected valid YAML (or JSON)"};
}

}  // namespace

ScenarioSpec parse_scenario(std::string_view yaml_text, const std::string& file, SourceMap& source) {
  YamlReader rd(file, source);
  if (const std::string enc = detail::foreign_encoding(yaml_text); !enc.empty()) {
    Problem p{file, 1, "", detail::CsvReader::shown(yaml_text.substr(0, 8)), "UTF-8 text", enc + "; expected UTF-8 text (save the file as UTF-8)"};
    throw ScenarioError("invalid scenario " + file + ": " + p.to_string(), {p}, 1);
  }
  if (!detail::valid_utf8(yaml_text)) {
    // Locate the first bad byte: its line, and its column counted in characters.
    int line = 1;
    std::size_t line_start = 0, good = 0;
    for (std::size_t i = 0; i <= yaml_text.size(); ++i) {
      if (i == yaml_text.size() || yaml_text[i] == '\n') {
        if (!detail::valid_utf8(yaml_text.substr(good, i - good))) break;
        good = i + 1;
        line_start = i + 1;
        ++line;
      }
    }
    std::size_t bad = line_start;
    int column = 1;
    while (bad < yaml_text.size()) {
      std::size_t len = 1;
      const auto c = static_cast<unsigned char>(yaml_text[bad]);
      if (c >= 0xF0) len = 4; else if (c >= 0xE0) len = 3; else if (c >= 0xC0) len = 2;
      if (c >= 0x80 && (bad + len > yaml_text.size() || !detail::valid_utf8(yaml_text.substr(bad, len)))) break;
      bad += len;
      ++column;
    }
    std::string shown;
    for (std::size_t i = bad; i < yaml_text.size() && i < bad + 12 && yaml_text[i] != '\n'; ++i) {
      const auto ch = static_cast<unsigned char>(yaml_text[i]);
      if (ch >= 0x20 && ch < 0x80) {
        shown.push_back(static_cast<char>(ch));
      } else {
        char hex[8];
        std::snprintf(hex, sizeof hex, "\\x%02X", ch);
        shown += hex;
      }
    }
    Problem p{file, line, "", shown, "UTF-8 text",
              "the text at column " + std::to_string(column) + " is not UTF-8 ('" + shown +
                  "'); expected UTF-8 text (save the file as UTF-8; Latin-1 or Windows-1258 exports break Vietnamese names)"};
    throw ScenarioError("invalid scenario " + file + ": " + p.to_string(), {p}, 1);
  }
  if (const std::size_t bad = first_control(yaml_text); bad != std::string_view::npos) {
    const std::size_t line_start = yaml_text.rfind('\n', bad == 0 ? 0 : bad - 1);
    const std::size_t from = line_start == std::string_view::npos || bad == 0 ? 0 : line_start + 1;
    const int line = 1 + static_cast<int>(std::count(yaml_text.begin(), yaml_text.begin() + static_cast<std::ptrdiff_t>(from), '\n'));
    const int column = char_column(yaml_text.substr(from), bad - from);
    const bool lone_cr = yaml_text[bad] == '\r';
    char hex[8];
    std::snprintf(hex, sizeof hex, "\\x%02X", static_cast<unsigned char>(yaml_text[bad]));
    Problem p{file, line, "", hex, lone_cr ? "LF or CRLF line ends" : "text without control characters",
              lone_cr ? "line " + std::to_string(line) + " ends with a carriage return alone (classic Mac OS line ends) at column " +
                            std::to_string(column) + "; expected LF or CRLF line ends"
                      : "the control character " + std::string(hex) + " at column " + std::to_string(column) +
                            " is not allowed in YAML; expected text without control characters (is it a binary file?)"};
    throw ScenarioError("invalid scenario " + file + ": " + p.to_string(), {p}, 1);
  }
  YAML::Node root;
  try {
    std::istringstream in{std::string(yaml_text)};
    YAML::Parser parser(in);
    TextCheck check(file, rd.diag_);
    while (check.documents < 2 && parser.HandleNextDocument(check)) {
    }
    if (check.documents >= 2)
      rd.diag_.add(Problem{file, check.second_document_line, "", "---", "one YAML document",
                           "a second YAML document starts on line " + std::to_string(check.second_document_line) +
                               "; expected one scenario per file (only the first would be read)"});
    rd.diag_.throw_if_any<ScenarioError>("invalid scenario " + file);
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    Problem p = yaml_syntax_problem(yaml_text, file, e);
    throw ScenarioError("invalid scenario " + file + ": " + p.to_string(), {p}, 1);
  }
  if (!root || root.IsNull()) {
    Problem p{file, 1, "", "", "a scenario map (format, horizon, ladders, programs, targets, roster)",
              "the scenario file is empty (or holds only comments); expected a map with format, horizon, ladders, "
              "credentials, groups, programs, targets and roster"};
    throw ScenarioError("invalid scenario " + file + ": " + p.to_string(), {p}, 1);
  }
  ScenarioSpec spec;
  try {
    spec = rd.read(root);
  } catch (const YAML::Exception& e) {
    rd.diag_.add(yaml_syntax_problem(yaml_text, file, e));
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
  // The roster is named relative to the scenario and lives in its folder (or
  // below): a scenario folder can be moved, zipped or mailed whole, and a
  // scenario from elsewhere cannot make cadreplan read, and quote in its
  // messages, files outside it. A symbolic link placed in the folder is
  // followed (whoever can create it can read the target anyway).
  const fs::path written = fs::path(spec.roster);
  const fs::path inside = written.lexically_normal();
  if (written.is_absolute() || written.has_root_name() || written.has_root_directory() ||
      (!inside.empty() && *inside.begin() == "..")) {
    Problem p{path, source.line_of("roster"), "roster", spec.roster, "a CSV file in the scenario's folder, named relative to it",
              "the roster file '" + shorten(spec.roster) + "' is outside the scenario's folder" +
                  (written.is_absolute() ? " (an absolute path)" : " ('..' leaves the folder)") +
                  "; expected a CSV file in the scenario's folder or below it, named relative to the scenario file "
                  "(copy the roster there, or put a symbolic link to it there)"};
    throw ScenarioError("invalid scenario " + path + ": " + p.to_string(), {p}, 1);
  }
  const fs::path roster_path = fs::path(path).parent_path() / inside;
  const std::string roster_file = roster_path.lexically_normal().string();
  std::string roster_text, why;
  if (!detail::read_file(roster_file, roster_text, why)) {
    // Point at the scenario's `roster:` line, where the planner names the file.
    Problem p{path, source.line_of("roster"), "roster", spec.roster, "a readable roster CSV file (relative to the scenario)",
              "the roster file '" + shorten(spec.roster) + "' cannot be read (" + roster_file + ": " + why +
                  "); expected a readable CSV file, named relative to the scenario file"};
    throw ScenarioError("invalid scenario " + path + ": " + p.to_string(), {p}, 1);
  }
  Roster roster;
  try {
    roster = parse_roster(roster_text, roster_file, spec);
  } catch (const ScenarioError& roster_error) {
    // The roster's columns are the scenario's ladders and credentials, so a
    // roster problem may start in the scenario (a ladder named 'tier', a level
    // given twice): report the scenario's own problems first, then the roster's.
    std::vector<Problem> problems;
    std::size_t total = 0;
    try {
      (void)Scenario::build(spec, Roster(spec.ladders.size(), spec.credentials.size()), source);
    } catch (const ScenarioError& scenario_error) {
      problems = scenario_error.problems();
      total = scenario_error.total();
    }
    if (problems.empty()) throw;
    problems.insert(problems.end(), roster_error.problems().begin(), roster_error.problems().end());
    total += roster_error.total();
    std::string summary = "invalid scenario " + path + " and roster " + roster_file + ": " + std::to_string(total) + " problems";
    for (const auto& p : problems) summary += "\n  " + p.to_string();
    if (total > problems.size()) summary += "\n  ... and " + std::to_string(total - problems.size()) + " more";
    throw ScenarioError(summary, std::move(problems), total);
  }
  return Scenario::build(std::move(spec), std::move(roster), std::move(source));
}

}  // namespace cadreplan::io
