// cadreplan — the exception tree.
//
// Bad input throws a typed exception that names the file, the line, the field,
// the value seen and what was expected. Outcomes of a solve (time limit,
// unreachable targets) are statuses in reports, never exceptions.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace cadreplan {

/// One thing wrong with an input, located as precisely as the input allows.
struct Problem {
  std::string file;      ///< the file it was read from; empty for data built in code
  int line = 0;          ///< 1-based line; 0 when unknown
  std::string field;     ///< dotted path of the field: "programs[2].seats.2023", "roster.birth_year"
  std::string value;     ///< the value seen (possibly shortened); empty when missing
  std::string expected;  ///< what was expected instead
  std::string message;   ///< a complete sentence for a person

  /// "file:line: field: message" (parts omitted when unknown).
  std::string to_string() const;
};

/// Base class of every exception cadreplan throws on purpose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// An error that carries a list of located problems.
class InputError : public Error {
 public:
  InputError(std::string summary, std::vector<Problem> problems, std::size_t total);
  /// The problems found (at most the reader's cap).
  const std::vector<Problem>& problems() const noexcept { return problems_; }
  /// How many problems there were in all (may exceed problems().size()).
  std::size_t total() const noexcept { return total_; }

 private:
  std::vector<Problem> problems_;
  std::size_t total_;
};

/// A scenario or roster is unreadable or invalid.
class ScenarioError : public InputError {
 public:
  using InputError::InputError;
};

/// A plan file is unreadable (a plan that breaks the rules is NOT an error:
/// rules::check reports its violations).
class PlanError : public InputError {
 public:
  using InputError::InputError;
};

/// Invalid options or arguments given to a call (an unknown strategy name,
/// a negative time limit).
class OptionsError : public Error {
 public:
  using Error::Error;
};

/// The solver failed in a way that is not the user's input (an LP solver
/// returned an unexpected status). Carries the solver's own words.
class SolveError : public Error {
 public:
  using Error::Error;
};

/// Collects problems during a pass, then throws them together.
/// At most `cap` problems are kept; all are counted.
class Diagnostics {
 public:
  explicit Diagnostics(std::size_t cap = 100) : cap_(cap) {}
  void add(Problem p);
  bool empty() const noexcept { return total_ == 0; }
  std::size_t total() const noexcept { return total_; }
  const std::vector<Problem>& problems() const noexcept { return problems_; }
  /// Throws E (ScenarioError or PlanError) listing every problem, if any.
  template <class E>
  void throw_if_any(const std::string& what) const {
    if (total_ > 0) throw E(summary(what), problems_, total_);
  }
  std::string summary(const std::string& what) const;

 private:
  std::size_t cap_;
  std::size_t total_ = 0;
  std::vector<Problem> problems_;
};

}  // namespace cadreplan
