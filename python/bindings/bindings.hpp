// python/bindings/bindings.hpp — registration functions, one per domain file.
#pragma once

#include <pybind11/pybind11.h>

namespace kobling::python {

void register_results(pybind11::module_& m);     // results.cpp: Assignment, DualCertificate
void register_solvers(pybind11::module_& m);     // solvers.cpp: the array-level API
void register_kickoff(pybind11::module_& m);     // kickoff.cpp: the kick-off object
void register_synthetic(pybind11::module_& m);   // synthetic.cpp: seeded markets
void register_interviews(pybind11::module_& m);  // interviews.cpp: who interviews whom, when
void register_outcomes(pybind11::module_& m);    // outcomes.cpp: intakes and their labels

}  // namespace kobling::python
