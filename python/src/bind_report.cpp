// report: the scorecard, the JSON summary, the HTML report (the same C++
// implementation as `cadreplan plan --report`) and the resource use it draws.
#include "common.hpp"

namespace cadreplan::python {

namespace {

/// An Explanation or None; typed `Explanation | None` in the signature (and so in the stub).
using OptionalExplanation = py::typing::Optional<explain::Explanation>;

/// The explanation, or nullptr for None. Called with the GIL held; raises TypeError otherwise.
const explain::Explanation* explanation_ptr(const OptionalExplanation& e) {
  if (e.is_none()) return nullptr;
  return &e.cast<const explain::Explanation&>();
}

}  // namespace

void bind_report(py::module_& m) {
  m.def(
      "scorecard",
      [](const Scenario& sc, const SolveResult& r, const OptionalExplanation& explanation) {
        const explain::Explanation* ex = explanation_ptr(explanation);
        py::gil_scoped_release release;
        return report::scorecard(sc, rules::baseline(sc), r, ex);
      },
      py::arg("scenario"), py::arg("result"), py::arg("explanation") = py::none(),
      "The readable scorecard the CLI prints (with the explanation when given).");
  m.def(
      "summary_json",
      [](const Scenario& sc, const SolveResult& r, const OptionalExplanation& explanation) {
        const explain::Explanation* ex = explanation_ptr(explanation);
        py::gil_scoped_release release;
        return report::summary_json(sc, rules::baseline(sc), r, ex);
      },
      py::arg("scenario"), py::arg("result"), py::arg("explanation") = py::none(),
      "The run summary as JSON text (what `cadreplan plan --out` writes).");
  m.def(
      "html_report",
      [](const Scenario& sc, const SolveResult& r, const OptionalExplanation& explanation, const std::string& lang,
         const std::string& title) {
        const explain::Explanation* ex = explanation_ptr(explanation);
        report::HtmlOptions o;
        o.language = report::parse_language(lang);
        o.title = title;
        py::gil_scoped_release release;
        return report::html_report(sc, r, ex, o);
      },
      py::arg("scenario"), py::arg("result"), py::arg("explanation") = py::none(), py::arg("lang") = "en",
      py::arg("title") = "",
      "The self-contained HTML report (inline SVG charts, no network), labels in 'en' or 'vi'.");
  m.def(
      "resource_use",
      [](const Scenario& sc, const Plan& plan) {
        report::ResourceUse u;
        {
          py::gil_scoped_release release;
          u = report::resource_use(sc, plan);
        }
        const auto years = static_cast<std::size_t>(sc.years());
        std::vector<double> budget(years);
        for (std::size_t y = 0; y < years; ++y) budget[y] = u.budget[y] ? *u.budget[y] : std::numeric_limits<double>::quiet_NaN();
        py::dict d;
        d["start"] = u.start;
        d["seats"] = to_array_2d(u.seats, years);
        d["used"] = to_array_2d(u.used, years);
        d["budget"] = to_array(budget);
        d["spent"] = to_array(u.spent);
        return d;
      },
      py::arg("scenario"), py::arg("plan"),
      "Seats and starts per [program x year] (int64), budget (NaN = no cap) and spending per year.");
}

}  // namespace cadreplan::python
