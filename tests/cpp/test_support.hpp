// tests/cpp/test_support.hpp — small helpers the C++ test files share.
#pragma once

#include <exception>
#include <string>
#include <string_view>

namespace kobling::test {

/// The message of what `call` throws ("(no error)" when it does not throw).
template <class Call>
std::string message_of(Call call) {
  try {
    call();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no error)";
}

/// prefix + number, appended (GCC 12 warns falsely on "c" + std::to_string(i)).
inline std::string numbered(std::string_view prefix, long long i) {
  std::string out(prefix);
  out += std::to_string(i);
  return out;
}

}  // namespace kobling::test
