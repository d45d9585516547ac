// src/common/read_file.hpp (private) — a whole file as text, or an error.
#pragma once

#include <filesystem>
#include <string>

namespace kobling::detail {

/// The bytes of `file`. Throws ParseError("kobling.io.read") naming the file
/// when it cannot be opened ("cannot open <what> for reading") or read. Memory
/// that runs out is std::bad_alloc, never a shortened text (a stream copy,
/// `out << in.rdbuf()`, would swallow it and return what it had).
std::string read_file(const std::filesystem::path& file, const char* what = "the file");

}  // namespace kobling::detail
