// kobling/csv_io.hpp — kick-offs from CSV files (what an adviser has), and
// from pandas DataFrames through the same code (the Python layer writes them
// as CSV text).
//
// Layout (RFC 4180: comma-separated, double quotes around cells that contain
// commas, quotes or line breaks, "" for a quote; a UTF-8 byte-order mark and
// CRLF line ends are accepted; the first line names the columns):
//
//   features.csv    name, kind, label, min, max, levels      (optional file)
//   companies.csv   id, capacity, name, sector,
//                   weight.<feature>                  importance of a feature
//                   target.<feature>                  categorical codes
//                   target.<feature>.min / .max       numeric band
//                   target.<feature>.required / .desired   skills
//                   target.<feature>.at / .radius_km  location ("lat;lon", km)
//                   require.<feature>                 true (boolean), codes, skills
//                   require.<feature>.min / .max      numeric / ordinal level
//                   require.<feature>.max_km / .at    location
//                   ranking, refused                  candidate ids; in a ranking,
//                                                     "c2 = c3" share a place (a tie)
//   candidates.csv  id, <feature> (one column per feature), wish_1 .. wish_k
//
// Lists (codes, skills, levels, ids) are separated by ';'. A location is
// "latitude;longitude". Booleans are true/false, yes/no, ja/nei or 1/0. An
// empty cell means unknown (never a match); "none" in a codes or skills cell
// means absent (the candidate has none). Columns starting with '_' are
// comments; any other unknown column is an error.
//
// The files are turned into the JSON document of json_io.hpp and validated by
// the same code, and every error names the file, row and column:
//   [kobling.model.bad_value] candidates.csv:7:3 (column "norwegian"): unknown level "B3" ...
// Tables that were never files (pandas DataFrames written as CSV text) are
// better named by data row than by line; CsvRowLabel::data_row gives
//   [kobling.model.bad_value] candidates DataFrame, row 5 (column "norwegian"): ...
// Thread safety: reentrant.
#pragma once

#include <filesystem>
#include <string>

#include "kobling/model.hpp"
#include "kobling/outcomes.hpp"

namespace kobling {

/// How error places name a row of a table.
enum class CsvRowLabel {
  /// "<name>:<line>:<column>", 1-based, as an editor shows the file (a
  /// quoted cell may span lines, so a line is not always a row).
  file_line,
  /// "<name>, row <r>": r is the 0-based position among the data rows (the
  /// row's position in a DataFrame), "<name>, header" for the first line; no
  /// column number (the "(column ...)" suffix names the column).
  data_row,
};

/// How the CSV files are written. Detected by default (every field empty or
/// 0): UTF-8, else Windows-1252; the header line's most frequent separator of
/// ',', ';' and tab; decimal commas with ';'. Given, a field is taken as it is
/// and the text must agree (a byte that is not UTF-8 under encoding "utf-8" is
/// an error at file:row:column).
struct CsvFormat {
  /// "" (detect), "utf-8" or "windows-1252" (also "cp1252").
  std::string encoding;
  /// 0 (detect), ',', ';' or '\t'.
  char delimiter = 0;
  /// 0 (',' with ';'-separated files, else '.'), '.' or ','.
  char decimal = 0;
};

/// Parses a CSV format's fields as a user writes them ("utf-8", "cp1252"; ",",
/// ";", "tab", "\t"; ".", ","); empty text leaves a field to detection. Throws
/// InvalidArgument("kobling.csv.bad_format") naming the field.
CsvFormat parse_csv_format(const std::string& encoding, const std::string& delimiter,
                           const std::string& decimal);

/// The text of the CSV files and the names used for them in messages.
struct CsvKickoff {
  std::string features;  ///< may be empty: no declared features
  std::string companies;
  std::string candidates;
  std::string bounds;  ///< may be empty: no cohort bounds
  std::string features_name = "features.csv";
  std::string companies_name = "companies.csv";
  std::string candidates_name = "candidates.csv";
  std::string bounds_name = "bounds.csv";
  std::string name;                                ///< kick-off name
  Index max_preferences = 0;                       ///< 0: max(3, number of wish_ columns)
  CsvRowLabel row_label = CsvRowLabel::file_line;  ///< how places name rows
  CsvFormat format;                                ///< detected unless given
};

/// Parses the CSV files into a kick-off. Throws ParseError (malformed CSV,
/// bad cell) or the model's errors, with "file:line:column" (or, with
/// CsvRowLabel::data_row, "name, row r") as the place. O(size of the text).
Kickoff parse_kickoff_csv(const CsvKickoff& input);

/// Reads features.csv (if present), companies.csv and candidates.csv from a
/// directory. Throws ParseError("kobling.io.read") when a required file is missing.
Kickoff load_kickoff_csv(const std::filesystem::path& directory, const CsvFormat& format = {});

/// An intake (outcomes.hpp) from a folder: the kick-off's CSV files as
/// load_kickoff_csv reads them, and
///
///   intake.csv       one row: id (default: the folder's name), date,
///                    follow_up, policy, reason_codes (';'-separated)
///   placements.csv   candidate, company (an empty company: unplaced); the
///                    columns name, company_name, wish and score that kobling
///                    writes (placements_csv) are allowed and not read
///   outcomes.csv     candidate, company, status, date, reason: one row per
///                    event; consecutive rows of one candidate form its record
///
/// The tables become the intake/1 document (json_io.hpp) and are checked by
/// the same code; every error names the file, line and column, e.g.
///   [kobling.outcome.bad_date] dir/outcomes.csv:7:4 (column "date"): ...
/// Throws ParseError("kobling.io.read") when a file is missing. O(size).
Intake load_intake_csv(const std::filesystem::path& directory, const CsvFormat& format = {});

}  // namespace kobling
