#include "kobling/csv_io.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "common/read_file.hpp"
#include "common/text.hpp"
#include "io/csv_table.hpp"
#include "kobling/errors.hpp"
#include "kobling/interview_day.hpp"
#include "kobling/json_io.hpp"

namespace kobling {

namespace {

using nlohmann::json;
using Builder = detail::CsvPlaceMap;
using detail::Cell;
using detail::Places;
using detail::read_csv;
using detail::rethrow_with_place;
using detail::Table;

using detail::trim;

// Windows-1252 (what Excel saves as "CSV" on a Norwegian machine) as UTF-8:
// bytes below 0x80 as they are, 0xA0-0xFF as U+00A0-U+00FF, 0x80-0x9F by the
// code page's table; nothing when a byte the code page leaves undefined
// occurs (then the text is neither, and is refused where it stands).
std::optional<std::string> from_windows_1252(const std::string& bytes) {
  static constexpr std::uint16_t kHigh[32] = {
      0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (const char ch : bytes) {
    const auto b = static_cast<unsigned char>(ch);
    std::uint32_t u = b;
    if (b >= 0x80 && b < 0xA0) {
      u = kHigh[b - 0x80];
      if (u == 0) {
        return std::nullopt;
      }
    }
    if (u < 0x80) {
      out += static_cast<char>(u);
    } else if (u < 0x800) {
      out += static_cast<char>(0xC0 | (u >> 6));
      out += static_cast<char>(0x80 | (u & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | (u >> 12));
      out += static_cast<char>(0x80 | ((u >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (u & 0x3F));
    }
  }
  return out;
}

// The separator of the header line (outside quotes): ';' or a tab when they
// outnumber commas (Excel in Norway writes ';' because ',' is the decimal
// mark), else ','.
char detect_delimiter(const std::string& text, std::size_t from) {
  std::size_t comma = 0;
  std::size_t semicolon = 0;
  std::size_t tab = 0;
  bool quoted = false;
  for (std::size_t p = from; p < text.size(); ++p) {
    const char c = text[p];
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && (c == '\n' || c == '\r')) {
      break;
    } else if (!quoted) {
      comma += c == ',' ? 1 : 0;
      semicolon += c == ';' ? 1 : 0;
      tab += c == '\t' ? 1 : 0;
    }
  }
  if (tab > comma && tab > semicolon) {
    return '\t';
  }
  return semicolon > comma ? ';' : ',';
}

}  // namespace

// RFC 4180 reader: quoted cells may contain the separator, quotes ("") and
// newlines. The text may be UTF-8 (with or without a byte-order mark) or
// Windows-1252, separated by ',', ';' (then with decimal commas) or tabs;
// what was detected is named in every cell's messages. Rows with nothing in
// them (a spreadsheet's trailing ";;;") are skipped.
Table detail::read_csv(const std::string& raw, const Places& places, const CsvFormat& format) {
  Table t;
  t.places = places;
  std::optional<std::string> converted;
  std::vector<std::string> found;
  const bool cp1252 = format.encoding == "windows-1252";
  if (cp1252 || (format.encoding.empty() && detail::first_invalid_utf8(raw) != std::string::npos)) {
    converted = from_windows_1252(raw);
    if (converted.has_value()) {
      found.emplace_back("Windows-1252 text");
    }
  }
  const std::string& text = converted.has_value() ? *converted : raw;
  std::size_t p = 0;
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) {
    p = 3;  // UTF-8 byte-order mark
  }
  t.delimiter = format.delimiter != 0 ? format.delimiter : detect_delimiter(text, p);
  t.decimal_comma = format.decimal != 0 ? format.decimal == ',' : t.delimiter == ';';
  const std::string decimals = t.decimal_comma ? " with decimal commas" : "";
  if (t.delimiter == ';') {
    found.emplace_back("';'-separated" + decimals);
  } else if (t.delimiter == '\t') {
    found.emplace_back("tab-separated" + decimals);
  } else if (t.decimal_comma) {
    found.emplace_back("decimal commas");
  }
  for (std::size_t q = 0; q < found.size(); ++q) {
    t.read_as += (q > 0 ? ", " : "") + found[q];
  }
  const char delimiter = t.delimiter;
  std::size_t line = 1;
  std::vector<std::vector<Cell>> records;
  std::vector<Cell> record;
  Cell cell{{}, line, 1, 0};
  bool quoted = false;
  bool was_quoted = false;
  bool any = false;  // anything on this record (to skip blank lines)
  auto end_cell = [&] {
    cell.text = was_quoted ? cell.text : trim(cell.text);
    record.push_back(cell);
    cell = Cell{{}, line, record.size() + 1, records.size()};
    was_quoted = false;
  };
  auto end_record = [&] {
    end_cell();
    if (any) {
      records.push_back(std::move(record));
    }
    record.clear();
    cell.column = 1;
    cell.record = records.size();
    any = false;
  };
  for (; p < text.size(); ++p) {
    const char c = text[p];
    if (quoted) {
      if (c == '"') {
        if (p + 1 < text.size() && text[p + 1] == '"') {
          cell.text += '"';
          ++p;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') {
          ++line;
        }
        cell.text += c;
      }
      continue;
    }
    if (c == '"') {
      if (!trim(cell.text).empty()) {
        throw ParseError("kobling.csv.syntax", places.at(records.size(), line, cell.column),
                         "a quote inside an unquoted cell; quote the whole cell and write \"\" "
                         "for a quote");
      }
      cell.text.clear();
      quoted = true;
      was_quoted = true;
      any = true;
    } else if (c == delimiter) {
      end_cell();  // a row of separators only is still empty
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && p + 1 < text.size() && text[p + 1] == '\n') {
        ++p;
      }
      end_record();
      ++line;
      cell.line = line;
    } else {
      if (c != ' ' && c != '\t') {
        any = true;
      }
      if (was_quoted && c != ' ' && c != '\t') {
        throw ParseError("kobling.csv.syntax", places.at(records.size(), line, cell.column),
                         "text after the closing quote of a cell");
      }
      cell.text += c;
    }
  }
  if (quoted) {
    throw ParseError("kobling.csv.syntax", places.at(records.size(), cell.line, cell.column),
                     "unterminated quoted cell");
  }
  end_record();
  if (records.empty()) {
    throw ParseError("kobling.csv.syntax", places.file,
                     "the file is empty; the first line must name the columns");
  }
  t.header = std::move(records.front());
  for (std::size_t r = 1; r < records.size(); ++r) {
    if (records[r].size() != t.header.size()) {
      throw ParseError("kobling.csv.syntax", places.at(r, records[r].front().line),
                       "this row has " + std::to_string(records[r].size()) +
                           " cells but the header has " + std::to_string(t.header.size()));
    }
    t.rows.push_back(std::move(records[r]));
  }
  // Text from a spreadsheet may be in another encoding (Windows-1252 from
  // Excel): refused at the first cell that is not UTF-8, never read as garbage.
  const auto check_encoding = [&](const Cell& c, bool in_header) {
    if (const std::size_t bad = detail::first_invalid_utf8(c.text); bad != std::string::npos) {
      char byte[8];
      std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(c.text[bad]));
      throw ParseError("kobling.csv.encoding", in_header ? places.at(c) : t.cell_place(c),
                       format.encoding == "utf-8"
                           ? std::string("is not UTF-8 text (byte ") + byte +
                                 "), as the encoding given says; is it Windows-1252?"
                           : std::string("is neither UTF-8 nor Windows-1252 text (byte ") + byte +
                                 "); save the file as \"CSV UTF-8\"");
    }
  };
  for (const Cell& h : t.header) {
    check_encoding(h, true);
  }
  for (const auto& row : t.rows) {
    for (const Cell& c : row) {
      check_encoding(c, false);
    }
  }
  std::map<std::string, std::size_t> seen;
  for (const Cell& h : t.header) {
    if (h.text.empty()) {
      throw ParseError("kobling.csv.header", places.at(h), "empty column name");
    }
    if (!seen.emplace(h.text, h.column).second) {
      throw ParseError("kobling.csv.header", places.at(h),
                       "column \"" + h.text + "\" appears twice");
    }
  }
  return t;
}

namespace {

[[noreturn]] void bad_cell(const Table& t, const Cell& c, const std::string& why) {
  throw ParseError("kobling.csv.cell", t.cell_place(c), why);
}

double number(const Table& t, const Cell& c) {
  double x = 0.0;
  std::string text = c.text;
  if (t.decimal_comma && text.find('.') == std::string::npos) {
    const auto comma = text.find(',');
    if (comma != std::string::npos && text.find(',', comma + 1) == std::string::npos) {
      text[comma] = '.';  // "3,5" in a ';'-separated file
    }
  }
  const char* first = text.data();
  const char* last = first + text.size();
  const auto res = std::from_chars(first, last, x);
  if (res.ec != std::errc() || res.ptr != last) {
    bad_cell(t, c, "\"" + c.text + "\" is not a number");
  }
  return x;
}

json integer_or_number(const Table& t, const Cell& c) {
  long long v = 0;
  const char* first = c.text.data();
  const char* last = first + c.text.size();
  const auto res = std::from_chars(first, last, v);
  if (res.ec == std::errc() && res.ptr == last) {
    return v;
  }
  return number(t, c);
}

std::vector<std::string> list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ';')) {
    item = trim(item);
    if (!item.empty()) {
      out.push_back(item);
    }
  }
  return out;
}

