// core: the exception tree. Every cadreplan::Error becomes the Python class of
// the same name in cadreplan.errors (defined in Python, so that it pickles
// across processes and carries its problems as objects); other C++ exceptions
// take pybind11's standard translation (MemoryError, ValueError, RuntimeError).
// No C++ exception reaches the interpreter as a crash.
#include "common.hpp"

namespace cadreplan::python {

py::dict problem_dict(const Problem& p) {
  py::dict d;
  d["file"] = p.file;
  d["line"] = p.line;
  d["field"] = p.field;
  d["value"] = p.value;
  d["expected"] = p.expected;
  d["message"] = p.message;
  return d;
}

namespace {

/// Sets the Python error cadreplan.errors.<cls>(message[, problems, total]);
/// falls back to @p fallback when the Python package cannot be imported.
void set_error(const char* cls, const char* message, const InputError* input, PyObject* fallback) {
  try {
    py::module_ errors = py::module_::import("cadreplan.errors");
    py::object type = errors.attr(cls);
    py::object exc;
    if (input) {
      py::list problems;
      for (const Problem& p : input->problems()) problems.append(problem_dict(p));
      exc = type(message, problems, input->total());
    } else {
      exc = type(message);
    }
    PyErr_SetObject(type.ptr(), exc.ptr());
  } catch (py::error_already_set&) {
    PyErr_SetString(fallback, message);
  }
}

}  // namespace

void bind_errors(py::module_& m) {
  py::register_exception_translator([](std::exception_ptr p) {
    if (!p) return;
    try {
      std::rethrow_exception(p);
    } catch (const ScenarioError& e) {
      set_error("ScenarioError", e.what(), &e, PyExc_ValueError);
    } catch (const PlanError& e) {
      set_error("PlanError", e.what(), &e, PyExc_ValueError);
    } catch (const InputError& e) {
      set_error("InputError", e.what(), &e, PyExc_ValueError);
    } catch (const OptionsError& e) {
      set_error("OptionsError", e.what(), nullptr, PyExc_ValueError);
    } catch (const SolveError& e) {
      set_error("SolveError", e.what(), nullptr, PyExc_RuntimeError);
    } catch (const Error& e) {
      set_error("Error", e.what(), nullptr, PyExc_RuntimeError);
    }
  });
  m.def(
      "_throw_for_test",
      [](const std::string& kind) {
        if (kind == "scenario")
          throw ScenarioError("bad scenario", {Problem{"s.yaml", 3, "horizon.end", "2020", "a year >= 2022", "the horizon ends before it starts"}}, 1);
        if (kind == "plan") throw PlanError("bad plan", {Problem{"p.csv", 2, "start_year", "x", "a whole number", "not a year"}}, 1);
        if (kind == "options") throw OptionsError("bad options");
        if (kind == "solve") throw SolveError("solver failed");
        if (kind == "error") throw Error("cannot write");
        if (kind == "bad_alloc") throw std::bad_alloc();
        if (kind == "std") throw std::logic_error("an unexpected C++ exception");
        throw OptionsError("unknown kind '" + kind + "'");
      },
      py::arg("kind"),
      "Throws the C++ exception @p kind (scenario, plan, options, solve, error, bad_alloc, std): for the tests of the translation.");
}

}  // namespace cadreplan::python
