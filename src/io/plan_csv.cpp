// Reading and writing plan CSV files.
#include <unordered_map>

#include "cadreplan/io/io.hpp"
#include "io/csv.hpp"

namespace cadreplan::io {

using detail::CsvReader;
using detail::parse_int;
using detail::trim;

Plan parse_plan(std::string_view text, const std::string& file, const Scenario& sc) {
  Plan plan;
  plan.source_file = file;
  Diagnostics diag;
  CsvReader rd(text, file);
  std::vector<std::string> f;
  if (const std::string enc = detail::foreign_encoding(text); !enc.empty()) {
    diag.add(Problem{file, 1, "header", CsvReader::shown(text.substr(0, 8)), "UTF-8 text",
                     enc + "; expected UTF-8 text (save as \"CSV UTF-8 (comma delimited)\")"});
    diag.throw_if_any<PlanError>("unreadable plan " + file);
  }
  if (!rd.next(f, diag)) {
    diag.add(Problem{file, 1, "header", "", "cadre_id,program_id,start_year",
                     "the plan file is empty; expected at least the header line cadre_id,program_id,start_year"});
    diag.throw_if_any<PlanError>("unreadable plan " + file);
  }
  diag.throw_if_any<PlanError>("unreadable plan " + file);  // an unreadable header: every row would look wrong
  if (char sep = CsvReader::foreign_separator(f)) {
    rd.report_separator(f, sep, diag);
    diag.throw_if_any<PlanError>("unreadable plan " + file);
  }
  std::string header_text;
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (i > 0) header_text.push_back(',');
    header_text += CsvReader::shown(f[i]);
  }
  const char* names[3] = {"cadre_id", "program_id", "start_year"};
  std::size_t idx[3];
  for (int j = 0; j < 3; ++j) {
    idx[j] = f.size();
    for (std::size_t i = 0; i < f.size(); ++i)
      if (trim(f[i]) == names[j]) {
        if (idx[j] != f.size())
          diag.add(Problem{file, rd.line(), names[j], names[j], "each column once",
                           std::string("column '") + names[j] + "' appears twice in the header (columns " +
                               std::to_string(idx[j] + 1) + " and " + std::to_string(i + 1) + "); expected each column once"});
        idx[j] = i;
      }
    if (idx[j] == f.size())
      diag.add(Problem{file, rd.line(), names[j], "", "cadre_id,program_id,start_year",
                       std::string("the header has no column '") + names[j] + "' (it reads '" + header_text +
                           "'); expected the columns cadre_id, program_id and start_year, in any order"});
  }
  diag.throw_if_any<PlanError>("unreadable plan " + file);
  rd.header = f;
  const std::size_t width = f.size();
  std::unordered_map<std::string, std::int32_t> unknown;
  auto resolve = [&](std::string_view id, bool cadre) -> std::int32_t {
    std::int32_t i = cadre ? sc.cadre_index(id) : sc.program_index(id);
    if (i >= 0) return i;
    auto [it, fresh] = unknown.emplace(std::string(id), static_cast<std::int32_t>(plan.unknown_ids.size()));
    if (fresh) plan.unknown_ids.emplace_back(id);
    return -it->second - 1;
  };
  while (rd.next(f, diag)) {
    if (CsvReader::all_blank(f)) continue;
    if (f.size() != width) {
      diag.add(Problem{file, rd.line(), "row", std::to_string(f.size()) + " fields", std::to_string(width) + " fields like the header",
                       "the row has " + std::to_string(f.size()) + " fields; expected " + std::to_string(width) +
                           " like the header (quote a value that holds a comma)"});
      continue;
    }
    long long s;
    if (!parse_int(f[idx[2]], s) || s < -100000 || s > 100000) {
      const std::string seen = CsvReader::shown(trim(f[idx[2]]));
      diag.add(Problem{file, rd.line(), "start_year", seen, "a year such as 2023",
                       "cadre '" + CsvReader::shown(trim(f[idx[0]])) + "', program '" + CsvReader::shown(trim(f[idx[1]])) +
                           "': start_year '" + seen + "' is not a year; expected a whole year such as 2023"});
      continue;
    }
    Enrollment e;
    e.cadre = resolve(trim(f[idx[0]]), true);
    e.program = resolve(trim(f[idx[1]]), false);
    e.start = static_cast<Year>(s);
    plan.enrollments.push_back(e);
    plan.source_line.push_back(rd.line());
  }
  diag.throw_if_any<PlanError>("unreadable plan " + file);
  return plan;
}

Plan read_plan(const std::string& path, const Scenario& sc) {
  return parse_plan(detail::slurp(path, "plan", true), path, sc);
}

std::string plan_csv(const Scenario& sc, const Plan& plan) {
  Plan sorted = plan;
  sorted.sort_canonical();
  std::string out = "cadre_id,program_id,start_year\n";
  out.reserve(sorted.size() * 32 + 32);
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    detail::csv_field(out, sorted.cadre_id(sc, i));
    out.push_back(',');
    detail::csv_field(out, sorted.program_id(sc, i));
    out.push_back(',');
    out += std::to_string(sorted.enrollments[i].start);
    out.push_back('\n');
  }
  return out;
}

void write_plan(const Scenario& sc, const Plan& plan, const std::string& path) { write_text(path, plan_csv(sc, plan)); }

void write_text(const std::string& path, std::string_view content) { detail::write_file_atomic(path, content); }

void write_texts(const std::vector<std::pair<std::string, std::string>>& files) { detail::write_files_atomic(files); }

}  // namespace cadreplan::io