bool truth(const Table& t, const Cell& c) {
  std::string s;
  for (const char ch : c.text) {
    s += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  if (s == "true" || s == "yes" || s == "ja" || s == "1") {
    return true;
  }
  if (s == "false" || s == "no" || s == "nei" || s == "0") {
    return false;
  }
  bad_cell(t, c, "\"" + c.text + "\" is not a yes/no value (true/false, yes/no, ja/nei, 1/0)");
}

json place_value(const Table& t, const Cell& c) {
  const auto parts = list(c.text);
  if (parts.size() != 2) {
    bad_cell(t, c, "a place is \"latitude;longitude\", got \"" + c.text + "\"");
  }
  Cell lat = c;
  Cell lon = c;
  lat.text = parts[0];
  lon.text = parts[1];
  return json::array({number(t, lat), number(t, lon)});
}

using Kinds = std::map<std::string, std::string>;  // feature name -> kind

json features_json(const Table& t, Builder& b, Kinds& kinds) {
  json out = json::array();
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const std::string path = "$.features[" + std::to_string(r) + "]";
    json f = json::object();
    for (const Cell& c : t.rows[r]) {
      const std::string& col = t.header[c.column - 1].text;
      if (c.text.empty() || col[0] == '_') {
        continue;
      }
      b.note(path + "." + col, t.cell_place(c));
      if (col == "name" || col == "kind" || col == "label") {
        f[col] = c.text;
      } else if (col == "min" || col == "max") {
        f[col] = number(t, c);
      } else if (col == "levels") {
        f[col] = list(c.text);
      } else if (col == "protected") {
        f[col] = truth(t, c);
      } else {
        throw ParseError("kobling.csv.header", t.cell_place(c),
                         "unknown column; expected name, kind, label, min, max, levels, protected");
      }
    }
    b.note(path, t.row_place(r));
    if (f.contains("name") && f.contains("kind")) {
      kinds[f["name"].get<std::string>()] = f["kind"].get<std::string>();
    }
    out.push_back(std::move(f));
  }
  return out;
}

