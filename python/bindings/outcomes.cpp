// python/bindings/outcomes.cpp — intakes (kobling/outcomes.hpp) as
// kobling._core.IntakeCore: read an intake/1 document, write it back, and
// label its records. Parsing and the record step run without the GIL.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bindings.hpp"
#include "kobling/json_io.hpp"
#include "kobling/outcomes.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace kobling::python {

namespace {

// The checked intake; immutable, so it is shared freely.
struct IntakeCore {
  Intake intake;
};

template <class Read>
IntakeCore read_intake(Read read) {
  Intake in;
  {
    py::gil_scoped_release release;
    in = read();
  }
  return IntakeCore{std::move(in)};
}

}  // namespace

void register_outcomes(py::module_& m) {
  py::class_<IntakeCore>(m, "IntakeCore",
                         "Native intake: a kick-off as it was run, its placements and outcomes.")
      .def_property_readonly("id", [](const IntakeCore& c) { return c.intake.id(); })
      .def(
          "to_json", [](const IntakeCore& c) { return intake_to_json(c.intake).dump(1); },
          "The intake/1 document as JSON text (round-trips through parse_intake).")
      .def(
          "labels",
          [](const IntakeCore& c, std::optional<std::int32_t> horizon_days, bool declined_is_bad) {
            LabelRule rule;
            rule.horizon_days = horizon_days;
            rule.declined_is_bad = declined_is_bad;
            std::vector<std::string> out;
            for (const Label l : labels(c.intake, rule)) {
              out.emplace_back(to_string(l));
            }
            return out;
          },
          "horizon_days"_a = py::none(), "declined_is_bad"_a = false,
          "The label of every candidate in kick-off order: 'good', 'bad', 'censored' or "
          "'excluded' (outcomes.hpp gives the rule).");
  m.def(
      "load_intake",
      [](const std::filesystem::path& path) {
        return read_intake([&path] { return load_intake(path); });
      },
      "path"_a, "Reads an intake/1 file; errors name the file and the JSON path.");
  m.def(
      "parse_intake",
      [](const std::string& text) { return read_intake([&text] { return parse_intake(text); }); },
      "text"_a, "Parses intake/1 JSON text.");
}

}  // namespace kobling::python
