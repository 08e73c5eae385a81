// cadreplan — reading and writing the files of the cadreplan/1 contract:
// the scenario YAML (JSON accepted), the roster CSV and the plan CSV.
// UTF-8 throughout; every error names the file, the line and the field.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cadreplan/model/plan.hpp"
#include "cadreplan/model/scenario.hpp"

namespace cadreplan::io {

/// Reads a scenario file and the roster CSV it names (relative to it), then
/// validates and compiles them. Each stage reports all of its problems at once:
/// the YAML reader (types and shapes), then the roster reader, then
/// Scenario::build (meaning: names, ranges, cross references).
/// A roster file that cannot be read is reported at the scenario's `roster:` line.
/// @throws ScenarioError listing every problem found (up to 100).
Scenario read_scenario(const std::string& path);

/// Parses scenario YAML text. @p file names it in messages; the roster path is
/// returned as written in `spec.roster`. Locations are recorded in @p source.
/// Whole numbers may be written with a zero fraction ("2.0", as JSON exports
/// do); a key given twice in one map is an error; unknown keys are warnings.
/// A syntax error is reported at the line to fix (the line of an unclosed
/// '{', '[' or quote, when the parser notices it only later), with no field
/// and the text of that line as the value seen.
/// @throws ScenarioError listing every problem found.
ScenarioSpec parse_scenario(std::string_view yaml_text, const std::string& file, SourceMap& source);

/// Parses a roster CSV text for @p spec (its ladders and credentials define
/// the columns, in any order; a named column the scenario does not define is
/// an error). Accepts a UTF-8 byte-order mark, CRLF line ends, quoted fields
/// (RFC 4180), blank rows and rows of empty cells (skipped), and unnamed
/// columns whose cells are all empty (a spreadsheet's trailing commas).
/// Level names and `sex` are resolved here, as the Roster stores indices;
/// Scenario::build checks the rest (ids, ages, ranges).
/// Problems name the field "roster.<column>" and the line of the row.
/// @throws ScenarioError listing every problem found.
Roster parse_roster(std::string_view csv_text, const std::string& file, const ScenarioSpec& spec);

/// Reads the roster CSV at @p path for @p spec. @throws ScenarioError.
Roster read_roster(const std::string& path, const ScenarioSpec& spec);

/// The scenario as YAML text, naming @p roster_file as its roster.
std::string scenario_yaml(const ScenarioSpec& spec, const std::string& roster_file);
/// The roster as CSV text (header: id,birth_year,sex,tier,flags, ladders, credentials).
std::string roster_csv(const Scenario& scenario);

/// Writes `scenario.yaml` and `roster.csv` into @p dir (created if needed);
/// they read back to the same scenario. Files are written atomically.
/// @throws Error when the folder cannot be written.
void write_scenario(const Scenario& scenario, const std::string& dir);

/// Parses a plan CSV (header cadre_id,program_id,start_year, any column
/// order, other columns ignored; BOM, CRLF and rows of empty cells accepted).
/// Ids the scenario lacks are kept (rule 6 is for rules::check to report).
/// Problems name the column ("start_year") and the line of the row.
/// @throws PlanError on unreadable content.
Plan parse_plan(std::string_view csv_text, const std::string& file, const Scenario& scenario);
/// Reads a plan CSV file. @throws PlanError.
Plan read_plan(const std::string& path, const Scenario& scenario);

/// The plan as CSV text, rows in canonical order (start year, program, cadre).
std::string plan_csv(const Scenario& scenario, const Plan& plan);
/// Writes the plan CSV atomically. @throws Error.
void write_plan(const Scenario& scenario, const Plan& plan, const std::string& path);

/// Writes @p content to @p path atomically (temporary file, then rename).
/// @throws Error naming the path.
void write_text(const std::string& path, std::string_view content);

/// Writes several files (path, content) as one output: each to a temporary
/// file first, and only when all are complete are they renamed into place, so
/// a failure part way (a full disk, a read-only folder) leaves none of them.
/// @throws Error naming the path.
void write_texts(const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace cadreplan::io