const std::string& kind_of(const Kinds& kinds, const std::string& feature, const Table& t,
                           const Cell& header_cell) {
  const auto it = kinds.find(feature);
  if (it == kinds.end()) {
    std::string names;
    for (const auto& [name, _] : kinds) {
      names += (names.empty() ? "" : ", ") + name;
    }
    throw OutOfRange("kobling.model.unknown_feature", t.cell_place(header_cell),
                     "unknown feature \"" + feature +
                         "\"; declared features: " + (names.empty() ? std::string("none") : names));
  }
  return it->second;
}

// "weight.motivation" -> ("weight", "motivation", ""); "target.home.at" -> (.., "home", "at")
struct ColumnName {
  std::string group, feature, part;
};

ColumnName split_column(const std::string& col) {
  ColumnName n;
  const auto dot = col.find('.');
  if (dot == std::string::npos) {
    n.group = col;
    return n;
  }
  n.group = col.substr(0, dot);
  const std::string rest = col.substr(dot + 1);
  // Feature names may contain dots; known suffixes end the name.
  for (const char* suffix :
       {".min", ".max", ".required", ".desired", ".at", ".radius_km", ".max_km"}) {
    const std::string s(suffix);
    if (rest.size() > s.size() && rest.compare(rest.size() - s.size(), s.size(), s) == 0) {
      n.feature = rest.substr(0, rest.size() - s.size());
      n.part = s.substr(1);
      return n;
    }
  }
  n.feature = rest;
  return n;
}

