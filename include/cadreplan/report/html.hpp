// cadreplan — the self-contained HTML report of a plan, and the resource use
// its charts draw.
//
// One implementation, in C++, used by `cadreplan plan --report FILE` and by the
// Python package (cadreplan.Result.to_html): the CLI needs no Python, and the
// two can never disagree. The page has no script and fetches nothing: charts
// are inline SVG drawn here, styles inline, so the file can be mailed, opened
// offline or printed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cadreplan/explain/explain.hpp"
#include "cadreplan/model/plan.hpp"
#include "cadreplan/model/scenario.hpp"
#include "cadreplan/optimize/solve.hpp"

namespace cadreplan::report {

/// The language of a report's labels.
enum class Language { en, vi };

/// "en" or "vi". @throws OptionsError for anything else.
Language parse_language(std::string_view text);
/// "en" or "vi".
std::string_view to_string(Language language) noexcept;

/// Seats and money under a plan, per program-year and per year.
struct ResourceUse {
  Year start = 0;  ///< horizon start (index 0)
  /// [program][year - start]: seats(k, year), and starts under the plan.
  std::vector<std::vector<std::int64_t>> seats, used;
  /// [year - start]: the budget cap (nullopt: no cap), and the spending under
  /// the plan (sum of cost_per_year over the enrollments occupying the year).
  std::vector<std::optional<double>> budget;
  std::vector<double> spent;
};

/// The seats and money @p plan uses (enrollments naming unknown cadres or
/// programs count for nothing, as in rules::check). Never throws on plan content.
ResourceUse resource_use(const Scenario& scenario, const Plan& plan);

/// What the HTML report shows.
struct HtmlOptions {
  Language language = Language::en;
  std::string title;  ///< empty: "<scenario name> — training plan" in the report's language
};

/// A self-contained HTML page: the summary (S, C, bound, gap, status), the
/// attainment of every target over the years (required vs baseline vs
/// planned, from projection::attainment), the seat use per program-year, the
/// cost per year against the budget, the scorecard table, and with
/// @p explanation why each missed checkpoint falls short.
/// Deterministic: the same inputs give the same bytes.
std::string html_report(const Scenario& scenario, const SolveResult& result,
                        const explain::Explanation* explanation = nullptr, const HtmlOptions& options = {});

}  // namespace cadreplan::report
