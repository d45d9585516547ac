#include "common/read_file.hpp"

#include <fstream>

#include "kobling/errors.hpp"

namespace kobling::detail {

std::string read_file(const std::filesystem::path& file, const char* what) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw ParseError("kobling.io.read", file.string(),
                     std::string("cannot open ") + what + " for reading");
  }
  std::string text;
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (!ec) {
    text.reserve(size);  // one allocation of the right size (a regular file)
  }
  char chunk[1 << 16];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {  // (not seekable: a pipe)
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) {
    throw ParseError("kobling.io.read", file.string(), "error while reading the file");
  }
  return text;
}

}  // namespace kobling::detail
