// src/common/text.hpp (private) — the small text helpers every layer shares:
// the "place" and "reason" parts of error messages (at, shape, num), quoting
// and joining lists in messages and reports.
#pragma once

#include <ostream>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

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

/// "\"text\"" (for ids and names in messages).
/// s without leading and trailing spaces and tabs.
inline std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) {
    return {};
  }
  const auto last = s.find_last_not_of(" \t");
  return s.substr(first, last - first + 1);
}

// A CSV cell (RFC 4180): quoted when it holds a separator, a quote or a line
// break, with quotes doubled.
inline std::string csv_cell(std::string_view text) {
  if (text.find_first_of(",\"\n\r") == std::string_view::npos) {
    return std::string(text);
  }
  std::string out = "\"";
  for (const char c : text) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  return out + "\"";
}

inline std::string quoted(std::string_view s) {
  std::string out = "\"";
  out += s;
  out += '"';
  return out;
}
/// The items separated by `separator` ("a, b, c").
inline std::string join(const std::vector<std::string>& items, std::string_view separator = ", ") {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      out += separator;
    }
    out += items[i];
  }
  return out;
}

/// The offset of the first byte of `text` that does not belong to a valid
/// UTF-8 sequence (overlong forms, surrogates and code points above U+10FFFF
/// are invalid), or npos when it is all valid.
inline std::size_t first_invalid_utf8(std::string_view text) noexcept {
  std::size_t b = 0;
  while (b < text.size()) {
    const auto c = static_cast<unsigned char>(text[b]);
    if (c < 0x80) {
      ++b;
      continue;
    }
    std::size_t len = 0;
    unsigned lo = 0x80;  // the allowed range of the second byte
    unsigned hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      lo = c == 0xE0 ? 0xA0 : 0x80;
      hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      lo = c == 0xF0 ? 0x90 : 0x80;
      hi = c == 0xF4 ? 0x8F : 0xBF;
    } else {
      return b;
    }
    if (b + len > text.size()) {
      return b;
    }
    for (std::size_t k = 1; k < len; ++k) {
      const auto d = static_cast<unsigned char>(text[b + k]);
      if (d < (k == 1 ? lo : 0x80) || d > (k == 1 ? hi : 0xBF)) {
        return b;
      }
    }
    b += len;
  }
  return std::string_view::npos;
}

// Appends words to `out`, wrapping lines at `width` with `indent`.
inline void wrap(std::ostream& out, const std::vector<std::string>& words, std::size_t width,
                 const std::string& indent) {
  std::size_t col = 0;
  for (const auto& w : words) {
    if (col > 0 && col + 1 + w.size() > width) {
      out << "\n";
      col = 0;
    }
    if (col == 0) {
      out << indent << w;
      col = indent.size() + w.size();
    } else {
      out << " " << w;
      col += 1 + w.size();
    }
  }
  if (col > 0) {
    out << "\n";
  }
}

}  // namespace kobling::detail
