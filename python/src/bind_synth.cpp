// synth: the built-in scenarios and generated test scenarios.
#include "common.hpp"

namespace cadreplan::python {

void bind_synth(py::module_& m) {
  m.def("builtin_scenarios", &synth::builtin_scenarios, "The names of the built-in scenarios.");
  m.def(
      "builtin_scenario", [](const std::string& name) { return synth::builtin_scenario(name); }, py::arg("name"),
      py::call_guard<py::gil_scoped_release>(), "The built-in scenario @p name. Raises OptionsError for an unknown name.");
  m.def(
      "generate",
      [](std::size_t cadres, std::uint64_t seed, Year start, int years, int max_concurrent_programs,
         int min_service_years_after, double seat_scale, double budget_scale) {
        synth::GenerateOptions o;
        o.cadres = cadres;
        o.seed = seed;
        o.start = start;
        o.years = years;
        o.max_concurrent_programs = max_concurrent_programs;
        o.min_service_years_after = min_service_years_after;
        o.seat_scale = seat_scale;
        o.budget_scale = budget_scale;
        return synth::generate(o);
      },
      py::arg("cadres") = 500, py::arg("seed") = 1, py::arg("start") = 2022, py::arg("years") = 9,
      py::arg("max_concurrent_programs") = 1, py::arg("min_service_years_after") = 0, py::arg("seat_scale") = 1.0,
      py::arg("budget_scale") = 1.0, py::call_guard<py::gil_scoped_release>(),
      "A generated scenario (deterministic for the same arguments). Raises OptionsError on invalid options.");
}

}  // namespace cadreplan::python
