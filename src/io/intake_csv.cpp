// The CSV intake folder (kobling/csv_io.hpp, load_intake_csv): the kick-off's
// CSV files, placements.csv, outcomes.csv and intake.csv become the intake/1
// document, read by the same code as the JSON file; every error's JSON path is
// translated back to the file, line and column it came from.
#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/read_file.hpp"
#include "common/text.hpp"
#include "io/csv_table.hpp"
#include "io/json_node.hpp"
#include "kobling/csv_io.hpp"
#include "kobling/errors.hpp"
#include "kobling/json_io.hpp"

namespace kobling {

namespace {

using detail::Cell;
using detail::CsvPlaceMap;
using detail::Table;
using nlohmann::json;

// "a;b;c" as its trimmed, non-empty items.
std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t from = 0;
  while (from <= text.size()) {
    const std::size_t to = std::min(text.find(';', from), text.size());
    std::string item = detail::trim(text.substr(from, to - from));
    if (!item.empty()) {
      out.push_back(std::move(item));
    }
    from = to + 1;
  }
  return out;
}

detail::Table read_table(const std::filesystem::path& file, const CsvFormat& format) {
  return detail::read_csv(detail::read_file(file), {file.string(), CsvRowLabel::file_line}, format);
}

// The index of each named column (0: absent); other columns must be comments
// ('_') or in `tolerated`.
std::vector<std::size_t> columns(const Table& t, const std::vector<std::string>& names,
                                 const std::vector<std::string>& tolerated,
                                 const std::string& expected) {
  std::vector<std::size_t> at(names.size(), 0);
  for (const Cell& h : t.header) {
    bool known = h.text[0] == '_';
    for (std::size_t c = 0; c < names.size(); ++c) {
      if (h.text == names[c]) {
        at[c] = h.column;
        known = true;
      }
    }
    for (const std::string& name : tolerated) {
      known = known || h.text == name;
    }
    if (!known) {
      throw ParseError("kobling.csv.header", t.places.at(h),
                       "unknown column " + detail::quoted(h.text) + "; expected " + expected);
    }
  }
  return at;
}

void require_column(const Table& t, std::size_t column, const std::string& name) {
  if (column == 0) {
    throw ParseError("kobling.csv.header", t.places.at(0, t.header.front().line),
                     "missing column " + detail::quoted(name));
  }
}

void info_json(const Table& t, const std::filesystem::path& dir, CsvPlaceMap& b) {
  const auto at = columns(t, {"id", "date", "follow_up", "policy", "reason_codes"}, {},
                          "id, date, follow_up, policy or reason_codes");
  if (t.rows.size() != 1) {
    throw ParseError("kobling.csv.syntax", t.places.file,
                     "has " + std::to_string(t.rows.size()) +
                         " data rows; give exactly one: the intake's id, date, follow_up "
                         "and policy");
  }
  const std::vector<Cell>& row = t.rows.front();
  std::filesystem::path folder = dir.lexically_normal();
  if (folder.filename().empty()) {
    folder = folder.parent_path();
  }
  b.doc["id"] = folder.filename().string();
  for (std::size_t c = 0; c < at.size(); ++c) {
    if (at[c] == 0 || row[at[c] - 1].text.empty()) {
      continue;
    }
    const Cell& cell = row[at[c] - 1];
    const std::string& col = t.header[cell.column - 1].text;
    if (col == "reason_codes") {
      json codes = json::array();
      for (const std::string& code : split_list(cell.text)) {
        codes.push_back(code);
      }
      b.doc[col] = std::move(codes);
    } else {
      b.doc[col] = cell.text;
    }
    b.note("$." + col, t.cell_place(cell));
  }
  if (!b.doc.contains("date")) {
    throw ParseError("kobling.csv.cell", t.row_place(0),
                     "no date; give the kick-off's date (YYYY-MM-DD) in a \"date\" column");
  }
}

void placements_json(const Table& t, CsvPlaceMap& b) {
  const auto at = columns(t, {"candidate", "company"}, {"name", "company_name", "wish", "score"},
                          "candidate and company (name, company_name, wish and score, as "
                          "kobling writes them, are allowed)");
  require_column(t, at[0], "candidate");
  require_column(t, at[1], "company");
  json list = json::array();
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const Cell& candidate = t.rows[r][at[0] - 1];
    const Cell& company = t.rows[r][at[1] - 1];
    if (company.text.empty()) {
      continue;  // unplaced (placements.csv lists every candidate)
    }
    const std::string path = "$.placements[" + std::to_string(list.size()) + "]";
    b.note(path, t.row_place(r));
    b.note(path + ".candidate", t.cell_place(candidate));
    b.note(path + ".company", t.cell_place(company));
    list.push_back({{"candidate", candidate.text}, {"company", company.text}});
  }
  b.doc["placements"] = std::move(list);
}

