// The extension module cadreplan._core: the C++ library as it is, with
// snake_case names. The Python package (python/cadreplan/) builds the
// notebook API (pandas in and out) on top of it.
#include "common.hpp"

PYBIND11_MODULE(_core, m) {
  using namespace cadreplan::python;
  m.doc() = "cadreplan._core: the C++ library behind the cadreplan package (use the cadreplan package, not this module).";
  m.def("version", &cadreplan::version, "The C++ library version, MAJOR.MINOR.PATCH.");
  bind_errors(m);
  bind_model(m);
  bind_rules(m);
  bind_optimize(m);
  bind_explain(m);
  bind_synth(m);
  bind_report(m);
}
