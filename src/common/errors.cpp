#include "kobling/errors.hpp"

namespace kobling {

std::string Error::format(const std::string& id, const std::string& place,
                          const std::string& reason) {
  std::string out = "[" + id + "] ";
  if (!place.empty()) {
    out += place + ": ";
  }
  out += reason;
  return out;
}

}  // namespace kobling
