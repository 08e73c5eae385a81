// Test support for the rules::check suites: finding violations and checking
// that their messages name what they are about.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "support/build.hpp"

namespace cadreplan::test {

/// The violations of @p rule, in the order the evaluation lists them.
inline std::vector<rules::Violation> violations_of(const rules::Evaluation& ev, int rule) {
  std::vector<rules::Violation> out;
  for (const auto& v : ev.violations)
    if (v.rule == rule) out.push_back(v);
  return out;
}

/// Every violation as "rule R row W year Y: message", one a line (for failure output).
inline std::string describe(const rules::Evaluation& ev) {
  std::string out = ev.brief() + "\n";
  for (const auto& v : ev.violations)
    out += "  rule " + std::to_string(v.rule) + " row " + std::to_string(v.row) + " year " + std::to_string(v.year) +
           ": " + v.message + "\n";
  return out;
}

/// Success when @p message contains every one of @p words.
inline ::testing::AssertionResult names_all(const std::string& message, std::initializer_list<std::string> words) {
  for (const auto& w : words)
    if (message.find(w) == std::string::npos)
      return ::testing::AssertionFailure() << "message \"" << message << "\" does not name '" << w << "'";
  return ::testing::AssertionSuccess();
}

/// A roster CSV: @p header, then each row on its own line.
inline std::string csv_lines(const std::string& header, std::initializer_list<std::string> rows) {
  std::string out = header + "\n";
  for (const auto& r : rows) out += r + "\n";
  return out;
}

}  // namespace cadreplan::test
