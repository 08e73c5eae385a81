// explain + paths: why a plan falls short and what would fix it (with the LP
// shadow prices of seats and money), and who can never reach a target in time.
#include "common.hpp"

namespace cadreplan::python {

namespace {

const std::string& program_id(const Scenario& sc, int k) { return sc.spec().programs[static_cast<std::size_t>(k)].id; }
const std::string& target_id(const Scenario& sc, int t) { return sc.spec().targets[static_cast<std::size_t>(t)].id; }

py::dict seat_price(const Scenario& sc, const explain::SeatPrice& s) {
  py::dict d;
  d["program_id"] = program_id(sc, s.program);
  d["year"] = s.year;
  d["seats"] = s.seats;
  d["used"] = s.used;
  d["shadow_price"] = s.shadow_price;
  return d;
}

py::dict budget_price(const explain::BudgetPrice& b) {
  py::dict d;
  d["year"] = b.year;
  d["budget"] = b.budget;
  d["spent"] = b.spent;
  d["shadow_price"] = b.shadow_price;
  return d;
}

py::list checkpoint_list(const explain::Explanation& ex, const Scenario& sc) {
  py::list out;
  for (const auto& c : ex.checkpoints) {
    py::dict d;
    d["target_id"] = target_id(sc, c.target);
    d["year"] = c.year;
    d["required"] = c.required;
    d["achieved"] = c.achieved;
    d["shortfall"] = c.shortfall;
    d["weight"] = c.weight;
    d["short_members"] = c.short_members;
    d["cannot_reach"] = c.cannot_reach;
    py::list unreachable;
    for (const auto& u : c.unreachable) {
      py::dict ud;
      ud["reason"] = u.reason;
      ud["members"] = u.members;
      ud["explanation"] = u.explanation;
      unreachable.append(ud);
    }
    d["unreachable"] = unreachable;
    py::list seats, budget, extra_seats, extra_budget;
    for (const auto& s : c.binding_seats) seats.append(seat_price(sc, s));
    for (const auto& b : c.binding_budget) budget.append(budget_price(b));
    for (const auto& e : c.extra_seats) {
      py::dict ed;
      ed["program_id"] = program_id(sc, e.program);
      ed["year"] = e.year;
      ed["seats"] = e.seats;
      extra_seats.append(ed);
    }
    for (const auto& b : c.extra_budget) {
      py::dict bd;
      bd["year"] = b.year;
      bd["amount"] = b.amount;
      extra_budget.append(bd);
    }
    d["binding_seats"] = seats;
    d["binding_budget"] = budget;
    d["closable"] = c.closable;
    d["fixed"] = c.fixed;
    d["extra_seats"] = extra_seats;
    d["extra_budget"] = extra_budget;
    d["extra_cost"] = c.extra_cost;
    d["seats_lower_bound"] = c.seats_lower_bound;
    d["note"] = c.note;
    out.append(d);
  }
  return out;
}

}  // namespace

void bind_explain(py::module_& m) {
  py::class_<explain::Explanation>(m, "Explanation", "Why a plan falls short, checkpoint by checkpoint, and what would fix it.")
      .def_readonly("lp_bound", &explain::Explanation::lp_bound, "The LP bound on S the shadow prices come from.")
      .def_readonly("seconds", &explain::Explanation::seconds, "Wall time.")
      .def("text", &explain::Explanation::text, py::arg("scenario"), "A readable account, checkpoint by checkpoint.")
      .def("checkpoint_list", &checkpoint_list, py::arg("scenario"),
           "The checkpoints that fall short, as dicts (causes, unreachable members, binding seats and budget, the least "
           "extra seats and budget that close them).")
      .def(
          "seat_price_list",
          [](const explain::Explanation& ex, const Scenario& sc) {
            py::list l;
            for (const auto& s : ex.seat_prices) l.append(seat_price(sc, s));
            return l;
          },
          py::arg("scenario"), "Every program-year whose seat has a shadow price > 0.")
      .def(
          "budget_price_list",
          [](const explain::Explanation& ex) {
            py::list l;
            for (const auto& b : ex.budget_prices) l.append(budget_price(b));
            return l;
          },
          "Every year whose money has a shadow price > 0.")
      .def(
          "witness",
          [](const explain::Explanation& ex, std::size_t i) {
            if (i >= ex.checkpoints.size()) throw OptionsError("no explained checkpoint " + std::to_string(i));
            return ex.checkpoints[i].witness;
          },
          py::arg("index"), "The plan that meets explained checkpoint @p index on the scenario with its fix.");

  m.def(
      "explain",
      [](const Scenario& sc, const Plan& plan, double time_limit, int threads, bool fixes, py::object progress,
         bool check_signals) {
        ProgressBridge bridge;
        bridge.callback = std::move(progress);
        bridge.check_signals = check_signals;
        explain::ExplainOptions o;
        o.time_limit = time_limit;
        o.threads = threads;
        o.fixes = fixes;
        o.progress = bridge.function();
        explain::Explanation ex;
        {
          py::gil_scoped_release release;
          ex = explain::explain(sc, plan, o);
        }
        return py::make_tuple(std::move(ex), bridge.error);
      },
      py::arg("scenario"), py::arg("plan"), py::arg("time_limit") = 120.0, py::arg("threads") = 0, py::arg("fixes") = true,
      py::arg("progress") = py::none(), py::arg("check_signals") = true,
      "Explains where a valid plan falls short, with the GIL released. Returns (Explanation, pending_exception_or_None). "
      "Raises PlanError when the plan breaks a rule.");

  py::class_<paths::WhyNotReport>(m, "WhyNotReport", "Who can never reach each target checkpoint in time, and why.")
      .def_readonly("seconds", &paths::WhyNotReport::seconds, "Wall time.")
      .def_readonly("cohorts", &paths::WhyNotReport::cohorts, "Cohorts the computation ran on.")
      .def("table", &paths::WhyNotReport::table, py::arg("scenario"), "A fixed-width table.")
      .def("full_report", &paths::WhyNotReport::full_report, py::arg("scenario"), "The table and every explanation.")
      .def(
          "checkpoint_list",
          [](const paths::WhyNotReport& r, const Scenario& sc) {
            py::list out;
            for (const auto& c : r.checkpoints) {
              py::dict d;
              d["target_id"] = target_id(sc, c.target);
              d["year"] = c.year;
              d["members"] = c.members;
              d["roster_achieved"] = c.roster_achieved;
              d["short_members"] = c.short_members;
              d["can_reach"] = c.can_reach;
              d["cannot_reach"] = c.cannot_reach;
              for (int i = 0; i < paths::kReasonCount; ++i)
                d[py::str(std::string(paths::to_string(static_cast<paths::Reason>(i))))] = c.by_reason[static_cast<std::size_t>(i)];
              std::string why;
              for (const auto& rd : c.reasons) why += (why.empty() ? "" : " ") + rd.explanation;
              d["explanation"] = why;
              out.append(d);
            }
            return out;
          },
          py::arg("scenario"),
          "Per checkpoint: members, roster_achieved, short_members, can_reach, cannot_reach, one count per reason, explanation.");

  m.def(
      "reason_names",
      [] {
        std::vector<std::string> names;
        for (int i = 0; i < paths::kReasonCount; ++i) names.emplace_back(paths::to_string(static_cast<paths::Reason>(i)));
        return names;
      },
      "The why-not reasons, in order.");
  m.def(
      "why_not",
      [](const Scenario& sc, int threads) {
        paths::WhyNotOptions o;
        o.threads = threads;
        return paths::why_not(sc, o);
      },
      py::arg("scenario"), py::arg("threads") = 0, py::call_guard<py::gil_scoped_release>(),
      "Who in each target checkpoint's group can never reach it in time, and why.");
}

}  // namespace cadreplan::python