json companies_json(const Table& t, Builder& b, const Kinds& kinds) {
  json out = json::array();
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const std::string path = "$.companies[" + std::to_string(r) + "]";
    b.note(path, t.row_place(r));
    json c = json::object();
    for (const Cell& cell : t.rows[r]) {
      const Cell& head = t.header[cell.column - 1];
      const std::string& col = head.text;
      if (col[0] == '_' || cell.text.empty()) {
        continue;
      }
      const ColumnName n = split_column(col);
      std::string json_path;
      if (col == "id" || col == "name" || col == "sector") {
        c[col] = cell.text;
        json_path = path + "." + col;
      } else if (col == "capacity") {
        c[col] = integer_or_number(t, cell);
        json_path = path + ".capacity";
      } else if (col == "ranking") {  // "c1; c2 = c3; c4": c2 and c3 share a place
        json places = json::array();
        for (const std::string& place : list(cell.text)) {
          if (place.find('=') == std::string::npos) {
            places.push_back(place);
            continue;
          }
          json tied = json::array();
          std::stringstream ss(place);
          std::string id;
          while (std::getline(ss, id, '=')) {
            if (!trim(id).empty()) {
              tied.push_back(trim(id));
            }
          }
          places.push_back(tied);
        }
        c[col] = places;
        json_path = path + "." + col;
      } else if (col == "refused") {
        c[col] = list(cell.text);
        json_path = path + "." + col;
      } else if (col == "interview_cap" || col == "rooms") {
        const std::string key = col == "rooms" ? "rooms" : "cap";
        c["interviews"][key] = integer_or_number(t, cell);
        json_path = path + ".interviews." + key;
      } else if (col == "site") {
        c["interviews"]["site"] = cell.text;
        json_path = path + ".interviews.site";
      } else if (col == "available") {  // "09:00-12:00; 13:00-15:00"
        c["interviews"]["available"] = list(cell.text);
        json_path = path + ".interviews.available";
      } else if (n.group == "weight" && n.part.empty()) {
        (void)kind_of(kinds, n.feature, t, head);
        c["weights"][n.feature] = number(t, cell);
        json_path = path + ".weights." + n.feature;
      } else if (n.group == "target") {
        const std::string& kind = kind_of(kinds, n.feature, t, head);
        json& target = c["targets"][n.feature];
        json_path = path + ".targets." + n.feature;
        if (n.part.empty()) {
          target = list(cell.text);
        } else if (n.part == "min" || n.part == "max" || n.part == "radius_km") {
          target[n.part] = number(t, cell);
          json_path += "." + n.part;
        } else if (n.part == "required" || n.part == "desired") {
          target[n.part] = list(cell.text);
          json_path += "." + n.part;
        } else if (n.part == "at") {
          target[n.part] = place_value(t, cell);
          json_path += ".at";
        } else {
          throw ParseError("kobling.csv.header", t.cell_place(cell), "unknown target column");
        }
        (void)kind;
      } else if (n.group == "require") {
        const std::string& kind = kind_of(kinds, n.feature, t, head);
        json& req = c["requirements"][n.feature];
        json_path = path + ".requirements." + n.feature;
        if (n.part.empty()) {
          if (kind == "boolean") {
            if (!truth(t, cell)) {
              c["requirements"].erase(n.feature);
              continue;  // "false": not required
            }
            req = true;
          } else {
            req = list(cell.text);
          }
        } else if (n.part == "min" || n.part == "max") {
          req[n.part] = kind == "ordinal" ? json(cell.text) : json(number(t, cell));
          json_path += "." + n.part;
        } else if (n.part == "max_km") {
          req[n.part] = number(t, cell);
          json_path += ".max_km";
        } else if (n.part == "at") {
          req[n.part] = place_value(t, cell);
          json_path += ".at";
        } else {
          throw ParseError("kobling.csv.header", t.cell_place(cell), "unknown requirement column");
        }
      } else {
        throw ParseError("kobling.csv.header", t.cell_place(cell),
                         "unknown column; expected id, name, sector, capacity, ranking, refused, "
                         "interview_cap, rooms, site, available, weight.<feature>, "
                         "target.<feature>[.part] or require.<feature>[.part]");
      }
      b.note(json_path, t.cell_place(cell));
    }
    out.push_back(std::move(c));
  }
  return out;
}

