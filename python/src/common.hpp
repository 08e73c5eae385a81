// Shared helpers of the bindings (internal to the extension module).
//
// The bindings are split by module, one translation unit each (DESIGN.md):
//   bind_errors.cpp   core: the exception tree -> cadreplan.errors
//   bind_model.cpp    model + io: Scenario, Plan, specs as dicts, YAML/CSV text
//   bind_rules.cpp    rules + projection: check, baseline, yearly state
//   bind_optimize.cpp optimize: solve, strategies (built-in and Python), progress
//   bind_explain.cpp  explain + paths: explanations, shadow prices, why_not
//   bind_synth.cpp    synth: built-in and generated scenarios
//   bind_report.cpp   report: scorecard, JSON, the HTML report, resource use
// Every call that can take long releases the GIL; a Python callback
// re-acquires it (see ProgressBridge in bind_optimize.cpp).
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/typing.h>

#include <cstring>
#include <string>
#include <vector>

#include "cadreplan/cadreplan.hpp"

namespace cadreplan::python {

namespace py = pybind11;

void bind_errors(py::module_& m);
void bind_model(py::module_& m);
void bind_rules(py::module_& m);
void bind_optimize(py::module_& m);
void bind_explain(py::module_& m);
void bind_synth(py::module_& m);
void bind_report(py::module_& m);

/// A 1-D numpy array holding a copy of @p v.
template <class T>
py::array_t<T> to_array(const std::vector<T>& v) {
  py::array_t<T> a(static_cast<py::ssize_t>(v.size()));
  if (!v.empty()) std::memcpy(a.mutable_data(), v.data(), v.size() * sizeof(T));
  return a;
}

/// A 2-D numpy array [rows][cols] from a vector of equally long rows.
template <class T>
py::array_t<T> to_array_2d(const std::vector<std::vector<T>>& rows, std::size_t cols) {
  py::array_t<T> a({static_cast<py::ssize_t>(rows.size()), static_cast<py::ssize_t>(cols)});
  auto w = a.template mutable_unchecked<2>();
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = 0; j < cols; ++j) w(static_cast<py::ssize_t>(i), static_cast<py::ssize_t>(j)) = rows[i][j];
  return a;
}

/// A Problem as a dict (file, line, field, value, expected, message).
py::dict problem_dict(const Problem& p);

/// Carries the C++ progress callback into Python. The solve runs with the GIL
/// released; each call re-acquires it, checks for signals (Ctrl-C raises
/// KeyboardInterrupt in the main thread), calls the Python callable if any,
/// and returns false to cancel when either raised or the callable returned
/// False. The exception is kept and re-raised by the Python layer after the
/// C++ solve has returned its best valid plan (status `cancelled`).
///
/// Lives on the binding's stack, created and destroyed with the GIL held; the
/// std::function copies C++ makes hold only a pointer to it, so copying them
/// never touches a Python reference count without the GIL.
struct ProgressBridge {
  py::object callback;  // None or callable(dict) -> bool | None
  bool check_signals = true;
  py::object error = py::none();  // the pending exception instance, or None
  std::size_t calls = 0;

  bool call(const Progress& p) {
    py::gil_scoped_acquire gil;
    ++calls;
    if (!error.is_none()) return false;
    try {
      if (check_signals && PyErr_CheckSignals() != 0) throw py::error_already_set();
      if (callback.is_none()) return true;
      py::dict d;
      d["seconds"] = p.seconds;
      d["phase"] = p.phase;
      d["fraction"] = p.fraction >= 0 ? py::object(py::float_(p.fraction)) : py::object(py::none());
      d["best_S"] = p.best_S >= 0 ? py::object(py::float_(p.best_S)) : py::object(py::none());
      d["lower_bound"] = p.lower_bound >= 0 ? py::object(py::float_(p.lower_bound)) : py::object(py::none());
      d["message"] = p.message;
      py::object r = callback(d);
      if (!r.is_none() && !py::bool_(r)) return false;
      return true;
    } catch (py::error_already_set& e) {
      error = e.value();
      return false;
    }
  }

  ProgressCallback function() {
    if (callback.is_none() && !check_signals) return {};
    ProgressBridge* self = this;
    return [self](const Progress& p) { return self->call(p); };
  }
};

/// Python None for nullopt.
template <class T>
py::object optional_to_py(const std::optional<T>& v) {
  return v ? py::cast(*v) : py::none();
}

}  // namespace cadreplan::python
