// tests/cpp/test_support.hpp — small helpers the C++ test files share.
#pragma once

#include <algorithm>
#include <cstddef>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

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

/// `count` distinct company ids "k1".."k<companies>" drawn with `uniform()`
/// (a function giving numbers in [0, 1)), as random wish lists.
template <class Uniform>
std::vector<std::string> distinct_wishes(Uniform&& uniform, long long companies,
                                         std::size_t count) {
  std::vector<std::string> wishes;
  while (wishes.size() < count) {
    const std::string id =
        numbered("k", static_cast<long long>(uniform() * static_cast<double>(companies)) + 1);
    if (std::find(wishes.begin(), wishes.end(), id) == wishes.end()) {
      wishes.push_back(id);
    }
  }
  return wishes;
}

}  // namespace kobling::test
