// Reading and writing the roster CSV.
#include <algorithm>
#include <cctype>
#include <unordered_map>

#include "cadreplan/io/io.hpp"
#include "io/csv.hpp"

namespace cadreplan::io {

using detail::CsvReader;
using detail::parse_int;
using detail::trim;

namespace {
/// " (write Nữ as female)" for the usual other spellings of a sex.
std::string sex_hint(std::string_view s) {
  std::string l;
  for (char ch : s) l.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
  if (l == "m" || l == "nam" || l == "male")
    return " (write '" + std::string(s) + "' as male)";
  // "nữ" / "nỮ" (ữ, Ữ in UTF-8), and "nu" / "nũ" typed without the right accent.
  if (l == "f" || l == "female" || l == "nu" || l == "n\xc5\xa9" || l == "n\xe1\xbb\xaf" ||
      l == "n\xe1\xbb\xae")
    return " (write '" + std::string(s) + "' as female)";
  return "";
}
}  // namespace

Roster parse_roster(std::string_view text, const std::string& file, const ScenarioSpec& spec) {
  const std::size_t L = spec.ladders.size(), K = spec.credentials.size();
  Roster r(L, K);
  r.source_file = file;
  Diagnostics diag;
  CsvReader rd(text, file);
  rd.field_prefix = "roster.";
  // Header: the five fixed columns, one per ladder, one per credential; any order.
  std::vector<std::string> expected{"id", "birth_year", "sex", "tier", "flags"};
  for (auto& l : spec.ladders) expected.push_back(l.name);
  for (auto& c : spec.credentials) expected.push_back(c.name);
  std::string expected_text;
  for (auto& e : expected) expected_text += (expected_text.empty() ? "" : ",") + e;
  std::vector<std::string> f;
  if (const std::string enc = detail::foreign_encoding(text); !enc.empty()) {
    diag.add(Problem{file, 1, "roster.header", CsvReader::shown(text.substr(0, 8)), "UTF-8 text",
                     enc + "; expected UTF-8 text (save as \"CSV UTF-8 (comma delimited)\")"});
    diag.throw_if_any<ScenarioError>("invalid roster " + file);
  }
  if (!rd.next(f, diag)) {
    diag.add(Problem{file, 1, "roster.header", "", expected_text,
                     "the roster file is empty; expected a header line (" + expected_text + ") and one line per cadre"});
    diag.throw_if_any<ScenarioError>("invalid roster " + file);
  }
  // A header that cannot be read (bytes that are not UTF-8, a runaway quote,
  // a carriage return for a line end) would make every row look wrong: stop here.
  diag.throw_if_any<ScenarioError>("invalid roster " + file);
  if (char sep = CsvReader::foreign_separator(f)) {
    rd.report_separator(f, sep, diag);
    diag.throw_if_any<ScenarioError>("invalid roster " + file);
  }
  // A ladder or credential with an empty name, or the name of a fixed column
  // or of another ladder or credential, cannot get a column of its own: it is
  // not read here, and Scenario::build reports the name (meaning is checked there).
  std::vector<char> clash(expected.size(), 0);
  for (std::size_t j = 5; j < expected.size(); ++j)
    clash[j] = expected[j].empty() ||
               std::find(expected.begin(), expected.begin() + static_cast<std::ptrdiff_t>(j), expected[j]) !=
                   expected.begin() + static_cast<std::ptrdiff_t>(j);
  std::unordered_map<std::string, std::size_t> col;
  for (std::size_t i = 0; i < f.size(); ++i) {
    std::string name(trim(f[i]));
    const std::string column = "column " + std::to_string(i + 1);
    if (name.empty())
      continue;  // an unnamed column (a spreadsheet's trailing comma): its cells must stay empty
    else if (auto [it, fresh] = col.emplace(name, i); !fresh)
      diag.add(Problem{file, rd.line(), "roster." + name, name, "each column once",
                       "column '" + name + "' appears twice in the header (columns " + std::to_string(it->second + 1) + " and " +
                           std::to_string(i + 1) + "); expected each column once"});
    else if (std::find(expected.begin(), expected.end(), name) == expected.end())
      diag.add(Problem{file, rd.line(), "roster." + name, name, "only the columns " + expected_text,
                       "extra column '" + name + "' (" + column +
                           ") is neither a fixed column nor a ladder or credential of the scenario; expected only the columns " +
                           expected_text});
  }
  std::vector<std::size_t> idx(expected.size(), 0);
  for (std::size_t j = 0; j < expected.size(); ++j) {
    if (clash[j]) continue;
    auto it = col.find(expected[j]);
    if (it == col.end())
      diag.add(Problem{file, rd.line(), "roster." + expected[j], "", "a column '" + expected[j] + "'",
                       "the header has no column '" + expected[j] + "'; expected " +
                           (j < 5 ? std::string("the fixed columns id, birth_year, sex, tier and flags")
                                  : "one column per ladder and credential of the scenario") +
                           " (" + expected_text + ", in any order)"});
    else
      idx[j] = it->second;
  }
  diag.throw_if_any<ScenarioError>("invalid roster " + file);
  rd.header.assign(f.size(), "");
  for (auto& [name, i] : col) rd.header[i] = name;
  const std::size_t width = f.size();

  // Level name lookup per ladder.
  std::vector<std::unordered_map<std::string, std::uint8_t>> level_of(L);
  for (std::size_t l = 0; l < L; ++l)
    for (std::size_t v = 0; v < spec.ladders[l].levels.size() && v < 256; ++v)
      level_of[l].emplace(spec.ladders[l].levels[v], static_cast<std::uint8_t>(v));
  std::unordered_map<std::string, std::int32_t> tiers, flags;

  auto bad = [&](const std::string& column, const std::string& value, const std::string& expect, const std::string& msg) {
    diag.add(Problem{file, rd.line(), "roster." + column, CsvReader::shown(value), expect, msg});
  };
  while (rd.next(f, diag)) {
    if (CsvReader::all_blank(f)) continue;
    if (f.size() != width) {
      bad("row", std::to_string(f.size()) + " fields", std::to_string(width) + " fields like the header",
          "the row has " + std::to_string(f.size()) + " fields; expected " + std::to_string(width) +
              " like the header (quote a value that holds a comma)");
      continue;
    }
    const int line = rd.line();
    for (std::size_t i = 0; i < width; ++i)
      if (rd.header[i].empty() && !trim(f[i]).empty())
        bad("column " + std::to_string(i + 1), std::string(trim(f[i])), "an empty cell (the column has no name)",
            "column " + std::to_string(i + 1) + " has no name in the header but holds '" + CsvReader::shown(trim(f[i])) +
                "'; expected an empty cell, or a header naming the column");
    r.id.emplace_back(trim(f[idx[0]]));
    long long by = 0;
    if (!parse_int(f[idx[1]], by) || by < -100000 || by > 100000) {
      bad("birth_year", std::string(trim(f[idx[1]])), "a year such as 1975",
          "cadre '" + r.id.back() + "': birth_year '" + CsvReader::shown(trim(f[idx[1]])) +
              "' is not a year; expected a whole year such as 1975");
      by = 0;
    }
    r.birth_year.push_back(static_cast<Year>(by));
    std::string_view sx = trim(f[idx[2]]);
    if (sx == "male") {
      r.sex.push_back(Sex::male);
    } else if (sx == "female") {
      r.sex.push_back(Sex::female);
    } else {
      bad("sex", std::string(sx), "male or female",
          "cadre '" + r.id.back() + "': sex is '" + CsvReader::shown(sx) + "'" + sex_hint(sx) +
              "; expected 'male' or 'female' (in lower case)");
      r.sex.push_back(Sex::male);
    }
    std::string tier(trim(f[idx[3]]));
    if (tier.empty()) bad("tier", "", "a tier name", "cadre '" + r.id.back() + "' has an empty tier; expected a tier name such as commune");
    auto [tit, tnew] = tiers.emplace(tier, static_cast<std::int32_t>(r.tier_names.size()));
    if (tnew) r.tier_names.push_back(tier);
    r.tier.push_back(tit->second);
    std::string_view fl = f[idx[4]];
    while (!fl.empty()) {
      std::size_t cut = fl.find(';');
      std::string_view one = trim(fl.substr(0, cut));
      if (!one.empty()) {
        auto [fit, fnew] = flags.emplace(std::string(one), static_cast<std::int32_t>(r.flag_names.size()));
        if (fnew) r.flag_names.emplace_back(one);
        r.flag_id.push_back(fit->second);
      }
      if (cut == std::string_view::npos) break;
      fl.remove_prefix(cut + 1);
    }
    r.flag_offset.push_back(static_cast<std::uint32_t>(r.flag_id.size()));
    for (std::size_t l = 0; l < L; ++l) {
      std::string cell(clash[5 + l] ? "" : trim(f[idx[5 + l]]));
      if (cell.empty()) {
        r.level[l].push_back(0);
        continue;
      }
      auto it = level_of[l].find(cell);
      if (it == level_of[l].end()) {
        std::string levels;  // at most 12 names: a ladder may have 255 levels of 1 KB
        for (std::size_t v = 0; v < spec.ladders[l].levels.size() && v < 12; ++v)
          levels += (v == 0 ? "" : ", ") + CsvReader::shown(spec.ladders[l].levels[v]);
        if (spec.ladders[l].levels.size() > 12) levels += ", ...";
        bad(spec.ladders[l].name, cell, "one of: " + levels + " (or empty)",
            "cadre '" + r.id.back() + "': unknown level '" + CsvReader::shown(cell) + "' on ladder '" + spec.ladders[l].name +
                "'; expected one of: " + levels + " (or empty for the lowest)");
        r.level[l].push_back(0);
      } else {
        r.level[l].push_back(it->second);
      }
    }
    for (std::size_t k = 0; k < K; ++k) {
      std::string_view cell = clash[5 + L + k] ? std::string_view() : trim(f[idx[5 + L + k]]);
      long long z;
      if (cell.empty()) {
        r.credential[k].push_back(kNever);
      } else if (parse_int(cell, z) && z > -100000 && z < 100000) {
        r.credential[k].push_back(static_cast<Year>(z));
      } else {
        bad(spec.credentials[k].name, std::string(cell), "a completion year, or empty for never",
            "cadre '" + r.id.back() + "': credential '" + spec.credentials[k].name + "' holds '" + CsvReader::shown(cell) +
                "'; expected the year of the latest completion, such as 2019, or empty for never");
        r.credential[k].push_back(kNever);
      }
    }
    r.source_line.push_back(line);
  }
  diag.throw_if_any<ScenarioError>("invalid roster " + file);
  return r;
}

Roster read_roster(const std::string& path, const ScenarioSpec& spec) {
  return parse_roster(detail::slurp(path, "roster", false), path, spec);
}

std::string roster_csv(const Scenario& sc) {
  const ScenarioSpec& spec = sc.spec();
  const Roster& r = sc.roster();
  std::string out;
  out.reserve(r.size() * 64 + 256);
  out += "id,birth_year,sex,tier,flags";
  for (auto& l : spec.ladders) {
    out.push_back(',');
    detail::csv_field(out, l.name);
  }
  for (auto& c : spec.credentials) {
    out.push_back(',');
    detail::csv_field(out, c.name);
  }
  out.push_back('\n');
  for (std::size_t c = 0; c < r.size(); ++c) {
    detail::csv_field(out, r.id[c]);
    out.push_back(',');
    out += std::to_string(r.birth_year[c]);
    out.push_back(',');
    out += to_string(r.sex[c]);
    out.push_back(',');
    detail::csv_field(out, r.tier_name(c));
    out.push_back(',');
    detail::csv_field(out, r.flags_text(c));
    for (std::size_t l = 0; l < spec.ladders.size(); ++l) {
      out.push_back(',');
      const std::uint8_t v = r.level[l][c];
      if (v != 0) detail::csv_field(out, spec.ladders[l].levels[v]);
    }
    for (std::size_t k = 0; k < spec.credentials.size(); ++k) {
      out.push_back(',');
      if (r.credential[k][c] != kNever) out += std::to_string(r.credential[k][c]);
    }
    out.push_back('\n');
  }
  return out;
}

}  // namespace cadreplan::io
