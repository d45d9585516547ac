// src/format.hpp (private) — small helpers that build the "place" and "reason"
// parts of error messages consistently.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

namespace kobling::detail {

/// "name[i]"
inline std::string at(const std::string& name, std::int64_t i) {
  return name + "[" + std::to_string(i) + "]";
}
/// "name[i, j]"
inline std::string at(const std::string& name, std::int64_t i, std::int64_t j) {
  return name + "[" + std::to_string(i) + ", " + std::to_string(j) + "]";
}
/// A double as the shortest text that reads back the same ("nan", "inf", "-inf").
inline std::string num(double x) {
  if (std::isnan(x)) {
    return "nan";
  }
  if (std::isinf(x)) {
    return x > 0 ? "inf" : "-inf";
  }
  for (int p = 1; p < 17; ++p) {
    std::ostringstream os;
    os.precision(p);
    os << x;
    if (std::strtod(os.str().c_str(), nullptr) == x) {
      return os.str();
    }
  }
  std::ostringstream os;
  os.precision(17);
  os << x;
  return os.str();
}
/// "(a, b)"
inline std::string shape(std::int64_t a, std::int64_t b) {
  // Appending (not "(" + to_string(a)) avoids a GCC 12 -Wrestrict false positive.
  std::string s = "(";
  s += std::to_string(a);
  s += ", ";
  s += std::to_string(b);
  s += ")";
  return s;
}

}  // namespace kobling::detail
