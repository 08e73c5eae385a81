// rules + projection: the one checker (validity and score) and the yearly
// state of every cadre under a plan (numpy views of the Eigen tables).
#include "common.hpp"

namespace cadreplan::python {

namespace {

py::dict checkpoint_columns(const rules::Evaluation& ev, const Scenario& sc) {
  const std::size_t n = ev.checkpoints.size();
  std::vector<std::string> target(n), share(n);
  std::vector<std::int32_t> year(n);
  std::vector<double> share_value(n), weight(n);
  std::vector<std::int64_t> members(n), required(n), achieved(n), shortfall(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& c = ev.checkpoints[i];
    target[i] = sc.spec().targets[static_cast<std::size_t>(c.target)].id;
    year[i] = c.year;
    share[i] = c.share.text();
    share_value[i] = c.share.value();
    weight[i] = c.weight;
    members[i] = c.n;
    required[i] = c.required;
    achieved[i] = c.achieved;
    shortfall[i] = c.shortfall;
  }
  py::dict d;
  d["target_id"] = py::cast(target);
  d["year"] = to_array(year);
  d["share"] = to_array(share_value);
  d["share_text"] = py::cast(share);
  d["weight"] = to_array(weight);
  d["n"] = to_array(members);
  d["required"] = to_array(required);
  d["achieved"] = to_array(achieved);
  d["shortfall"] = to_array(shortfall);
  return d;
}

py::list violation_list(const rules::Evaluation& ev, const Scenario& sc, const Plan& plan) {
  py::list l;
  for (const auto& v : ev.violations) {
    py::dict d;
    d["rule"] = v.rule;
    d["row"] = v.row;
    d["line"] = v.line;
    d["cadre_id"] = v.row >= 0 && static_cast<std::size_t>(v.row) < plan.size()
                        ? py::object(py::str(plan.cadre_id(sc, static_cast<std::size_t>(v.row))))
                        : (v.cadre >= 0 ? py::object(py::str(sc.roster().id[static_cast<std::size_t>(v.cadre)]))
                                        : py::object(py::none()));
    d["program_id"] = v.row >= 0 && static_cast<std::size_t>(v.row) < plan.size()
                          ? py::object(py::str(plan.program_id(sc, static_cast<std::size_t>(v.row))))
                          : (v.program >= 0 ? py::object(py::str(sc.spec().programs[static_cast<std::size_t>(v.program)].id))
                                            : py::object(py::none()));
    d["year"] = v.year;
    d["message"] = v.message;
    l.append(d);
  }
  return l;
}

/// A numpy array viewing one Eigen table of a heap Projection kept alive by @p owner.
template <class T>
py::array view(const projection::YearTable<T>& t, const py::object& owner) {
  return py::array_t<T>({static_cast<py::ssize_t>(t.rows()), static_cast<py::ssize_t>(t.cols())},
                        {static_cast<py::ssize_t>(sizeof(T) * static_cast<std::size_t>(t.cols())), static_cast<py::ssize_t>(sizeof(T))},
                        t.data(), owner);
}

}  // namespace

void bind_rules(py::module_& m) {
  py::class_<rules::Evaluation>(m, "Evaluation", "What rules::check says of a plan: validity, S, C, attainment per checkpoint.")
      .def_readonly("valid", &rules::Evaluation::valid, "True when the plan breaks no rule.")
      .def_readonly("violation_count", &rules::Evaluation::violation_count, "All violations found.")
      .def_readonly("S", &rules::Evaluation::S, "Total weighted shortfall (lower is better).")
      .def_readonly("C", &rules::Evaluation::C, "Total cost.")
      .def("brief", &rules::Evaluation::brief, "One line: validity, S, C.")
      .def("checkpoint_columns", &checkpoint_columns, py::arg("scenario"),
           "Per target checkpoint: target_id, year, share, share_text, weight, n, required, achieved, shortfall.")
      .def("violation_list", &violation_list, py::arg("scenario"), py::arg("plan"),
           "The violations kept in detail, as dicts (rule, row, line, cadre_id, program_id, year, message).");

  m.def(
      "check",
      [](const Scenario& sc, const Plan& plan, std::size_t max_violations) {
        rules::CheckOptions o;
        o.max_violations = max_violations;
        return rules::check(sc, plan, o);
      },
      py::arg("scenario"), py::arg("plan"), py::arg("max_violations") = 1000, py::call_guard<py::gil_scoped_release>(),
      "Validity (rules 1-9) and score of a plan: THE checker every strategy goes through.");
  m.def("baseline", &rules::baseline, py::arg("scenario"), py::call_guard<py::gil_scoped_release>(),
        "The score with no training at all.");

  m.def(
      "project",
      [](const Scenario& sc, const Plan& plan) {
        std::unique_ptr<projection::Projection> p;
        {
          py::gil_scoped_release release;
          p = std::make_unique<projection::Projection>(projection::project(sc, plan));
        }
        projection::Projection* raw = p.release();
        py::capsule owner(raw, [](void* q) { delete static_cast<projection::Projection*>(q); });
        py::dict d;
        d["start"] = raw->start;
        d["active"] = view(raw->active, owner);
        d["age"] = view(raw->age, owner);
        py::list level, latest, valid;
        for (const auto& t : raw->level) level.append(view(t, owner));
        for (const auto& t : raw->latest) latest.append(view(t, owner));
        for (const auto& t : raw->valid) valid.append(view(t, owner));
        d["level"] = level;
        d["latest"] = latest;
        d["valid"] = valid;
        return d;
      },
      py::arg("scenario"), py::arg("plan"),
      "Each cadre's state at the end of every year (years x cadres numpy arrays viewing the C++ tables): "
      "start, active, age, level[ladder], latest[credential] (INT_MIN = never), valid[credential].");
  m.def(
      "attainment",
      [](const Scenario& sc, const Plan& plan) {
        projection::AttainmentSeries a;
        {
          py::gil_scoped_release release;
          a = projection::attainment(sc, plan);
        }
        py::dict d;
        d["start"] = a.start;
        d["members"] = to_array_2d(a.members, static_cast<std::size_t>(sc.years()));
        d["achieved"] = to_array_2d(a.achieved, static_cast<std::size_t>(sc.years()));
        return d;
      },
      py::arg("scenario"), py::arg("plan"),
      "Group size and achievers of every target in every year: members and achieved, [target x year] int64 arrays.");
}

}  // namespace cadreplan::python
