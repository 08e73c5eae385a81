// Shared by the libFuzzer targets: what counts as a finding.
//
// A reader may refuse its input only with an InputError (ScenarioError,
// PlanError) whose every problem names the file and says what is wrong. Any
// other exception escapes the target and libFuzzer reports it as a crash, as
// it does a sanitizer report, a timeout or running out of memory.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#include "cadreplan/core/error.hpp"

namespace cadreplan::fuzz {

/// Stops the run (a finding) with @p why on stderr.
[[noreturn]] inline void finding(const std::string& why) {
  std::fprintf(stderr, "cadreplan fuzz finding: %s\n", why.c_str());
  std::abort();
}

/// An input error is an accepted outcome when it names the file and says why.
inline void accept_refusal(const InputError& e, const std::string& file) {
  if (e.problems().empty()) finding(std::string("an InputError without problems: ") + e.what());
  if (e.total() < e.problems().size()) finding("an InputError whose total is below its problem count");
  for (const Problem& p : e.problems()) {
    if (p.message.empty()) finding("a problem without a message: " + p.to_string());
    if (p.file.empty()) finding("a problem that names no file: " + p.to_string());
    (void)file;
  }
}

}  // namespace cadreplan::fuzz