void outcomes_json(const Table& t, CsvPlaceMap& b) {
  const auto at = columns(t, {"candidate", "company", "status", "date", "reason"}, {},
                          "candidate, company, status, date or reason");
  require_column(t, at[0], "candidate");
  require_column(t, at[2], "status");
  require_column(t, at[3], "date");
  json list = json::array();
  std::string current;  // the candidate of the record being read
  const Cell* company_cell = nullptr;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    const Cell& candidate = row[at[0] - 1];
    if (list.empty() || candidate.text != current) {
      // Consecutive rows of one candidate form one record.
      const std::string path = "$.outcomes[" + std::to_string(list.size()) + "]";
      b.note(path, t.row_place(r));
      b.note(path + ".candidate", t.cell_place(candidate));
      list.push_back({{"candidate", candidate.text}, {"events", json::array()}});
      current = candidate.text;
      company_cell = nullptr;
    }
    json& rec = list.back();
    const std::string path = "$.outcomes[" + std::to_string(list.size() - 1) + "]";
    if (at[1] != 0 && !row[at[1] - 1].text.empty()) {
      const Cell& company = row[at[1] - 1];
      if (company_cell == nullptr) {
        rec["company"] = company.text;
        b.note(path + ".company", t.cell_place(company));
        company_cell = &company;
      } else if (company.text != company_cell->text) {
        throw InvalidArgument("kobling.outcome.wrong_company", t.cell_place(company),
                              "company " + detail::quoted(company.text) + " differs from " +
                                  detail::quoted(company_cell->text) + " at " +
                                  t.cell_place(*company_cell) +
                                  "; a candidate's rows are about one placement");
      }
    }
    json event = json::object();
    const std::string event_path = path + ".events[" + std::to_string(rec["events"].size()) + "]";
    b.note(event_path, t.row_place(r));
    const char* keys[] = {"status", "date", "reason"};
    const std::size_t cols[] = {at[2], at[3], at[4]};
    for (std::size_t k = 0; k < 3; ++k) {
      if (cols[k] != 0 && !row[cols[k] - 1].text.empty()) {
        event[keys[k]] = row[cols[k] - 1].text;
        b.note(event_path + "." + keys[k], t.cell_place(row[cols[k] - 1]));
      }
    }
    rec["events"].push_back(std::move(event));
  }
  b.doc["outcomes"] = std::move(list);
}

}  // namespace

Intake load_intake_csv(const std::filesystem::path& dir, const CsvFormat& format) {
  const auto info_file = dir / "intake.csv";
  if (!std::filesystem::exists(info_file)) {
    throw ParseError("kobling.io.read", info_file.string(),
                     "missing; an intake folder needs intake.csv with one row of id, date, "
                     "follow_up and policy (the kick-off's date is required)");
  }
  auto kickoff = std::make_shared<const Kickoff>(load_kickoff_csv(dir, format));
  CsvPlaceMap b;
  b.doc["kobling"] = "intake/1";
  info_json(read_table(info_file, format), dir, b);
  placements_json(read_table(dir / "placements.csv", format), b);
  outcomes_json(read_table(dir / "outcomes.csv", format), b);
  try {
    return detail::intake_from_node(detail::Node(b.doc, "$"), std::move(kickoff));
  } catch (const ParseError& e) {
    detail::rethrow_with_place(e, b);
  } catch (const InvalidArgument& e) {
    detail::rethrow_with_place(e, b);
  } catch (const OutOfRange& e) {
    detail::rethrow_with_place(e, b);
  }
}

}  // namespace kobling