json candidates_json(const Table& t, Builder& b, const Kinds& kinds, std::size_t& wish_columns) {
  json out = json::array();
  wish_columns = 0;
  // wish_<n> columns, by header position: each names one wish, once
  // ("wish_1" and "wish_01" would both mean the first wish).
  std::vector<long> wish_of(t.header.size(), 0);
  std::map<long, const Cell*> wish_column;
  for (std::size_t h = 0; h < t.header.size(); ++h) {
    const std::string& col = t.header[h].text;
    if (col.rfind("wish_", 0) != 0) {
      continue;
    }
    long index = 0;
    const auto res = std::from_chars(col.data() + 5, col.data() + col.size(), index);
    if (res.ec != std::errc() || res.ptr != col.data() + col.size() || index < 1) {
      throw ParseError("kobling.csv.header", t.places.at(t.header[h]),
                       "wish columns are named wish_1, wish_2, ...; got \"" + col + "\"");
    }
    const auto [it, fresh] = wish_column.emplace(index, &t.header[h]);
    if (!fresh) {
      throw ParseError("kobling.csv.header", t.places.at(t.header[h]),
                       "columns \"" + it->second->text + "\" and \"" + col + "\" both name wish " +
                           std::to_string(index) + "; keep one");
    }
    wish_of[h] = index;
    ++wish_columns;
  }
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const std::string path = "$.candidates[" + std::to_string(r) + "]";
    b.note(path, t.row_place(r));
    json c = json::object();
    std::map<long, const Cell*> wishes;
    for (const Cell& cell : t.rows[r]) {
      const Cell& head = t.header[cell.column - 1];
      const std::string& col = head.text;
      if (col[0] == '_') {
        continue;
      }
      if (const long index = wish_of[cell.column - 1]; index > 0) {
        if (!cell.text.empty()) {
          wishes[index] = &cell;
        }
        continue;
      }
      if (cell.text.empty()) {
        continue;  // unknown
      }
      if (col == "id") {
        c["id"] = cell.text;
        b.note(path + ".id", t.cell_place(cell));
        continue;
      }
      if (col == "name" && kinds.count(col) == 0) {  // display only
        c["name"] = cell.text;
        b.note(path + ".name", t.cell_place(cell));
        continue;
      }
      if (col == "available" && kinds.count(col) == 0) {  // "09:00-11:00; 13:00-15:00"
        c["available"] = list(cell.text);
        b.note(path + ".available", t.cell_place(cell));
        continue;
      }
      if (col == "load" && kinds.count(col) == 0) {  // "3" or "3-4" (min-max)
        const auto dash = cell.text.find('-', 1);    // "-2" is a (negative) number
        if (dash == std::string::npos) {
          c["load"] = integer_or_number(t, cell);
        } else {
          Cell low = cell;
          Cell high = cell;
          low.text = cell.text.substr(0, dash);
          high.text = cell.text.substr(dash + 1);
          c["load"] = json{{"min", integer_or_number(t, low)}, {"max", integer_or_number(t, high)}};
        }
        b.note(path + ".load", t.cell_place(cell));
        continue;
      }
      const std::string& kind = kind_of(kinds, col, t, head);
      json& value = c["features"][col];
      if (kind == "numeric") {
        value = number(t, cell);
      } else if (kind == "boolean") {
        value = truth(t, cell);
      } else if (kind == "categorical" || kind == "skills") {
        value = cell.text == "none" ? json::array() : json(list(cell.text));
      } else if (kind == "location") {
        value = place_value(t, cell);
      } else {
        value = cell.text;
      }
      b.note(path + ".features." + col, t.cell_place(cell));
    }
    json prefs = json::array();
    long expected = 1;
    for (const auto& [index, cell] : wishes) {
      if (index != expected) {
        throw ParseError("kobling.csv.cell", t.cell_place(*cell),
                         "wish_" + std::to_string(index) + " is given but wish_" +
                             std::to_string(expected) + " is empty; fill wishes from wish_1");
      }
      b.note(path + ".preferences[" + std::to_string(prefs.size()) + "]", t.cell_place(*cell));
      prefs.push_back(cell->text);
      ++expected;
    }
    b.note(path + ".preferences", t.row_place(r));
    c["preferences"] = std::move(prefs);
    out.push_back(std::move(c));
  }
  return out;
}

