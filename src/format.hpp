// src/format.hpp (private) — small helpers that build the "place" and "reason"
// parts of error messages consistently.
#pragma once

#include <charconv>
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
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, x);  // shortest round-trip form
  return std::string(buf, res.ptr);
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
