// src/io/json_node.hpp — private helpers of the JSON readers (json_read.cpp,
// intake_json.cpp): a JSON value with its path and typed accessors that fail
// with the path, the checked SAX parse (duplicate keys, huge numbers), and the
// file wrapper that prefixes every error's place with the file name.
#pragma once

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/read_file.hpp"
#include "common/text.hpp"
#include "kobling/errors.hpp"
#include "kobling/model.hpp"
#include "kobling/outcomes.hpp"

namespace kobling::detail {

using nlohmann::json;

inline std::string type_name(const json& v) {
  if (v.is_number_integer()) {
    return "integer " + v.dump();
  }
  if (v.is_number_float()) {
    return "number " + v.dump();
  }
  if (v.is_string()) {
    return "string " + v.dump();
  }
  if (v.is_boolean()) {
    return v.dump();
  }
  return v.type_name();
}

[[noreturn]] inline void fail_type(const std::string& path, const std::string& expected,
                                   const json& v) {
  throw ParseError("kobling.json.type", path, "expected " + expected + ", got " + type_name(v));
}

// A JSON value together with its path, with typed accessors that fail with
// the path and the reason.
class Node {
 public:
  Node(const json& v, std::string path) : v_(v), path_(std::move(path)) {}

  [[nodiscard]] const json& value() const { return v_; }
  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] Node operator[](std::size_t i) const {
    return {v_[i], path_ + "[" + std::to_string(i) + "]"};
  }
  [[nodiscard]] std::string child_path(const std::string& key) const { return path_ + "." + key; }

  const Node& require_object() const {
    if (!v_.is_object()) {
      fail_type(path_, "an object", v_);
    }
    return *this;
  }
  const Node& require_array() const {
    if (!v_.is_array()) {
      fail_type(path_, "an array", v_);
    }
    return *this;
  }
  /// Rejects keys outside `allowed` (keys starting with '_' are comments).
  void only_keys(std::initializer_list<const char*> allowed) const {
    for (const auto& [key, _] : v_.items()) {
      if (!key.empty() && key[0] == '_') {
        continue;
      }
      bool ok = false;
      for (const char* a : allowed) {
        ok = ok || key == a;
      }
      if (!ok) {
        std::string expected;
        for (const char* a : allowed) {
          expected += (expected.empty() ? "" : ", ") + std::string(a);
        }
        throw ParseError("kobling.json.unknown_field", child_path(key),
                         "unknown field; expected one of: " + expected);
      }
    }
  }
  [[nodiscard]] bool has(const char* key) const { return v_.contains(key); }
  [[nodiscard]] Node get(const char* key) const {
    if (!v_.contains(key)) {
      throw ParseError("kobling.json.missing", path_,
                       "missing required field \"" + std::string(key) + "\"");
    }
    return {v_.at(key), child_path(key)};
  }
  [[nodiscard]] std::string as_string() const {
    if (!v_.is_string()) {
      fail_type(path_, "a string", v_);
    }
    return v_.get<std::string>();
  }
  [[nodiscard]] bool as_bool() const {
    if (!v_.is_boolean()) {
      fail_type(path_, "true or false", v_);
    }
    return v_.get<bool>();
  }
  [[nodiscard]] double as_number() const {
    if (!v_.is_number()) {
      fail_type(path_, "a number", v_);
    }
    const double x = v_.get<double>();
    if (!std::isfinite(x)) {
      throw ParseError("kobling.json.not_finite", path_,
                       "number is not finite (" + detail::num(x) + ")");
    }
    return x;
  }
  [[nodiscard]] std::int64_t as_integer(const char* what) const {
    if (v_.is_number_unsigned()) {
      const auto u = v_.get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        throw ParseError("kobling.json.range", path_, std::string(what) + " is too large");
      }
      return static_cast<std::int64_t>(u);
    }
    if (v_.is_number_integer()) {
      return v_.get<std::int64_t>();
    }
    if (v_.is_number_float()) {
      const double x = v_.get<double>();
      if (std::isfinite(x) && x == std::floor(x) && std::fabs(x) < 9.0e15) {
        return static_cast<std::int64_t>(x);  // 3.0 is an integer
      }
      if (std::isfinite(x) && x == std::floor(x)) {
        throw ParseError("kobling.json.range", path_,
                         std::string(what) + " expected; " + v_.dump() + " is too large");
      }
      throw ParseError("kobling.json.type", path_,
                       std::string("expected ") + what + ", got number " + v_.dump());
    }
    fail_type(path_, what, v_);
  }
  [[nodiscard]] std::vector<std::string> as_strings() const {
    require_array();
    std::vector<std::string> out;
    for (std::size_t i = 0; i < v_.size(); ++i) {
      out.push_back((*this)[i].as_string());
    }
    return out;
  }
  /// A string or an array of strings.
  [[nodiscard]] std::vector<std::string> as_codes() const {
    if (v_.is_string()) {
      return {v_.get<std::string>()};
    }
    if (!v_.is_array()) {
      fail_type(path_, "a code (string) or a list of codes", v_);
    }
    return as_strings();
  }

 private:
  const json& v_;
  std::string path_;
};

