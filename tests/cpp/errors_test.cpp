// The error catalogue's own rules, and the errors only a C++ caller can reach.
// tests/python/test_catalogue.py checks the catalogue against the sources and
// the tests (every id thrown is listed, every listed id is thrown and pinned).
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>

#include "kobling/errors.hpp"
#include "kobling/optimal_assignment.hpp"

namespace kobling {
namespace {

TEST(ErrorCatalogue, SortedUniqueAndEachExampleStartsWithItsId) {
  const std::span<const CatalogueEntry> catalogue = error_catalogue();
  ASSERT_FALSE(catalogue.empty());
  const std::set<std::string_view> kinds{"InvalidArgument", "ParseError",        "OutOfRange",
                                         "ResourceLimit",   "FileError",         "TypeError",
                                         "ValueError",      "InvalidInputError", "warning"};
  for (std::size_t e = 0; e < catalogue.size(); ++e) {
    const CatalogueEntry& entry = catalogue[e];
    if (e > 0) {
      EXPECT_LT(catalogue[e - 1].id, entry.id) << "sorted, each id once";
    }
    EXPECT_EQ(entry.id.substr(0, 8), "kobling.") << entry.id;
    EXPECT_EQ(kinds.count(entry.kind), 1U) << entry.id << ": " << entry.kind;
    EXPECT_FALSE(entry.meaning.empty()) << entry.id;
    // "[id] ..."
    EXPECT_EQ(entry.example.substr(0, 1), "[") << entry.example;
    EXPECT_EQ(entry.example.substr(1, entry.id.size()), entry.id) << entry.example;
    EXPECT_EQ(entry.example.substr(entry.id.size() + 1, 2), "] ") << entry.example;
  }
}

// Python always passes a utility matrix; an empty view ("not given") can only
// come from C++.
TEST(CppOnlyErrors, OptimalAssignmentWithoutUtility) {
  const CapacityVector capacities = CapacityVector::Ones(2);
  try {
    (void)optimal_assignment(ScoreView{}, capacities);
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(), "[kobling.array.missing] utility: a utility matrix is required");
  }
}

}  // namespace
}  // namespace kobling