std::string read_text(const std::filesystem::path& file) { return detail::read_file(file); }

}  // namespace

// bounds.csv: one cohort bound per row (model.hpp, CohortBound), lists
// separated by ";". The candidates are the ids in `candidates`, or those whose
// `feature` meets min/max, codes or value.
json bounds_json(const Table& t, Builder& b) {
  json out = json::array();
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const std::string path = "$.bounds[" + std::to_string(r) + "]";
    b.note(path, t.row_place(r));
    json bound = json::object();
    json group = json::object();
    for (const Cell& cell : t.rows[r]) {
      const std::string& col = t.header[cell.column - 1].text;
      if (col[0] == '_' || cell.text.empty()) {
        continue;
      }
      std::string json_path = path + "." + col;
      if (col == "name" || col == "sector") {
        bound[col] = cell.text;
      } else if (col == "lower" || col == "upper") {
        bound[col] = integer_or_number(t, cell);
      } else if (col == "penalty") {
        bound[col] = number(t, cell);
      } else if (col == "companies" || col == "candidates") {
        bound[col] = list(cell.text);
      } else if (col == "all_or_nothing" || col == "each_company") {
        bound[col] = truth(t, cell);
      } else if (col == "feature") {
        group["feature"] = cell.text;
        json_path = path + ".candidates.feature";
      } else if (col == "min" || col == "max") {
        char* end = nullptr;
        const double v = std::strtod(cell.text.c_str(), &end);
        group[col] = end == cell.text.c_str() + cell.text.size() ? json(v) : json(cell.text);
        json_path = path + ".candidates." + col;
      } else if (col == "codes") {
        group["codes"] = list(cell.text);
        json_path = path + ".candidates.codes";
      } else if (col == "value") {
        group["value"] = truth(t, cell);
        json_path = path + ".candidates.value";
      } else {
        throw ParseError("kobling.csv.header", t.cell_place(cell),
                         "unknown column; expected name, lower, upper, companies, sector, "
                         "candidates, feature, min, max, codes, value, all_or_nothing, "
                         "each_company or penalty");
      }
      b.note(json_path, t.cell_place(cell));
    }
    if (!group.empty()) {
      if (bound.contains("candidates")) {
        throw ParseError("kobling.csv.cell", t.row_place(r),
                         "give candidates or a feature condition, not both");
      }
      bound["candidates"] = group;
    }
    out.push_back(std::move(bound));
  }
  return out;
}

Kickoff parse_kickoff_csv(const CsvKickoff& input) {
  Builder b;
  Kinds kinds;
  json doc = json::object();
  doc["kobling"] = "kickoff/1";
  if (!input.name.empty()) {
    doc["name"] = input.name;
  }
  if (!trim(input.features).empty()) {
    doc["features"] = features_json(
        read_csv(input.features, {input.features_name, input.row_label}, input.format), b, kinds);
  }
  doc["companies"] = companies_json(
      read_csv(input.companies, {input.companies_name, input.row_label}, input.format), b, kinds);
  std::size_t wish_columns = 0;
  doc["candidates"] = candidates_json(
      read_csv(input.candidates, {input.candidates_name, input.row_label}, input.format), b, kinds,
      wish_columns);
  if (!trim(input.bounds).empty()) {
    doc["bounds"] =
        bounds_json(read_csv(input.bounds, {input.bounds_name, input.row_label}, input.format), b);
  }
  doc["max_preferences"] = input.max_preferences > 0
                               ? input.max_preferences
                               : static_cast<Index>(std::max<std::size_t>(3, wish_columns));
  try {
    return kickoff_from_json(doc);
  } catch (const ParseError& e) {
    rethrow_with_place(e, b);
  } catch (const InvalidArgument& e) {
    rethrow_with_place(e, b);
  } catch (const OutOfRange& e) {
    rethrow_with_place(e, b);
  }
}

