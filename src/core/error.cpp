#include "cadreplan/core/error.hpp"

#include <sstream>

namespace cadreplan {

std::string Problem::to_string() const {
  std::ostringstream out;
  if (!file.empty()) {
    out << file;
    if (line > 0) out << ':' << line;
    out << ": ";
  } else if (line > 0) {
    out << "line " << line << ": ";
  }
  if (!field.empty()) out << field << ": ";
  out << message;
  return out.str();
}

InputError::InputError(std::string summary, std::vector<Problem> problems, std::size_t total)
    : Error(std::move(summary)), problems_(std::move(problems)), total_(total) {}

void Diagnostics::add(Problem p) {
  ++total_;
  if (problems_.size() < cap_) problems_.push_back(std::move(p));
}

std::string Diagnostics::summary(const std::string& what) const {
  std::ostringstream os;
  os << what << ": " << total_ << (total_ == 1 ? " problem" : " problems");
  for (const auto& p : problems_) os << "\n  " << p.to_string();
  if (total_ > problems_.size()) os << "\n  ... and " << (total_ - problems_.size()) << " more";
  return os.str();
}

}  // namespace cadreplan
