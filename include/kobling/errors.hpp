// kobling/errors.hpp — the error model.
//
// Misuse and bad input are exceptions; outcomes (for example "nobody could be
// placed") are values in the result objects. Every exception kobling throws
// derives from one of the standard exceptions below, so generic handlers keep
// working, and also from kobling::Error, which carries three parts:
//
//   id      a stable identifier such as "kobling.model.unknown_company"; it never
//           changes between releases, so callers and tests may match on it;
//   place   where the problem is: a JSON path ("$.candidates[3].preferences[1]"),
//           an array element ("preferences[4, 2]"), or a file position
//           ("wishes.csv:12:3");
//   reason  what is wrong, in plain words, with the offending value.
//
// what() is "[id] place: reason". The Python module maps the types as follows:
//
//   C++ type          standard base           Python exception
//   InvalidArgument   std::invalid_argument   kobling.InvalidInputError (ValueError)
//   ParseError        std::invalid_argument   kobling.ParseError (InvalidInputError)
//   OutOfRange        std::out_of_range       kobling.IndexOutOfRangeError (IndexError)
//   ResourceLimit     std::length_error       kobling.ResourceLimitError (ValueError)
//   FileError         std::runtime_error      kobling.FileError (OSError)
//
// Every id kobling raises, from C++ or from Python, is listed once in
// error_catalogue() below (also `kobling errors` and kobling.error_catalogue()),
// with its type, what it means and an example message; a test keeps the code,
// the catalogue and the tests in step.
//
// Thread safety: exception objects are immutable once thrown.
#pragma once

#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace kobling {

/// Common interface of every kobling exception (mixed into the standard ones).
class Error {
 public:
  virtual ~Error() = default;
  /// Stable identifier, e.g. "kobling.array.negative_capacity".
  [[nodiscard]] const std::string& id() const noexcept { return id_; }
  /// Where the problem is (JSON path, array element, file:row:column); may be empty.
  [[nodiscard]] const std::string& place() const noexcept { return place_; }
  /// What is wrong.
  [[nodiscard]] const std::string& reason() const noexcept { return reason_; }

 protected:
  Error(std::string id, std::string place, std::string reason)
      : id_(std::move(id)),
        place_(printable(std::move(place))),
        reason_(printable(std::move(reason))) {}
  /// "[id] place: reason" (or "[id] reason" when there is no place), with
  /// control characters shown as \u001b and the like.
  static std::string format(const std::string& id, const std::string& place,
                            const std::string& reason);
  /// The text with every control character (C0, DEL, C1) written as \u00XX:
  /// an error is one line, and text from the input (an unknown id, a CSV
  /// cell) cannot forge another line or send escape sequences to a terminal.
  static std::string printable(std::string text);

 private:
  std::string id_;
  std::string place_;
  std::string reason_;
};

/// A value is not acceptable (wrong shape, negative capacity, NaN score, ...).
class InvalidArgument : public std::invalid_argument, public Error {
 public:
  InvalidArgument(std::string id, std::string place, std::string reason)
      : std::invalid_argument(format(id, place, reason)),
        Error(std::move(id), std::move(place), std::move(reason)) {}
};

/// Input text (JSON, CSV) is malformed or does not follow the documented format.
class ParseError : public InvalidArgument {
 public:
  using InvalidArgument::InvalidArgument;
};

/// An index or id refers to something that does not exist.
class OutOfRange : public std::out_of_range, public Error {
 public:
  OutOfRange(std::string id, std::string place, std::string reason)
      : std::out_of_range(format(id, place, reason)),
        Error(std::move(id), std::move(place), std::move(reason)) {}
};

/// A request would exceed a configured resource limit (memory, size); nothing
/// was allocated. The message names the limit and the way around it.
class ResourceLimit : public std::length_error, public Error {
 public:
  ResourceLimit(std::string id, std::string place, std::string reason)
      : std::length_error(format(id, place, reason)),
        Error(std::move(id), std::move(place), std::move(reason)) {}
};

/// The operating system refused a file operation (a result could not be
/// written: no space, no permission, a missing directory). The place is the
/// path; the reason includes the system's explanation.
class FileError : public std::runtime_error, public Error {
 public:
  FileError(std::string id, std::string place, std::string reason)
      : std::runtime_error(format(id, place, reason)),
        Error(std::move(id), std::move(place), std::move(reason)) {}
};

/// One entry of the error catalogue.
struct CatalogueEntry {
  /// The stable id, e.g. "kobling.array.nan".
  std::string_view id;
  /// The C++ class thrown ("InvalidArgument", "ParseError", "OutOfRange",
  /// "ResourceLimit", "FileError"); for an id only the Python layer raises, the Python
  /// class ("InvalidInputError", "TypeError", "ValueError"); "warning" for a
  /// warning.
  std::string_view kind;
  /// What it means, in one sentence.
  std::string_view meaning;
  /// One message exactly as the user sees it (what(), str() in Python).
  std::string_view example;
};

/// Every error and warning id kobling raises, once each, sorted by id.
/// Constant time; thread-safe (static, immutable data).
[[nodiscard]] std::span<const CatalogueEntry> error_catalogue() noexcept;

}  // namespace kobling
