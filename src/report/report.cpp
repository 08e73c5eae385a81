#include "cadreplan/report/report.hpp"

#include <cstdio>
#include <iomanip>
#include <sstream>

#include "report/json.hpp"

namespace cadreplan::report {

namespace {

std::string pad(const std::string& s, std::size_t w) {
  // Width in code points, so Vietnamese ids line up.
  std::size_t cps = 0;
  for (unsigned char ch : s) cps += (ch & 0xC0) != 0x80;
  return cps >= w ? s : s + std::string(w - cps, ' ');
}

std::string num(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

}  // namespace

std::string scorecard(const Scenario& sc, const rules::Evaluation& base, const SolveResult& res, const explain::Explanation* ex) {
  const rules::Evaluation& ev = res.evaluation;
  std::size_t w = 6;
  for (const auto& t : sc.spec().targets) w = std::max(w, t.id.size());
  std::ostringstream os;
  os << sc.spec().name << " — " << sc.roster().size() << " cadres, " << sc.start() << "–" << sc.end() << "\n\n";
  os << pad("target", w) << "  year   share      n  required  baseline  planned  shortfall\n";
  for (std::size_t i = 0; i < ev.checkpoints.size(); ++i) {
    const auto& r = ev.checkpoints[i];
    const auto& b = base.checkpoints[i];
    char line[160];
    std::snprintf(line, sizeof line, "  %4d  %6s  %5lld  %8lld  %8lld  %7lld  %9lld", r.year, r.share.text().c_str(),
                  static_cast<long long>(r.n), static_cast<long long>(r.required), static_cast<long long>(b.achieved),
                  static_cast<long long>(r.achieved), static_cast<long long>(r.shortfall));
    os << pad(sc.spec().targets[static_cast<std::size_t>(r.target)].id, w) << line << (r.shortfall > 0 ? "  *" : "") << "\n";
  }
  const SolveReport& rep = res.report;
  os << "\nS (weighted shortfall) = " << num(ev.S) << "   (baseline " << num(base.S) << ")\n";
  os << "C (cost)               = " << num(ev.C) << "\n";
  if (rep.lower_bound)
    os << "lower bound on S       = " << num(*rep.lower_bound) << "   (gap " << num(*rep.gap()) << ")\n";
  os << "enrollments            = " << res.plan.size() << "\n";
  os << "strategy " << rep.strategy << ", status " << to_string(rep.status) << ", " << std::fixed << std::setprecision(2)
     << rep.seconds << " s\n";
  if (ex && !ex->checkpoints.empty()) os << "\nWhy short, and what would close it:\n" << ex->text(sc);
  return os.str();
}

std::string attainment_csv(const Scenario& sc, const rules::Evaluation& ev) {
  std::string out = "target_id,year,n,required,achieved,shortfall\n";
  for (const auto& r : ev.checkpoints) {
    const std::string& id = sc.spec().targets[static_cast<std::size_t>(r.target)].id;
    bool quote = id.find_first_of(",\"\n") != std::string::npos;
    std::string field = id;
    if (quote) {
      field = "\"";
      for (char ch : id) field += ch == '"' ? std::string("\"\"") : std::string(1, ch);
      field += "\"";
    }
    out += field + "," + std::to_string(r.year) + "," + std::to_string(r.n) + "," + std::to_string(r.required) + "," +
           std::to_string(r.achieved) + "," + std::to_string(r.shortfall) + "\n";
  }
  return out;
}

namespace {

void write_explanation(detail::Json& j, const Scenario& sc, const explain::Explanation& ex) {
  const auto& progs = sc.spec().programs;
  j.key("explanations").begin_array();
  for (const auto& ce : ex.checkpoints) {
    j.begin_object();
    j.key("target_id").value(sc.spec().targets[static_cast<std::size_t>(ce.target)].id);
    j.key("year").value(ce.year);
    j.key("required").value(ce.required);
    j.key("achieved").value(ce.achieved);
    j.key("shortfall").value(ce.shortfall);
    j.key("short_members").value(ce.short_members);
    j.key("cannot_reach").value(ce.cannot_reach);
    j.key("unreachable").begin_array();
    for (const auto& u : ce.unreachable) {
      j.begin_object();
      j.key("reason").value(u.reason);
      j.key("members").value(u.members);
      j.key("explanation").value(u.explanation);
      j.end_object();
    }
    j.end_array();
    j.key("binding_seats").begin_array();
    for (const auto& s : ce.binding_seats) {
      j.begin_object();
      j.key("program_id").value(progs[static_cast<std::size_t>(s.program)].id);
      j.key("year").value(s.year);
      j.key("seats").value(s.seats);
      j.key("used").value(s.used);
      j.key("shadow_price").value(s.shadow_price);
      j.end_object();
    }
    j.end_array();
    j.key("binding_budget").begin_array();
    for (const auto& b : ce.binding_budget) {
      j.begin_object();
      j.key("year").value(b.year);
      j.key("budget").value(b.budget);
      j.key("spent").value(b.spent);
      j.key("shadow_price").value(b.shadow_price);
      j.end_object();
    }
    j.end_array();
    j.key("closable").value(ce.closable);
    j.key("fixed").value(ce.fixed);
    j.key("extra_seats").begin_array();
    for (const auto& e : ce.extra_seats) {
      j.begin_object();
      j.key("program_id").value(progs[static_cast<std::size_t>(e.program)].id);
      j.key("year").value(e.year);
      j.key("seats").value(e.seats);
      j.end_object();
    }
    j.end_array();
    j.key("extra_budget").begin_array();
    for (const auto& b : ce.extra_budget) {
      j.begin_object();
      j.key("year").value(b.year);
      j.key("amount").value(b.amount);
      j.end_object();
    }
    j.end_array();
    j.key("extra_seat_cost").value(ce.extra_seat_cost);
    j.key("extra_cost").value(ce.extra_cost);
    j.key("seats_lower_bound").value(ce.seats_lower_bound);
    j.key("note").value(ce.note);
    j.end_object();
  }
  j.end_array();
  j.key("seat_prices").begin_array();
  for (const auto& s : ex.seat_prices) {
    j.begin_object();
    j.key("program_id").value(progs[static_cast<std::size_t>(s.program)].id);
    j.key("year").value(s.year);
    j.key("seats").value(s.seats);
    j.key("used").value(s.used);
    j.key("shadow_price").value(s.shadow_price);
    j.end_object();
  }
  j.end_array();
  j.key("budget_prices").begin_array();
  for (const auto& b : ex.budget_prices) {
    j.begin_object();
    j.key("year").value(b.year);
    j.key("budget").value(b.budget);
    j.key("spent").value(b.spent);
    j.key("shadow_price").value(b.shadow_price);
    j.end_object();
  }
  j.end_array();
  j.key("lp_bound").value(ex.lp_bound);
}

}  // namespace

std::string explanation_json(const Scenario& sc, const explain::Explanation& ex) {
  detail::Json j;
  j.begin_object();
  j.key("scenario").value(sc.spec().name);
  write_explanation(j, sc, ex);
  j.key("seconds").value(ex.seconds);
  j.end_object();
  return j.str();
}

std::string summary_json(const Scenario& sc, const rules::Evaluation& base, const SolveResult& res, const explain::Explanation* ex) {
  const SolveReport& rep = res.report;
  detail::Json j;
  j.begin_object();
  j.key("format").value("cadreplan/1");
  j.key("scenario").value(sc.spec().name);
  j.key("cadres").value(static_cast<std::int64_t>(sc.roster().size()));
  j.key("strategy").value(rep.strategy);
  j.key("status").value(to_string(rep.status));
  j.key("valid").value(res.evaluation.valid);
  j.key("S").value(res.evaluation.S);
  j.key("C").value(res.evaluation.C);
  j.key("lower_bound").value(rep.lower_bound);
  j.key("gap").value(rep.gap());
  j.key("relative_gap").value(rep.relative_gap());
  j.key("cost_lower_bound").value(rep.cost_lower_bound);
  j.key("baseline_S").value(base.S);
  j.key("enrollments").value(static_cast<std::int64_t>(res.plan.size()));
  j.key("seed").value(rep.seed);
  j.key("threads").value(rep.threads);
  j.key("seconds").value(rep.seconds);
  j.key("checkpoints").begin_array();
  for (std::size_t i = 0; i < res.evaluation.checkpoints.size(); ++i) {
    const auto& r = res.evaluation.checkpoints[i];
    j.begin_object();
    j.key("target_id").value(sc.spec().targets[static_cast<std::size_t>(r.target)].id);
    j.key("year").value(r.year);
    j.key("share").value(r.share.text());
    j.key("weight").value(r.weight);
    j.key("n").value(r.n);
    j.key("required").value(r.required);
    j.key("baseline").value(base.checkpoints[i].achieved);
    j.key("achieved").value(r.achieved);
    j.key("shortfall").value(r.shortfall);
    j.end_object();
  }
  j.end_array();
  if (ex) write_explanation(j, sc, *ex);
  j.end_object();
  return j.str();
}

std::string check_text(const Scenario& sc, const Plan& plan, const rules::Evaluation& ev) {
  std::ostringstream os;
  for (const auto& v : ev.violations) {
    os << "rule " << v.rule << ": ";
    if (v.line > 0) os << (plan.source_file.empty() ? "line " : plan.source_file + ":") << v.line << ": ";
    os << v.message << "\n";
  }
  if (ev.violation_count > static_cast<std::int64_t>(ev.violations.size()))
    os << "... and " << (ev.violation_count - static_cast<std::int64_t>(ev.violations.size())) << " more violations\n";
  os << (ev.valid ? "valid" : "INVALID") << ": " << plan.size() << " enrollments, " << ev.violation_count
     << " violations\n";
  os << "S = " << num(ev.S) << "\nC = " << num(ev.C) << "\n";
  (void)sc;
  return os.str();
}

}  // namespace cadreplan::report
