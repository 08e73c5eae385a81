// optimize: solve() with a built-in strategy or a Python one, and the bridge
// from the C++ progress callback to Python (progress display and Ctrl-C).
#include "common.hpp"

namespace cadreplan::python {

namespace {

SolveOptions make_options(const std::string& strategy, double time_limit, int threads, std::uint64_t seed,
                          const std::map<std::string, std::string>& settings, const std::string& write_mps) {
  SolveOptions o;
  o.strategy = strategy;
  o.time_limit = time_limit;
  o.threads = threads;
  o.seed = seed;
  o.settings = settings;
  o.write_mps = write_mps;
  return o;
}

SolveStatus parse_status(const std::string& s) {
  if (s == "optimal") return SolveStatus::optimal;
  if (s == "feasible") return SolveStatus::feasible;
  if (s == "time_limit") return SolveStatus::time_limit;
  if (s == "cancelled") return SolveStatus::cancelled;
  throw OptionsError("unknown solve status '" + s + "' (known: optimal, feasible, time_limit, cancelled)");
}

/// A strategy written in Python: `propose()` returns a cadreplan._core.Plan,
/// or (Plan, info) where info may set status, lower_bound, cost_lower_bound
/// and log ({name: value}). Runs inside solve_with, so its plan goes through
/// rules::check like every built-in strategy's.
class PythonStrategy : public Strategy {
 public:
  PythonStrategy(py::object propose, std::string name, std::string description)
      : propose_(std::move(propose)), name_(std::move(name)), description_(std::move(description)) {}
  std::string name() const override { return name_; }
  std::string description() const override { return description_; }
  Plan solve(const Scenario&, const SolveOptions&, SolveReport& report) override {
    py::gil_scoped_acquire gil;
    py::object r = propose_();
    py::object plan_obj = r;
    if (py::isinstance<py::tuple>(r)) {
      py::tuple t = r;
      if (t.size() != 2) throw OptionsError("strategy '" + name_ + "' returned a tuple that is not (plan, info)");
      plan_obj = t[0];
      py::dict info = t[1];
      if (info.contains("status")) report.status = parse_status(info["status"].cast<std::string>());
      if (info.contains("lower_bound") && !info["lower_bound"].is_none())
        report.lower_bound = info["lower_bound"].cast<double>();
      if (info.contains("cost_lower_bound") && !info["cost_lower_bound"].is_none())
        report.cost_lower_bound = info["cost_lower_bound"].cast<double>();
      if (info.contains("log"))
        for (auto item : py::dict(info["log"])) report.record(0.0, py::str(item.first), py::str(item.second));
    }
    return plan_obj.cast<Plan>();
  }

 private:
  py::object propose_;
  std::string name_, description_;
};

}  // namespace

void bind_optimize(py::module_& m) {
  py::class_<SolveReport>(m, "SolveReport", "What a solve did and how good the plan is.")
      .def_readonly("strategy", &SolveReport::strategy, "The strategy's name.")
      .def_property_readonly("status", [](const SolveReport& r) { return std::string(to_string(r.status)); },
                             "optimal, feasible, time_limit or cancelled.")
      .def_readonly("S", &SolveReport::S, "Weighted shortfall, from rules::check.")
      .def_readonly("C", &SolveReport::C, "Cost, from rules::check.")
      .def_readonly("lower_bound", &SolveReport::lower_bound, "Proven lower bound on S, or None.")
      .def_readonly("cost_lower_bound", &SolveReport::cost_lower_bound, "Proven lower bound on C at this S, or None.")
      .def_readonly("seconds", &SolveReport::seconds, "Wall time of the whole solve.")
      .def_readonly("timings", &SolveReport::timings, "Seconds per phase.")
      .def_property_readonly(
          "log",
          [](const SolveReport& r) {
            py::list l;
            for (const auto& rec : r.log) l.append(py::make_tuple(rec.seconds, rec.name, rec.value));
            return l;
          },
          "The solve log: (seconds, name, value) tuples.")
      .def_readonly("seed", &SolveReport::seed, "The seed used.")
      .def_readonly("threads", &SolveReport::threads, "Threads used.")
      .def("gap", &SolveReport::gap, "S - lower_bound, or None.")
      .def("relative_gap", &SolveReport::relative_gap, "(S - lower_bound) / max(S, 1), or None.")
      .def("brief_report", &SolveReport::brief_report, "One line: strategy, status, S, C, bound, gap, seconds.")
      .def("full_report", &SolveReport::full_report, "The brief report, timings and the log.");

  py::class_<SolveResult>(m, "SolveResult", "A plan with its report and its evaluation by rules::check.")
      .def_readonly("plan", &SolveResult::plan, "The plan.")
      .def_readonly("report", &SolveResult::report, "The solve report.")
      .def_readonly("evaluation", &SolveResult::evaluation, "rules::check of the plan.");

  m.def("strategy_names", &strategy_names, "The registered strategy names, sorted.");
  m.def(
      "strategy_description", [](const std::string& name) { return make_strategy(name)->description(); },
      py::arg("name"), "One line about a registered strategy. Raises OptionsError for an unknown name.");

  m.def(
      "solve",
      [](const Scenario& sc, const std::string& strategy, double time_limit, int threads, std::uint64_t seed,
         const std::map<std::string, std::string>& settings, const std::string& write_mps, py::object progress,
         bool check_signals) {
        ProgressBridge bridge;
        bridge.callback = std::move(progress);
        bridge.check_signals = check_signals;
        SolveOptions o = make_options(strategy, time_limit, threads, seed, settings, write_mps);
        o.progress = bridge.function();
        SolveResult r;
        {
          py::gil_scoped_release release;
          r = solve(sc, o);
        }
        return py::make_tuple(std::move(r), bridge.error, bridge.calls);
      },
      py::arg("scenario"), py::arg("strategy") = "optimal", py::arg("time_limit") = 300.0, py::arg("threads") = 0,
      py::arg("seed") = 0, py::arg("settings") = std::map<std::string, std::string>{}, py::arg("write_mps") = "",
      py::arg("progress") = py::none(), py::arg("check_signals") = true,
      "Runs a registered strategy and checks its plan with rules::check, with the GIL released. Returns "
      "(SolveResult, pending_exception_or_None, progress_calls): an exception raised by the progress callable or "
      "a KeyboardInterrupt cancels the solve and is returned for the caller to raise.");

  m.def(
      "solve_custom",
      [](const Scenario& sc, py::object propose, const std::string& name, const std::string& description, double time_limit,
         int threads, std::uint64_t seed) {
        PythonStrategy strategy(std::move(propose), name, description);
        SolveOptions o = make_options(name, time_limit, threads, seed, {}, "");
        SolveResult r;
        {
          py::gil_scoped_release release;
          r = solve_with(strategy, sc, o);
        }
        return r;
      },
      py::arg("scenario"), py::arg("propose"), py::arg("name"), py::arg("description") = "", py::arg("time_limit") = 300.0,
      py::arg("threads") = 0, py::arg("seed") = 0,
      "Runs a Python strategy (propose() -> Plan or (Plan, info)) through solve_with, so that its plan is scored by "
      "rules::check like a built-in's; raises SolveError when the plan breaks a rule.");
}

}  // namespace cadreplan::python