CsvFormat parse_csv_format(const std::string& encoding, const std::string& delimiter,
                           const std::string& decimal) {
  CsvFormat f;
  std::string e = detail::trim(encoding);
  std::transform(e.begin(), e.end(), e.begin(),
                 [](unsigned char x) { return static_cast<char>(std::tolower(x)); });
  if (e == "utf-8" || e == "utf8" || e == "utf-8-sig") {
    f.encoding = "utf-8";
  } else if (e == "windows-1252" || e == "cp1252") {
    f.encoding = "windows-1252";
  } else if (!e.empty()) {
    throw InvalidArgument("kobling.csv.bad_format", "encoding",
                          "unknown encoding " + detail::quoted(encoding) +
                              "; use utf-8 or windows-1252 (or leave it out to detect it)");
  }
  if (delimiter == "," || delimiter == ";" || delimiter == "\t") {
    f.delimiter = delimiter[0];
  } else if (delimiter == "tab" || delimiter == "\\t") {
    f.delimiter = '\t';
  } else if (!delimiter.empty()) {
    throw InvalidArgument("kobling.csv.bad_format", "delimiter",
                          "unknown separator " + detail::quoted(delimiter) +
                              "; use \",\", \";\" or \"tab\" (or leave it out to detect it)");
  }
  if (decimal == "." || decimal == ",") {
    f.decimal = decimal[0];
  } else if (!decimal.empty()) {
    throw InvalidArgument("kobling.csv.bad_format", "decimal",
                          "unknown decimal mark " + detail::quoted(decimal) +
                              "; use \".\" or \",\" (or leave it out: \",\" with \";\"-separated "
                              "files, else \".\")");
  }
  return f;  // (',' for both is fine: a decimal comma is then quoted, "1,5")
}

Kickoff load_kickoff_csv(const std::filesystem::path& directory, const CsvFormat& format) {
  CsvKickoff input;
  input.format = format;
  const auto features = directory / "features.csv";
  if (std::filesystem::exists(features)) {
    input.features = read_text(features);
  }
  input.features_name = features.string();
  input.companies = read_text(directory / "companies.csv");
  input.companies_name = (directory / "companies.csv").string();
  input.candidates = read_text(directory / "candidates.csv");
  input.candidates_name = (directory / "candidates.csv").string();
  const auto bounds = directory / "bounds.csv";
  if (std::filesystem::exists(bounds)) {
    input.bounds = read_text(bounds);
  }
  input.bounds_name = bounds.string();
  return parse_kickoff_csv(input);
}

namespace {

// A verdict's tier (1 = best), 0 for refused, -1 for none (empty).
long verdict_tier(const Table& t, const Cell& c) {
  std::string v = trim(c.text);
  std::transform(v.begin(), v.end(), v.begin(),
                 [](unsigned char x) { return static_cast<char>(std::tolower(x)); });
  if (v.empty()) {
    return -1;
  }
  if (v == "wanted" || v == "\xc3\xb8nsket" || v == "yes" || v == "ja") {
    return 1;
  }
  if (v == "maybe" || v == "kanskje") {
    return 2;
  }
  if (v == "no" || v == "nei" || v == "refused" || v == "not wanted" || v == "avsl\xc3\xa5tt") {
    return 0;
  }
  if (v.find_first_not_of("0123456789") == std::string::npos && v.size() <= 6 && v != "0") {
    return std::stol(v);
  }
  throw InvalidArgument("kobling.verdicts.bad_verdict", t.cell_place(c),
                        "expected a tier number (1 = best; equal numbers share a place), "
                        "wanted/\xc3\xb8nsket, maybe/kanskje or no/nei/refused, got " +
                            detail::quoted(c.text));
}

}  // namespace

