#include "kobling/errors.hpp"

#include <cstdio>

namespace kobling {

std::string Error::printable(std::string text) {
  const auto control = [&](std::size_t b) -> int {
    const auto c = static_cast<unsigned char>(text[b]);
    if (c < 0x20 || c == 0x7F) {
      return 1;
    }
    if (c == 0xC2 && b + 1 < text.size()) {
      const auto d = static_cast<unsigned char>(text[b + 1]);
      return d >= 0x80 && d <= 0x9F ? 2 : 0;  // U+0080..U+009F in UTF-8
    }
    return 0;
  };
  bool clean = true;
  for (std::size_t b = 0; b < text.size() && clean; ++b) {
    clean = control(b) == 0;
  }
  if (clean) {
    return text;
  }
  std::string out;
  for (std::size_t b = 0; b < text.size(); ++b) {
    const int width = control(b);
    if (width == 0) {
      out += text[b];
      continue;
    }
    const auto code = static_cast<unsigned char>(text[b + static_cast<std::size_t>(width) - 1]);
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\u%04x", code);
    out += buf;
    b += static_cast<std::size_t>(width) - 1;
  }
  return out;
}

std::string Error::format(const std::string& id, const std::string& place,
                          const std::string& reason) {
  std::string out = "[" + id + "] ";
  if (!place.empty()) {
    out += printable(place) + ": ";
  }
  out += printable(reason);
  return out;
}

}  // namespace kobling
