// src/io/file_write.cpp — writing an output file so that a failed run never
// leaves a partial file.
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include "kobling/errors.hpp"
#include "kobling/json_io.hpp"

namespace kobling {

void write_file_atomically(const std::filesystem::path& file, std::string_view text) {
  namespace fs = std::filesystem;
  const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
  std::string tmp_name = ".";
  tmp_name += file.filename().string();
  tmp_name += ".kobling-tmp";
  const fs::path tmp = dir / tmp_name;
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      throw ParseError("kobling.io.write", file.string(), "cannot open the file for writing");
    }
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.flush();
    if (!out) {
      std::error_code ec;
      fs::remove(tmp, ec);
      throw ParseError("kobling.io.write", file.string(), "error while writing the file");
    }
  }
  std::error_code ec;
  fs::rename(tmp, file, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw ParseError("kobling.io.write", file.string(), "cannot replace the file");
  }
}

}  // namespace kobling
