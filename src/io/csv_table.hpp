// src/io/csv_table.hpp — private: the CSV table reader shared by the kick-off
// reader (csv_read.cpp) and the intake folder (intake_csv.cpp), and the map
// from the JSON paths of the document built from the tables back to their
// file:line:column places.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kobling/csv_io.hpp"

namespace kobling::detail {

struct Cell {
  std::string text;
  std::size_t line = 0;    // 1-based line of the cell's first character
  std::size_t column = 0;  // 1-based column number (cell index + 1)
  std::size_t record = 0;  // 0 for the header, r + 1 for data row r
};

// Names places in one table's messages (see CsvRowLabel).
struct Places {
  std::string file;
  CsvRowLabel label = CsvRowLabel::file_line;

  // The record (0 = header) that starts on `line`; column 0 names no column.
  [[nodiscard]] std::string at(std::size_t record, std::size_t line, std::size_t column = 0) const {
    if (label == CsvRowLabel::data_row) {
      return file + (record == 0 ? ", header" : ", row " + std::to_string(record - 1));
    }
    std::string out = file + ":" + std::to_string(line);
    if (column > 0) {
      out += ":" + std::to_string(column);
    }
    return out;
  }
  [[nodiscard]] std::string at(const Cell& c) const { return at(c.record, c.line, c.column); }
};

struct Table {
  Places places;
  std::vector<Cell> header;
  std::vector<std::vector<Cell>> rows;
  char delimiter = ',';
  bool decimal_comma = false;  // ';'-separated: "3,5" is 3.5
  std::string read_as;         // what was detected, for messages ("" = UTF-8, ',')

  // Data row r as a whole (its first line, no column).
  [[nodiscard]] std::string row_place(std::size_t r) const {
    return places.at(r + 1, rows[r].front().line);
  }
  // A cell with its column's name: `file:7:3 (column "x")`.
  [[nodiscard]] std::string cell_place(const Cell& c) const {
    return places.at(c) + " (column \"" + header[c.column - 1].text + "\"" +
           (read_as.empty() ? "" : "; read as " + read_as) + ")";
  }
};

/// Reads CSV text (RFC 4180; UTF-8 or Windows-1252; ',', ';' or tab, detected
/// unless `format` says) into a table; ParseError("kobling.csv.*") at the
/// offending place. O(size).
Table read_csv(const std::string& raw, const Places& places, const CsvFormat& format = {});

// Builds the JSON document and remembers where each value came from.
class CsvPlaceMap {
 public:
  nlohmann::json doc = nlohmann::json::object();

  void note(const std::string& json_path, std::string where) {
    places_[json_path] = std::move(where);
  }
  /// The CSV place of the longest recorded prefix of a JSON path.
  std::string translate(const std::string& json_place) const {
    std::string best;
    std::size_t best_len = 0;
    for (const auto& [path, where] : places_) {
      if (path.size() > best_len && json_place.compare(0, path.size(), path) == 0 &&
          (json_place.size() == path.size() || json_place[path.size()] == '.' ||
           json_place[path.size()] == '[')) {
        best = where;
        best_len = path.size();
      }
    }
    return best.empty() ? json_place : best;
  }

 private:
  std::map<std::string, std::string> places_;
};

template <class E>
[[noreturn]] void rethrow_with_place(const E& e, const CsvPlaceMap& b) {
  throw E(e.id(), b.translate(e.place()), e.reason());
}

}  // namespace kobling::detail