inline std::string line_column(std::string_view text, std::size_t byte) {
  std::size_t line = 1;
  std::size_t col = 1;
  for (std::size_t p = 0; p < byte && p < text.size(); ++p) {
    if (text[p] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(col);
}

// Builds the document from nlohmann's SAX events, as its own DOM parser does,
// and catches what that parser cannot place or would hide: a key that appears
// twice in one object (nlohmann keeps the last value silently) and a number
// beyond the range of a double, both with their JSON path. Each event costs
// O(log keys) at most, so loading is linear in the text. (A parse callback
// would do the same checks, but nlohmann's callback parser rescans the parent
// on every closed object: quadratic in the length of an array of objects.)
class CheckedDocument {
 public:
  using number_integer_t = json::number_integer_t;
  using number_unsigned_t = json::number_unsigned_t;
  using number_float_t = json::number_float_t;
  using string_t = json::string_t;
  using binary_t = json::binary_t;

  CheckedDocument(json& root, std::string_view text) : root_(root), text_(text) {}

  bool null() { return put(nullptr); }
  bool boolean(bool v) { return put(v); }
  bool number_integer(number_integer_t v) { return put(v); }
  bool number_unsigned(number_unsigned_t v) { return put(v); }
  bool number_float(number_float_t v, const string_t& /*text*/) { return put(v); }
  bool string(string_t& v) { return put(std::move(v)); }
  bool binary(binary_t& v) { return put(json::binary(std::move(v))); }
  bool start_object(std::size_t /*size*/) {
    put(json::value_t::object);
    frames_.push_back(Frame{last_, false, {}});
    return true;
  }
  bool key(string_t& key) {
    Frame& f = frames_.back();
    if (f.value->contains(key)) {
      throw ParseError("kobling.json.duplicate_key", path(frames_.size() - 1) + "." + key,
                       "the key appears twice in the same object; JSON readers would "
                       "silently keep only one of the values");
    }
    f.key = std::move(key);
    return true;
  }
  bool end_object() {
    frames_.pop_back();
    return true;
  }
  bool start_array(std::size_t /*size*/) {
    put(json::value_t::array);
    frames_.push_back(Frame{last_, true, {}});
    return true;
  }
  bool end_array() {
    frames_.pop_back();
    return true;
  }
  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& e) {
    const std::string what = e.what();
    if (dynamic_cast<const json::out_of_range*>(&e) != nullptr) {
      // Numbers beyond the range of a double ("1e999").
      const auto close = what.find("] ");
      throw ParseError("kobling.json.number", path(frames_.size()),
                       close == std::string::npos ? what : what.substr(close + 2));
    }
    // nlohmann's message is "[json.exception.parse_error.101] parse error at
    // line 1, column 2: syntax error ..."; keep only the description.
    const auto colon = what.find(": ", what.find("parse error"));
    throw ParseError("kobling.json.syntax", line_column(text_, position == 0 ? 0 : position - 1),
                     colon == std::string::npos ? what : what.substr(colon + 2));
  }

 private:
  struct Frame {
    json* value;
    bool is_array;
    std::string key;  // objects: the key whose value comes next
  };

  // Stores a value at the current place; last_ points to it.
  template <class V>
  bool put(V&& v) {
    if (frames_.empty()) {
      root_ = json(std::forward<V>(v));
      last_ = &root_;
    } else if (Frame& f = frames_.back(); f.is_array) {
      f.value->emplace_back(std::forward<V>(v));
      last_ = &f.value->back();
    } else {
      json& slot = (*f.value)[f.key];
      slot = json(std::forward<V>(v));
      last_ = &slot;
    }
    return true;
  }

  // The JSON path of the value being read inside the first `depth` frames
  // (an array's next element, an object's current key).
  [[nodiscard]] std::string path(std::size_t depth) const {
    std::string p = "$";
    for (std::size_t d = 0; d < depth; ++d) {
      const Frame& f = frames_[d];
      if (f.is_array) {
        // (append, not p += "[" + ...: GCC 12 warns falsely, -Wrestrict, on that)
        p.append("[")
            .append(std::to_string(f.value->size() - (d + 1 < frames_.size() ? 1 : 0)))
            .append("]");
      } else if (!f.key.empty()) {
        p.append(".").append(f.key);
      }
    }
    return p;
  }

  json& root_;
  std::string_view text_;
  std::vector<Frame> frames_;
  json* last_ = nullptr;
};

// Reads `file` and parses it with `parse`; every error's place starts with
// the file name.
template <class Parse>
auto parse_file(const std::filesystem::path& file, Parse parse) {
  const std::string text = read_file(file);
  try {
    return parse(text);
  } catch (const ParseError& e) {
    throw ParseError(e.id(), file.string() + ": " + e.place(), e.reason());
  } catch (const OutOfRange& e) {
    throw OutOfRange(e.id(), file.string() + ": " + e.place(), e.reason());
  } catch (const InvalidArgument& e) {
    throw InvalidArgument(e.id(), file.string() + ": " + e.place(), e.reason());
  }
}

/// Parses JSON text into `doc` (ParseError with a line and column, or a JSON
/// path for a duplicate key or a number out of range).
inline json parse_checked(std::string_view text) {
  json doc;
  CheckedDocument builder(doc, text);
  json::sax_parse(text.begin(), text.end(), &builder);
  return doc;
}

/// The kick-off document at `root` (its path prefixes every error's place:
/// "$.kickoff" for the kick-off inside an intake).
Kickoff kickoff_from_node(const Node& root);

/// The intake document at `root`; its kick-off is `kickoff` when given (the
/// CSV folder reads it from its own files), else the inline "kickoff".
Intake intake_from_node(const Node& root, std::shared_ptr<const Kickoff> kickoff = nullptr);

}  // namespace kobling::detail
