// report: the scorecard, the JSON summary, the HTML report (the same C++
// implementation as `cadreplan plan --report`) and the resource use it draws.
#include "common.hpp"

namespace cadreplan::python {

void bind_report(py::module_& m) {
  m.def(
      "scorecard",
      [](const Scenario& sc, const SolveResult& r, const explain::Explanation* ex) {
        return report::scorecard(sc, rules::baseline(sc), r, ex);
      },
      py::arg("scenario"), py::arg("result"), py::arg("explanation") = nullptr, py::call_guard<py::gil_scoped_release>(),
      "The readable scorecard the CLI prints.");
  m.def(
      "summary_json",
      [](const Scenario& sc, const SolveResult& r, const explain::Explanation* ex) {
        return report::summary_json(sc, rules::baseline(sc), r, ex);
      },
      py::arg("scenario"), py::arg("result"), py::arg("explanation") = nullptr, py::call_guard<py::gil_scoped_release>(),
      "The run summary as JSON text (what `cadreplan plan --out` writes).");
  m.def(
      "html_report",
      [](const Scenario& sc, const SolveResult& r, const explain::Explanation* ex, const std::string& lang,
         const std::string& title) {
        report::HtmlOptions o;
        o.language = report::parse_language(lang);
        o.title = title;
        return report::html_report(sc, r, ex, o);
      },
      py::arg("scenario"), py::arg("result"), py::arg("explanation") = nullptr, py::arg("lang") = "en",
      py::arg("title") = "", py::call_guard<py::gil_scoped_release>(),
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
