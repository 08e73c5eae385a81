// Writing a scenario back out as YAML + CSV that read back to the same scenario.
#include <charconv>
#include <filesystem>
#include <system_error>

#include "cadreplan/io/io.hpp"
#include "io/csv.hpp"

namespace cadreplan::io {

namespace {

/// A YAML double-quoted string (UTF-8 kept as is).
std::string q(const std::string& s) {
  std::string out = "\"";
  for (unsigned char ch : s) {
    if (ch == '"' || ch == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(ch));
    } else if (ch == '\n') {
      out += "\\n";
    } else if (ch == '\t') {
      out += "\\t";
    } else if (ch < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", ch);
      out += buf;
    } else {
      out.push_back(static_cast<char>(ch));
    }
  }
  return out + "\"";
}

/// A map key: plain when it is a simple identifier that YAML reads as text.
std::string key(const std::string& s) {
  static const char* reserved[] = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"};
  bool simple = !s.empty() && (std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_');
  for (char ch : s)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-')) simple = false;
  for (const char* r : reserved) {
    std::string lower;
    for (char ch : s) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
    if (lower == r) simple = false;
  }
  return simple ? s : q(s);
}

std::string num(double v) {
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, p);
}

std::string list(const std::vector<std::string>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + q(v[i]);
  return out + "]";
}

std::string per_year(const PerYear& py) {
  if (py.values.empty() && py.default_value) return num(*py.default_value);
  std::string out = "{";
  bool first = true;
  if (py.default_value) {
    out += "default: " + num(*py.default_value);
    first = false;
  }
  for (auto& [y, v] : py.values) {
    out += (first ? "" : ", ") + std::to_string(y) + ": " + num(v);
    first = false;
  }
  return out + "}";
}

std::string selector(const Selector& s) {
  std::string out = "{";
  bool first = true;
  auto add = [&](const std::string& part) {
    out += (first ? "" : ", ") + part;
    first = false;
  };
  if (s.tier) add("tier: " + list(*s.tier));
  if (s.sex) add("sex: " + list(*s.sex));
  if (!s.flags.empty()) add("flags: " + list(s.flags));
  if (s.min_age) add("min_age: " + std::to_string(*s.min_age));
  if (s.max_age) add("max_age: " + std::to_string(*s.max_age));
  return out + "}";
}

}  // namespace

std::string scenario_yaml(const ScenarioSpec& s, const std::string& roster_file) {
  std::string o;
  o += "format: " + q(s.format) + "\n";
  o += "name: " + q(s.name) + "\n";
  o += "horizon: {start: " + std::to_string(s.start) + ", end: " + std::to_string(s.end) + "}\n";
  o += "ladders:\n";
  for (auto& l : s.ladders) o += "  " + key(l.name) + ": " + list(l.levels) + "\n";
  if (s.ladders.empty()) o.back() = ' ', o += "{}\n";
  o += "credentials:\n";
  for (auto& c : s.credentials)
    o += "  " + key(c.name) + ": " + (c.valid_years ? "{valid_years: " + std::to_string(*c.valid_years) + "}" : "{}") + "\n";
  if (s.credentials.empty()) o.back() = ' ', o += "{}\n";
  o += "retirement_age: {male: " + std::to_string(s.policy.retirement_age_male) +
       ", female: " + std::to_string(s.policy.retirement_age_female) + "}\n";
  o += "max_concurrent_programs: " + std::to_string(s.policy.max_concurrent_programs) + "\n";
  o += "min_service_years_after: " + std::to_string(s.policy.min_service_years_after) + "\n";
  if (s.budget) o += "budget: " + per_year(*s.budget) + "\n";
  o += "groups:\n";
  for (auto& g : s.groups) o += "  " + key(g.name) + ": " + selector(g.selector) + "\n";
  if (s.groups.empty()) o.back() = ' ', o += "{}\n";
  o += "programs:\n";
  for (auto& p : s.programs) {
    o += "  - id: " + q(p.id) + "\n";
    o += "    name: " + q(p.name) + "\n";
    if (p.grants.is_credential())
      o += "    grants: {credential: " + q(p.grants.credential) + "}\n";
    else
      o += "    grants: {ladder: " + q(p.grants.ladder) + ", level: " + q(p.grants.level) + "}\n";
    if (!p.requires_.empty()) {
      o += "    requires: {";
      for (std::size_t i = 0; i < p.requires_.size(); ++i)
        o += (i ? ", " : "") + key(p.requires_[i].ladder) + ": " + q(p.requires_[i].level);
      o += "}\n";
    }
    o += "    eligible: " + selector(p.eligible) + "\n";
    o += "    duration_years: " + std::to_string(p.duration_years) + "\n";
    o += "    seats: " + per_year(p.seats) + "\n";
    o += "    cost_per_year: " + num(p.cost_per_year) + "\n";
    if (p.min_service_years_after) o += "    min_service_years_after: " + std::to_string(*p.min_service_years_after) + "\n";
  }
  if (s.programs.empty()) o.back() = ' ', o += "[]\n";
  o += "targets:\n";
  for (auto& t : s.targets) {
    o += "  - id: " + q(t.id) + "\n";
    o += "    group: " + q(t.group) + "\n";
    if (t.is_credential())
      o += "    credential: " + q(t.credential) + "\n";
    else
      o += "    ladder: " + q(t.ladder) + "\n    at_least: " + q(t.at_least) + "\n";
    o += "    checkpoints: {";
    for (std::size_t i = 0; i < t.checkpoints.size(); ++i)
      o += (i ? ", " : "") + std::to_string(t.checkpoints[i].year) + ": " + t.checkpoints[i].share.text();
    o += "}\n";
    o += "    weight: " + num(t.weight) + "\n";
  }
  if (s.targets.empty()) o.back() = ' ', o += "[]\n";
  o += "roster: " + q(roster_file) + "\n";
  return o;
}

void write_scenario(const Scenario& sc, const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error("cannot create folder " + dir + ": " + ec.message());
  // Both files or neither: a scenario.yaml without its roster is no scenario.
  write_texts({{(fs::path(dir) / "roster.csv").string(), roster_csv(sc)},
               {(fs::path(dir) / "scenario.yaml").string(), scenario_yaml(sc.spec(), "roster.csv")}});
}

}  // namespace cadreplan::io
