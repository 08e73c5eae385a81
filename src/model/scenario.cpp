#include "cadreplan/model/scenario.hpp"

#include <algorithm>
#include <charconv>
#include <climits>
#include <cmath>
#include <limits>
#include <set>
#include <sstream>
#include <unordered_set>

#include "model/compiled.hpp"

namespace cadreplan {

std::optional<double> PerYear::at(Year year) const {
  auto it = values.find(year);
  if (it != values.end()) return it->second;
  return default_value;
}

int SourceMap::line_of(std::string_view field) const {
  std::string f(field);
  while (true) {
    auto it = lines.find(f);
    if (it != lines.end()) return it->second;
    auto cut = f.find_last_of(".[");
    if (cut == std::string::npos || cut == 0) return 0;
    f.resize(cut);
  }
}

namespace {

constexpr Year kMinYear = 1000, kMaxYear = 3000;
constexpr int kMaxHorizonYears = 100;

std::string join(const std::vector<std::string>& v, std::size_t max_items = 12) {
  std::string out;
  for (std::size_t i = 0; i < v.size() && i < max_items; ++i) {
    if (i) out += ", ";
    out += v[i];
  }
  if (v.size() > max_items) out += ", ...";
  return out;
}

/// The shortest text that reads back to @p v ("1234567.5", not "1.23457e+06").
std::string fmt(double v) {
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  if (ec != std::errc()) {
    std::ostringstream os;
    os << v;
    return os.str();
  }
  return std::string(buf, p);
}

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

std::string lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

/// " (did you mean 'x'?)" for the closest of @p names to @p seen (a case
/// difference, or at most 2 edits and less than half the name), else "".
std::string suggest(const std::string& seen, const std::vector<std::string>& names) {
  std::string best;
  std::size_t bd = 3;
  for (const auto& n : names) {
    std::size_t d = lower(seen) == lower(n) ? 0 : edit_distance(seen, n);
    if (d < bd && d * 2 < std::max<std::size_t>(n.size(), 2)) {
      bd = d;
      best = n;
    }
  }
  return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

/// Validation context: collects problems located through the source map.
class Validator {
 public:
  Validator(const ScenarioSpec& spec, const SourceMap& src, const Roster& roster)
      : spec_(spec), src_(src), roster_(roster) {}

  void error(const std::string& field, std::string value, std::string expected, std::string message) {
    diag_.add(Problem{src_.file, src_.line_of(field), field, std::move(value), std::move(expected),
                      std::move(message)});
  }
  /// " (first on line N)" / " (first at FIELD)" for the earlier use of a name.
  std::string first_use(const std::string& field) const {
    const int line = src_.line_of(field);
    if (line > 0) return " (first on line " + std::to_string(line) + ")";
    return " (first at " + field + ")";
  }
  void warn(const std::string& field, std::string value, std::string message) {
    warnings_.push_back(Problem{src_.file, src_.line_of(field), field, std::move(value), "", std::move(message)});
  }
  void roster_error(std::size_t c, const std::string& column, std::string value, std::string expected,
                    std::string message) {
    int line = c < roster_.source_line.size() ? roster_.source_line[c] : 0;
    std::string file = roster_.source_file.empty() ? (src_.file.empty() ? "" : spec_.roster) : roster_.source_file;
    diag_.add(Problem{file, line, "roster." + column, std::move(value), std::move(expected), std::move(message)});
  }

  Diagnostics diag_;
  std::vector<Problem> warnings_;
  const ScenarioSpec& spec_;
  const SourceMap& src_;
  const Roster& roster_;
};

}  // namespace

Scenario Scenario::build(ScenarioSpec spec, Roster roster, SourceMap source) {
  auto data = std::make_shared<detail::ScenarioData>();
  Validator v(spec, source, roster);
  detail::Compiled& cp = data->compiled;

  // --- format, horizon ------------------------------------------------------
  if (spec.format != "cadreplan/1")
    v.error("format", spec.format, "cadreplan/1", "unsupported format '" + spec.format + "' (expected 'cadreplan/1')");
  bool horizon_ok = true;
  for (auto [field, y] : {std::pair<const char*, Year>{"horizon.start", spec.start}, {"horizon.end", spec.end}}) {
    if (y < kMinYear || y > kMaxYear) {
      v.error(field, std::to_string(y), "a year between 1000 and 3000",
              std::string(field) + " is " + std::to_string(y) + "; expected a calendar year between 1000 and 3000");
      horizon_ok = false;
    }
  }
  if (horizon_ok && spec.end < spec.start) {
    v.error("horizon.end", std::to_string(spec.end), "a year >= " + std::to_string(spec.start) + " (horizon.start)",
            "the horizon ends in " + std::to_string(spec.end) + ", before it starts in " + std::to_string(spec.start) +
                "; expected an end year of " + std::to_string(spec.start) + " or later (both years are plan years, inclusive)");
    horizon_ok = false;
  }
  if (horizon_ok && spec.end - spec.start + 1 > kMaxHorizonYears) {
    v.error("horizon.end", std::to_string(spec.end), "at most 100 plan years",
            "the horizon " + std::to_string(spec.start) + "-" + std::to_string(spec.end) + " has " +
                std::to_string(spec.end - spec.start + 1) + " years; expected at most the 100 years cadreplan supports");
    horizon_ok = false;
  }
  auto in_horizon = [&](Year y) { return y >= spec.start && y <= spec.end; };

  // --- ladders and credentials ----------------------------------------------
  const std::set<std::string> reserved{"id", "birth_year", "sex", "tier", "flags"};
  std::unordered_set<std::string> column_names;
  for (std::size_t l = 0; l < spec.ladders.size(); ++l) {
    const Ladder& lad = spec.ladders[l];
    std::string field = "ladders." + lad.name;
    if (lad.name.empty()) v.error(field, "", "a name", "a ladder has an empty name; expected a name (it names a roster column)");
    if (reserved.count(lad.name))
      v.error(field, lad.name, "a name other than id, birth_year, sex, tier, flags",
              "ladder name '" + lad.name + "' clashes with a fixed roster column; expected a name other than id, birth_year, sex, tier, flags");
    if (!column_names.insert(lad.name).second)
      v.error(field, lad.name, "a unique name", "ladder '" + lad.name + "' is defined twice; expected each ladder once");
    data->ladder_by_name.emplace(lad.name, static_cast<int>(l));
    if (lad.levels.empty())
      v.error(field, "[]", "at least one level", "ladder '" + lad.name + "' has no levels; expected its levels, lowest first");
    if (lad.levels.size() > 255)
      v.error(field, std::to_string(lad.levels.size()) + " levels", "at most 255 levels",
              "ladder '" + lad.name + "' has " + std::to_string(lad.levels.size()) + " levels; expected at most 255");
    std::unordered_set<std::string> seen;
    for (std::size_t i = 0; i < lad.levels.size(); ++i) {
      const std::string lf = field + "[" + std::to_string(i) + "]";
      if (lad.levels[i].empty())
        v.error(lf, "", "a level name", "ladder '" + lad.name + "' has an empty level name at position " + std::to_string(i + 1) + "; expected a name");
      else if (!seen.insert(lad.levels[i]).second)
        v.error(lf, lad.levels[i], "distinct level names",
                "level '" + lad.levels[i] + "' appears twice in ladder '" + lad.name + "'; expected each level once, lowest first");
    }
    cp.ladder_size.push_back(static_cast<int>(lad.levels.size()));
  }
  for (std::size_t k = 0; k < spec.credentials.size(); ++k) {
    const Credential& cr = spec.credentials[k];
    std::string field = "credentials." + cr.name;
    if (cr.name.empty()) v.error(field, "", "a name", "a credential has an empty name; expected a name (it names a roster column)");
    if (reserved.count(cr.name))
      v.error(field, cr.name, "a name other than id, birth_year, sex, tier, flags",
              "credential name '" + cr.name + "' clashes with a fixed roster column; expected a name other than id, birth_year, sex, tier, flags");
    if (!column_names.insert(cr.name).second)
      v.error(field, cr.name, "a name no ladder or other credential uses",
              "credential '" + cr.name + "' has the name of a ladder or another credential; expected a name of its own (each names a roster column)");
    data->credential_by_name.emplace(cr.name, static_cast<int>(k));
    if (cr.valid_years && *cr.valid_years < 1)
      v.error(field + ".valid_years", std::to_string(*cr.valid_years), "a whole number of years >= 1 (or omit it: valid forever)",
              "credential '" + cr.name + "' has valid_years " + std::to_string(*cr.valid_years) +
                  "; expected at least 1 year, or no valid_years for a credential that never expires");
    cp.valid_years.push_back(cr.valid_years ? *cr.valid_years : INT_MAX);
  }
  auto ladder_of = [&](const std::string& name) -> int {
    auto it = data->ladder_by_name.find(name);
    return it == data->ladder_by_name.end() ? -1 : it->second;
  };
  auto level_of = [&](int l, const std::string& name) -> int {
    if (l < 0) return -1;
    const auto& lv = spec.ladders[static_cast<std::size_t>(l)].levels;
    auto it = std::find(lv.begin(), lv.end(), name);
    return it == lv.end() ? -1 : static_cast<int>(it - lv.begin());
  };
  auto ladder_names = [&] {
    std::vector<std::string> n;
    for (auto& l : spec.ladders) n.push_back(l.name);
    return n;
  };
  auto credential_names = [&] {
    std::vector<std::string> n;
    for (auto& c : spec.credentials) n.push_back(c.name);
    return n;
  };
  // Resolves (ladder, level) names, reporting an unknown ladder under
  // `ladder_field` and an unknown level under `level_field`.
  auto resolve_level = [&](const std::string& ladder_field, const std::string& level_field, const std::string& ladder,
                           const std::string& level, const std::string& who) -> std::pair<int, int> {
    int l = ladder_of(ladder);
    if (l < 0) {
      const auto names = ladder_names();
      const bool is_credential = data->credential_by_name.count(ladder) > 0;
      v.error(ladder_field, ladder, "one of: " + join(names),
              who + ": unknown ladder '" + ladder + "'" +
                  (is_credential ? " ('" + ladder + "' is a credential, which has no levels)" : suggest(ladder, names)) +
                  "; expected one of the scenario's ladders: " + join(names));
      return {-1, -1};
    }
    int lv = level_of(l, level);
    if (lv < 0) {
      const auto& levels = spec.ladders[static_cast<std::size_t>(l)].levels;
      v.error(level_field, level, "one of: " + join(levels),
              who + ": unknown level '" + level + "' on ladder '" + ladder + "'" + suggest(level, levels) +
                  "; expected one of: " + join(levels));
    }
    return {l, lv};
  };

  // --- policy -----------------------------------------------------------------
  const Policy& pol = spec.policy;
  for (auto [field, age] : {std::pair<const char*, int>{"retirement_age.male", pol.retirement_age_male},
                            {"retirement_age.female", pol.retirement_age_female}}) {
    if (age < 1 || age > 150)
      v.error(field, std::to_string(age), "an age between 1 and 150",
              "retirement age " + std::to_string(age) + " is out of range; expected an age in years between 1 and 150");
  }
  cp.retirement_age[0] = pol.retirement_age_male;
  cp.retirement_age[1] = pol.retirement_age_female;
  if (pol.max_concurrent_programs < 1)
    v.error("max_concurrent_programs", std::to_string(pol.max_concurrent_programs), "a whole number >= 1",
            "max_concurrent_programs is " + std::to_string(pol.max_concurrent_programs) +
                "; expected at least 1 program per cadre and year");
  cp.max_concurrent = pol.max_concurrent_programs;
  if (pol.min_service_years_after < 0 || pol.min_service_years_after > kMaxHorizonYears)  // as per program
    v.error("min_service_years_after", std::to_string(pol.min_service_years_after), "a whole number between 0 and 100",
            "min_service_years_after is " + std::to_string(pol.min_service_years_after) +
                "; expected 0 or more years, at most 100");

  // --- per-year values ---------------------------------------------------------
  // A per-year value written as one number (`seats: 50`) is reported under
  // `field`; a map's default (`seats: {default: 50}`) under `field.default`.
  auto check_per_year = [&](const std::string& field, const PerYear& py, bool whole, const std::string& who,
                            const std::string& what) {
    auto one = [&](const std::string& f, const std::string& which, double x) {
      // "program 'ku': seats in 2023 are 150.5", "budget by default is -900"
      const std::string seen = who + what + which + (whole ? " are " : " is ") + fmt(x);
      if (!std::isfinite(x) || x < 0)
        v.error(f, fmt(x), whole ? "a whole number >= 0" : "a number >= 0",
                seen + "; expected " + (whole ? "a whole number" : "a number") + " of 0 or more");
      else if (whole && x != std::floor(x))
        v.error(f, fmt(x), "a whole number >= 0", seen + "; expected a whole number");
      else if (x > 1e15)
        v.error(f, fmt(x), "a number <= 1e15", seen + "; expected at most 1e15");
    };
    if (py.default_value) {
      const bool as_map = !py.values.empty() || source.lines.count(field + ".default") > 0;
      one(as_map ? field + ".default" : field, as_map ? " by default" : "", *py.default_value);
    }
    for (auto& [y, x] : py.values) {
      one(field + "." + std::to_string(y), " in " + std::to_string(y), x);
      if (horizon_ok && !in_horizon(y))
        v.warn(field + "." + std::to_string(y), std::to_string(y),
               who + what + " names year " + std::to_string(y) + ", outside the horizon");
    }
  };
  if (spec.budget) check_per_year("budget", *spec.budget, false, "", "budget");
  cp.budget_spec = spec.budget;

  // --- selectors ----------------------------------------------------------------
  auto compile_selector = [&](const std::string& field, const Selector& s) {
    detail::CSelector c;
    if (s.tier) {
      c.tier_ok.assign(roster.tier_names.size(), 0);
      if (s.tier->empty()) {
        c.never = true;
        v.warn(field + ".tier", "[]", "an empty tier list matches nobody");
      }
      for (const auto& t : *s.tier) {
        std::int32_t ti = roster.find_tier(t);
        if (ti < 0)
          v.warn(field + ".tier", t, "no cadre in the roster has tier '" + t + "'" + suggest(t, roster.tier_names) +
                                         ", so this condition matches nobody");
        else
          c.tier_ok[static_cast<std::size_t>(ti)] = 1;
      }
      if (!c.never && std::none_of(c.tier_ok.begin(), c.tier_ok.end(), [](char x) { return x; })) c.never = true;
    }
    if (s.sex) {
      c.sex_mask = 0;
      for (std::size_t i = 0; i < s.sex->size(); ++i) {
        const std::string& x = (*s.sex)[i];
        if (x == "male")
          c.sex_mask |= 1;
        else if (x == "female")
          c.sex_mask |= 2;
        else
          v.error(field + ".sex[" + std::to_string(i) + "]", x, "male or female",
                  "unknown sex '" + x + "'" + suggest(x, {"male", "female"}) + "; expected 'male' or 'female', as in the roster");
      }
    }
    for (const auto& f : s.flags) {
      if (f.empty()) {
        v.error(field + ".flags", "", "a flag name", "a flag name is empty; expected the name of a roster flag");
        continue;
      }
      std::int32_t fi = roster.find_flag(f);
      if (fi < 0) {
        v.warn(field + ".flags", f, "no cadre in the roster has flag '" + f + "'" + suggest(f, roster.flag_names) +
                                        ", so this selector matches nobody");
        c.never = true;
      } else {
        c.flags.push_back(fi);
      }
    }
    if (s.min_age) {
      if (*s.min_age < 0 || *s.min_age > 200)
        v.error(field + ".min_age", std::to_string(*s.min_age), "an age between 0 and 200",
                "min_age is " + std::to_string(*s.min_age) + "; expected an age in years between 0 and 200");
      c.min_age = *s.min_age;
    }
    if (s.max_age) {
      if (*s.max_age < 0 || *s.max_age > 200)
        v.error(field + ".max_age", std::to_string(*s.max_age), "an age between 0 and 200",
                "max_age is " + std::to_string(*s.max_age) + "; expected an age in years between 0 and 200");
      c.max_age = *s.max_age;
    }
    if (s.min_age && s.max_age && *s.min_age > *s.max_age)
      v.error(field, "min_age " + std::to_string(*s.min_age) + ", max_age " + std::to_string(*s.max_age), "min_age <= max_age",
              "the selector has min_age " + std::to_string(*s.min_age) + ", max_age " + std::to_string(*s.max_age) +
                  ", so it matches nobody; expected min_age <= max_age");
    return c;
  };

  // --- groups -----------------------------------------------------------------------
  for (std::size_t g = 0; g < spec.groups.size(); ++g) {
    const Group& grp = spec.groups[g];
    const std::string field = "groups." + grp.name;
    if (grp.name.empty()) v.error(field, "", "a name", "a group has an empty name; expected a name");
    if (!data->group_by_name.emplace(grp.name, static_cast<int>(g)).second)
      v.error(field, grp.name, "a unique group name", "group '" + grp.name + "' is defined twice; expected each group once");
    cp.groups.push_back(compile_selector(field, grp.selector));
  }

  // --- programs ------------------------------------------------------------------------
  for (std::size_t k = 0; k < spec.programs.size(); ++k) {
    const Program& p = spec.programs[k];
    const std::string field = "programs[" + std::to_string(k) + "]";
    const std::string who = "program '" + p.id + "'";
    detail::CProgram c;
    if (p.id.empty())
      v.error(field + ".id", "", "a program id", "program number " + std::to_string(k + 1) + " has an empty id; expected an id");
    else if (auto [it, fresh] = data->program_by_id.emplace(p.id, static_cast<int>(k)); !fresh)
      v.error(field + ".id", p.id, "a unique program id",
              "program id '" + p.id + "' is used twice" + v.first_use("programs[" + std::to_string(it->second) + "].id") +
                  "; expected each program id once");
    const bool has_ladder = !p.grants.ladder.empty(), has_cred = !p.grants.credential.empty();
    if (has_ladder == has_cred) {
      v.error(field + ".grants", has_ladder ? "ladder and credential" : "", "either {ladder, level} or {credential}",
              who + (has_ladder ? " grants both a ladder level and a credential (ladder and credential)" : " grants nothing") +
                  "; expected exactly one: {ladder: L, level: V} or {credential: C}");
    } else if (has_ladder) {
      auto [l, lv] = resolve_level(field + ".grants.ladder", field + ".grants.level", p.grants.ladder, p.grants.level, who);
      c.ladder = l;
      c.level = lv;
      if (lv == 0)
        v.warn(field + ".grants", p.grants.level, who + " grants the lowest level of its ladder: nobody can take it (rule 5)");
    } else {
      auto it = data->credential_by_name.find(p.grants.credential);
      if (it == data->credential_by_name.end())
        v.error(field + ".grants.credential", p.grants.credential, "one of: " + join(credential_names()),
                who + ": unknown credential '" + p.grants.credential + "'" + suggest(p.grants.credential, credential_names()) +
                    "; expected one of the scenario's credentials: " + join(credential_names()));
      else
        c.credential = it->second;
    }
    std::set<int> req_ladders;
    for (const Requirement& r : p.requires_) {
      const std::string rf = field + ".requires." + r.ladder;
      auto [l, lv] = resolve_level(rf, rf, r.ladder, r.level, who);
      if (l < 0 || lv < 0) continue;
      if (!req_ladders.insert(l).second)
        v.error(rf, r.ladder, "one requirement per ladder",
                who + " requires ladder '" + r.ladder + "' twice; expected one minimum level per ladder");
      if (l == c.ladder && c.level >= 0 && lv >= c.level)
        v.error(rf, r.level, "a level below the granted '" + p.grants.level + "'",
                who + " requires '" + r.level + "' but grants '" + p.grants.level + "' on the same ladder '" + r.ladder +
                    "', so nobody could gain from it (rule 5); expected a required level below '" + p.grants.level + "'");
      c.requires_.emplace_back(l, lv);
    }
    c.eligible = compile_selector(field + ".eligible", p.eligible);
    if (p.duration_years < 1 || p.duration_years > kMaxHorizonYears)
      v.error(field + ".duration_years", std::to_string(p.duration_years), "a whole number of years between 1 and 100",
              who + " has duration_years " + std::to_string(p.duration_years) + "; expected a whole number of years between 1 and 100");
    else if (horizon_ok && p.duration_years > spec.end - spec.start + 1)
      v.warn(field + ".duration_years", std::to_string(p.duration_years), who + " is longer than the horizon: nobody can take it");
    c.duration = p.duration_years;
    if (!std::isfinite(p.cost_per_year) || p.cost_per_year < 0 || p.cost_per_year > 1e15)
      v.error(field + ".cost_per_year", fmt(p.cost_per_year), "a number >= 0",
              who + " has cost_per_year " + fmt(p.cost_per_year) + "; expected a number of 0 or more (at most 1e15)");
    c.cost_per_year = p.cost_per_year;
    check_per_year(field + ".seats", p.seats, true, who + ": ", "seats");
    c.seats_spec = p.seats;
    if (p.min_service_years_after && (*p.min_service_years_after < 0 || *p.min_service_years_after > 100))
      v.error(field + ".min_service_years_after", std::to_string(*p.min_service_years_after), "a whole number between 0 and 100",
              who + " has min_service_years_after " + std::to_string(*p.min_service_years_after) +
                  "; expected a whole number of years between 0 and 100");
    c.min_service = p.min_service_years_after.value_or(pol.min_service_years_after);
    cp.programs.push_back(std::move(c));
  }

  // --- targets ---------------------------------------------------------------------------------
  for (std::size_t t = 0; t < spec.targets.size(); ++t) {
    const Target& tg = spec.targets[t];
    const std::string field = "targets[" + std::to_string(t) + "]";
    const std::string who = "target '" + tg.id + "'";
    detail::CTarget c;
    if (tg.id.empty())
      v.error(field + ".id", "", "a target id", "target number " + std::to_string(t + 1) + " has an empty id; expected an id");
    else if (auto [it, fresh] = data->target_by_id.emplace(tg.id, static_cast<int>(t)); !fresh)
      v.error(field + ".id", tg.id, "a unique target id",
              "target id '" + tg.id + "' is used twice" + v.first_use("targets[" + std::to_string(it->second) + "].id") +
                  "; expected each target id once");
    auto git = data->group_by_name.find(tg.group);
    if (git == data->group_by_name.end()) {
      std::vector<std::string> names;
      for (auto& g : spec.groups) names.push_back(g.name);
      v.error(field + ".group", tg.group, "one of: " + join(names),
              who + ": unknown group '" + tg.group + "'" + suggest(tg.group, names) +
                  (names.empty() ? "; expected a group defined under 'groups' (there are none)"
                                 : "; expected one of the groups: " + join(names)));
    } else {
      c.group = git->second;
    }
    const bool has_ladder = !tg.ladder.empty(), has_cred = !tg.credential.empty();
    if (has_ladder == has_cred) {
      v.error(field, has_ladder ? "ladder and credential" : "", "either ladder + at_least, or credential",
              who + (has_ladder ? " names both a ladder and a credential" : " names neither a ladder nor a credential") +
                  "; expected exactly one: ladder + at_least, or credential");
    } else if (has_ladder) {
      auto [l, lv] = resolve_level(field + ".ladder", field + ".at_least", tg.ladder, tg.at_least, who);
      c.ladder = l;
      c.level = lv;
    } else {
      auto it = data->credential_by_name.find(tg.credential);
      if (it == data->credential_by_name.end())
        v.error(field + ".credential", tg.credential, "one of: " + join(credential_names()),
                who + ": unknown credential '" + tg.credential + "'" + suggest(tg.credential, credential_names()) +
                    "; expected one of the scenario's credentials: " + join(credential_names()));
      else
        c.credential = it->second;
    }
    if (tg.checkpoints.empty())
      v.error(field + ".checkpoints", "", "at least one year: share",
              who + " has no checkpoints; expected at least one 'year: share', e.g. {2025: 0.9}");
    std::set<Year> seen_years;
    for (const Checkpoint& ck : tg.checkpoints) {
      const std::string cf = field + ".checkpoints." + std::to_string(ck.year);
      if (horizon_ok && !in_horizon(ck.year))
        v.error(cf, std::to_string(ck.year),
                "a year from " + std::to_string(spec.start) + " to " + std::to_string(spec.end),
                who + ": checkpoint " + std::to_string(ck.year) + " is outside the horizon; expected a year from " +
                    std::to_string(spec.start) + " to " + std::to_string(spec.end));
      if (!seen_years.insert(ck.year).second)
        v.error(cf, std::to_string(ck.year), "each year once",
                who + ": checkpoint year " + std::to_string(ck.year) + " is given twice; expected each year once");
      if (ck.share.numerator() < 0 || ck.share.numerator() > ck.share.denominator()) {
        std::string hint;
        // 90 or 90.5 where 0.9 / 0.905 was meant: a percentage written as a number.
        if (static_cast<int128_t>(ck.share.numerator()) >= static_cast<int128_t>(ck.share.denominator()) * 2 &&
            static_cast<int128_t>(ck.share.numerator()) <= static_cast<int128_t>(ck.share.denominator()) * 100)
          hint = " (did you mean " + Share::from_double(ck.share.value() / 100).text() + "? a share is a fraction: " +
                 ck.share.text() + "% is " + Share::from_double(ck.share.value() / 100).text() + ")";
        v.error(cf, ck.share.text(), "a share between 0 and 1 (0.9 means 90%)",
                who + ": share " + ck.share.text() + " in " + std::to_string(ck.year) + " is outside [0, 1]" + hint +
                    "; expected a share between 0 and 1");
      }
    }
    c.checkpoints = tg.checkpoints;
    std::sort(c.checkpoints.begin(), c.checkpoints.end(), [](auto& a, auto& b) { return a.year < b.year; });
    if (!std::isfinite(tg.weight) || tg.weight < 0 || tg.weight > 1e9)
      v.error(field + ".weight", fmt(tg.weight), "a number between 0 and 1e9",
              who + " has weight " + fmt(tg.weight) + "; expected a number between 0 and 1e9");
    c.weight = tg.weight;
    cp.targets.push_back(std::move(c));
  }

  // --- roster ---------------------------------------------------------------------------------------
  const std::size_t n = roster.size();
  bool shape_ok = true;
  auto column_len = [&](const std::string& col, std::size_t len) {
    if (len != n) {
      v.roster_error(0, col, std::to_string(len) + " rows", std::to_string(n) + " rows",
                     "column '" + col + "' has " + std::to_string(len) + " values for " + std::to_string(n) + " cadres");
      shape_ok = false;
    }
  };
  column_len("birth_year", roster.birth_year.size());
  column_len("sex", roster.sex.size());
  column_len("tier", roster.tier.size());
  column_len("flags", roster.flag_offset.size() == 0 ? 0 : roster.flag_offset.size() - 1);
  if (roster.level.size() != spec.ladders.size()) {
    v.roster_error(0, "ladders", std::to_string(roster.level.size()), std::to_string(spec.ladders.size()),
                   "the roster has level columns for " + std::to_string(roster.level.size()) + " ladders, the scenario defines " +
                       std::to_string(spec.ladders.size()));
    shape_ok = false;
  }
  if (roster.credential.size() != spec.credentials.size()) {
    v.roster_error(0, "credentials", std::to_string(roster.credential.size()), std::to_string(spec.credentials.size()),
                   "the roster has columns for " + std::to_string(roster.credential.size()) +
                       " credentials, the scenario defines " + std::to_string(spec.credentials.size()));
    shape_ok = false;
  }
  if (shape_ok) {
    for (std::size_t l = 0; l < roster.level.size(); ++l) column_len(spec.ladders[l].name, roster.level[l].size());
    for (std::size_t k = 0; k < roster.credential.size(); ++k) column_len(spec.credentials[k].name, roster.credential[k].size());
  }
  if (n > 50'000'000) {
    v.roster_error(0, "id", std::to_string(n) + " cadres", "at most 50,000,000 cadres",
                   "the roster has " + std::to_string(n) + " cadres; expected at most 50,000,000, the most cadreplan supports");
    shape_ok = false;
  }
  if (shape_ok) {
    data->cadre_by_id.reserve(n);
    for (std::size_t c = 0; c < n; ++c) {
      const std::string& id = roster.id[c];
      if (id.empty()) {
        v.roster_error(c, "id", "", "a cadre id", "cadre number " + std::to_string(c + 1) + " has an empty id; expected an id");
      } else if (auto [it, fresh] = data->cadre_by_id.emplace(id, static_cast<std::int32_t>(c)); !fresh) {
        const auto first = static_cast<std::size_t>(it->second);
        const int first_line = first < roster.source_line.size() ? roster.source_line[first] : 0;
        v.roster_error(c, "id", id, "a unique id",
                       "cadre id '" + id + "' is used twice (first " +
                           (first_line ? "on line " + std::to_string(first_line) : "as cadre number " + std::to_string(first + 1)) +
                           "); expected each cadre once");
      }
      const Year b = roster.birth_year[c];
      if (horizon_ok && b > spec.start)
        v.roster_error(c, "birth_year", std::to_string(b), "a year <= " + std::to_string(spec.start) + " (horizon.start)",
                       "cadre '" + id + "': birth year " + std::to_string(b) + " gives a negative age in " +
                           std::to_string(spec.start) + ", the first plan year; expected a birth year of " +
                           std::to_string(spec.start) + " or earlier");
      else if (b < kMinYear)
        v.roster_error(c, "birth_year", std::to_string(b), "a year >= 1000",
                       "cadre '" + id + "': birth year " + std::to_string(b) + " is implausible; expected a four-digit year such as 1975");
      if (static_cast<int>(roster.sex[c]) > 1)
        v.roster_error(c, "sex", std::to_string(static_cast<int>(roster.sex[c])), "male or female", "cadre '" + id + "': unknown sex");
      if (roster.tier[c] < 0 || static_cast<std::size_t>(roster.tier[c]) >= roster.tier_names.size())
        v.roster_error(c, "tier", std::to_string(roster.tier[c]), "a tier index", "cadre '" + id + "': tier index out of range");
      for (std::uint32_t i = roster.flag_offset[c]; i < roster.flag_offset[c + 1]; ++i)
        if (i >= roster.flag_id.size() || roster.flag_id[i] < 0 || static_cast<std::size_t>(roster.flag_id[i]) >= roster.flag_names.size())
          v.roster_error(c, "flags", "", "a flag index", "cadre '" + id + "': flag index out of range");
      for (std::size_t l = 0; l < roster.level.size(); ++l)
        if (roster.level[l][c] >= spec.ladders[l].levels.size())
          v.roster_error(c, spec.ladders[l].name, std::to_string(roster.level[l][c]), "a level of ladder '" + spec.ladders[l].name + "'",
                         "cadre '" + id + "': level index out of range");
      for (std::size_t k = 0; k < roster.credential.size(); ++k) {
        Year z = roster.credential[k][c];
        if (z != kNever && (z < kMinYear || z > kMaxYear))
          v.roster_error(c, spec.credentials[k].name, std::to_string(z), "a year between 1000 and 3000",
                         "cadre '" + id + "': completion year " + std::to_string(z) + " of credential '" + spec.credentials[k].name +
                             "' is out of range; expected a year between 1000 and 3000, or empty for never");
        else if (z != kNever && horizon_ok && z > spec.start)
          v.warnings_.push_back(Problem{roster.source_file, c < roster.source_line.size() ? roster.source_line[c] : 0,
                                        "roster." + spec.credentials[k].name, std::to_string(z), "",
                                        "cadre '" + id + "': completion year " + std::to_string(z) + " is after the horizon start"});
      }
    }
    if (n == 0) v.warn("roster", spec.roster, "the roster has no cadres");
  }

  v.diag_.throw_if_any<ScenarioError>("invalid scenario" + (source.file.empty() ? std::string() : " " + source.file));

  // --- compile per-year tables ---------------------------------------------------------------------
  cp.start = spec.start;
  cp.end = spec.end;
  const int years = spec.end - spec.start + 1;
  cp.budget.assign(static_cast<std::size_t>(years), std::numeric_limits<double>::infinity());
  for (int i = 0; i < years; ++i) {
    if (spec.budget) {
      auto b = spec.budget->at(spec.start + i);
      if (b) cp.budget[static_cast<std::size_t>(i)] = *b;
    }
    for (auto& p : cp.programs) {
      auto s = p.seats_spec.at(spec.start + i);
      p.seats.push_back(s ? static_cast<std::int64_t>(*s) : 0);
    }
  }
  for (std::size_t t = 0; t < spec.targets.size(); ++t) data->target_by_id[spec.targets[t].id] = static_cast<int>(t);

  data->warnings = source.warnings;
  data->warnings.insert(data->warnings.end(), v.warnings_.begin(), v.warnings_.end());
  data->spec = std::move(spec);
  data->roster = std::move(roster);
  data->source = std::move(source);
  return Scenario(std::move(data));
}

const ScenarioSpec& Scenario::spec() const noexcept { return d_->spec; }
const Roster& Scenario::roster() const noexcept { return d_->roster; }
const std::vector<Problem>& Scenario::warnings() const noexcept { return d_->warnings; }
const detail::Compiled& Scenario::compiled() const noexcept { return d_->compiled; }

namespace {
template <class M>
int find_in(const M& m, std::string_view key) {
  auto it = m.find(std::string(key));
  return it == m.end() ? -1 : static_cast<int>(it->second);
}
}  // namespace

int Scenario::ladder_index(std::string_view name) const noexcept { return find_in(d_->ladder_by_name, name); }
int Scenario::level_index(int ladder, std::string_view level) const noexcept {
  if (ladder < 0 || static_cast<std::size_t>(ladder) >= d_->spec.ladders.size()) return -1;
  const auto& lv = d_->spec.ladders[static_cast<std::size_t>(ladder)].levels;
  auto it = std::find(lv.begin(), lv.end(), level);
  return it == lv.end() ? -1 : static_cast<int>(it - lv.begin());
}
int Scenario::credential_index(std::string_view name) const noexcept { return find_in(d_->credential_by_name, name); }
int Scenario::group_index(std::string_view name) const noexcept { return find_in(d_->group_by_name, name); }
int Scenario::program_index(std::string_view id) const noexcept { return find_in(d_->program_by_id, id); }
int Scenario::target_index(std::string_view id) const noexcept { return find_in(d_->target_by_id, id); }
std::int32_t Scenario::cadre_index(std::string_view id) const noexcept {
  auto it = d_->cadre_by_id.find(std::string(id));
  return it == d_->cadre_by_id.end() ? -1 : it->second;
}

}  // namespace cadreplan