Kickoff apply_verdicts(const Kickoff& k, std::string_view csv, const std::string& file_name) {
  const Table t = read_csv(std::string(csv), {file_name, CsvRowLabel::file_line});
  std::size_t company_col = 0;
  std::size_t candidate_col = 0;
  std::size_t verdict_col = 0;
  for (const Cell& h : t.header) {
    if (h.text == "company") {
      company_col = h.column;
    } else if (h.text == "candidate") {
      candidate_col = h.column;
    } else if (h.text == "verdict") {
      verdict_col = h.column;
    }
  }
  if (company_col == 0 || candidate_col == 0 || verdict_col == 0) {
    throw ParseError("kobling.verdicts.header", t.places.at(0, 1),
                     "a verdicts file needs the columns company, candidate and verdict");
  }
  // Per company: (tier, candidate) and refusals, in file order.
  std::map<Index, std::vector<std::pair<long, Index>>> ranked;
  std::map<Index, std::vector<Index>> refused;
  std::set<std::pair<Index, Index>> seen;
  for (const auto& row : t.rows) {
    const auto find = [&](std::size_t col) -> const Cell* {
      for (const Cell& c : row) {
        if (c.column == col) {
          return &c;
        }
      }
      return nullptr;
    };
    const Cell* jc = find(company_col);
    const Cell* ic = find(candidate_col);
    const Cell* vc = find(verdict_col);
    if (jc == nullptr || ic == nullptr || trim(jc->text).empty() || trim(ic->text).empty()) {
      throw ParseError("kobling.verdicts.header",
                       t.row_place(static_cast<std::size_t>(&row - t.rows.data())),
                       "every row needs a company and a candidate id");
    }
    const auto j = k.find_company(trim(jc->text));
    if (!j) {
      throw OutOfRange("kobling.verdicts.unknown_id", t.cell_place(*jc),
                       "unknown company id " + detail::quoted(trim(jc->text)));
    }
    const auto i = k.find_candidate(trim(ic->text));
    if (!i) {
      throw OutOfRange("kobling.verdicts.unknown_id", t.cell_place(*ic),
                       "unknown candidate id " + detail::quoted(trim(ic->text)));
    }
    if (!seen.emplace(*j, *i).second) {
      throw InvalidArgument("kobling.verdicts.duplicate", t.cell_place(*ic),
                            "a second verdict of company " + detail::quoted(trim(jc->text)) +
                                " on candidate " + detail::quoted(trim(ic->text)));
    }
    const long tier = vc == nullptr ? -1 : verdict_tier(t, *vc);
    if (tier == 0) {
      refused[*j].push_back(*i);
    } else if (tier > 0) {
      ranked[*j].emplace_back(tier, *i);
    }
  }
  json doc = kickoff_to_json(k);
  for (auto& [j, list] : ranked) {
    std::stable_sort(list.begin(), list.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    json places = json::array();
    for (std::size_t q = 0; q < list.size(); ++q) {
      const std::string& id = k.candidate(list[q].second).id;
      const bool shared_before = q > 0 && list[q - 1].first == list[q].first;
      const bool shared_after = q + 1 < list.size() && list[q + 1].first == list[q].first;
      if (shared_before) {
        places.back().push_back(id);
      } else if (shared_after) {
        places.push_back(json::array({id}));
      } else {
        places.push_back(id);
      }
    }
    doc["companies"][static_cast<std::size_t>(j)]["ranking"] = places;
  }
  for (const auto& [j, list] : refused) {
    json& r = doc["companies"][static_cast<std::size_t>(j)]["refused"];
    if (r.is_null()) {
      r = json::array();
    }
    for (const Index i : list) {
      const std::string& id = k.candidate(i).id;
      if (std::find(r.begin(), r.end(), id) == r.end()) {
        r.push_back(id);
      }
    }
  }
  return kickoff_from_json(doc);
}

}  // namespace kobling
