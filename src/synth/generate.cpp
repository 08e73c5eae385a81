#include "cadreplan/synth/generate.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "cadreplan/core/error.hpp"

namespace cadreplan::synth {

namespace {

/// splitmix64: a tiny, portable generator with explicit sampling.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL) {}
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  /// An integer in [lo, hi].
  int range(int lo, int hi) { return lo + static_cast<int>(uniform() * (hi - lo + 1)); }
  bool chance(double p) { return uniform() < p; }
  /// An index drawn with the given weights.
  std::size_t pick(std::initializer_list<double> w) {
    double total = 0;
    for (double x : w) total += x;
    double u = uniform() * total;
    std::size_t i = 0;
    for (double x : w) {
      if (u < x) return i;
      u -= x;
      ++i;
    }
    return w.size() - 1;
  }

 private:
  std::uint64_t s_;
};

/// @p x rounded to a multiple of @p step (1/step a whole number), as the double
/// nearest that decimal: k / 20.0, not k * 0.05, which gives 0.8500000000000001
/// and a target whose required count is one more when share x n is whole.
double round_to(double x, double step) { return std::round(x / step) / std::round(1.0 / step); }

}  // namespace

bool GenerateOptions::is_valid(std::string* why) const {
  auto fail = [&](const std::string& m) {
    if (why) *why = m;
    return false;
  };
  if (years < 2 || years > 60) return fail("years must be between 2 and 60");
  if (start < 1900 || start > 2900) return fail("start must be a year between 1900 and 2900");
  if (max_concurrent_programs < 1) return fail("max_concurrent_programs must be >= 1");
  if (min_service_years_after < 0) return fail("min_service_years_after must be >= 0");
  if (!(seat_scale > 0)) return fail("seat_scale must be > 0");
  if (cadres > 20'000'000) return fail("at most 20,000,000 cadres");
  return true;
}

Scenario generate(const GenerateOptions& o) {
  std::string why;
  if (!o.is_valid(&why)) throw OptionsError("invalid generate options: " + why);
  Rng rng(o.seed);
  const Year end = o.start + o.years - 1;
  ScenarioSpec s;
  s.name = "generated-" + std::to_string(o.cadres) + "-seed" + std::to_string(o.seed);
  s.start = o.start;
  s.end = end;
  s.ladders = {{"professional", {"none", "intermediate", "college", "university", "master"}},
               {"political_theory", {"none", "intermediate", "advanced"}}};
  const int ku_valid = rng.range(3, 5);
  s.credentials = {{"knowledge_update", ku_valid}, {"international", std::nullopt}};
  s.policy.max_concurrent_programs = o.max_concurrent_programs;
  s.policy.min_service_years_after = o.min_service_years_after;
  const int young_age = rng.range(35, 40);
  auto tiers = [](std::vector<std::string> t) { return std::optional<std::vector<std::string>>(std::move(t)); };
  s.groups = {{"all", {}},
              {"commune", {tiers({"commune"}), {}, {}, {}, {}}},
              {"district", {tiers({"district"}), {}, {}, {}, {}}},
              {"upper", {tiers({"province", "district"}), {}, {}, {}, {}}},
              {"btv", {{}, {}, {"btv_managed"}, {}, {}}},
              {"young", {{}, {}, {}, {}, young_age}},
              {"senior_upper", {tiers({"province", "district"}), {}, {}, 50, {}}},
              {"pool", {{}, {}, {"source_pool"}, {}, {}}}};

  // Programs. Seats per year about cadres x share x seat_scale.
  const double n = static_cast<double>(std::max<std::size_t>(o.cadres, 1));
  auto seats = [&](double share) {
    PerYear py;
    const double base = std::max(1.0, std::round(n * share * o.seat_scale));
    py.default_value = base;
    // Some years differ: a closed year or an extra class.
    for (Year y = o.start; y <= end; ++y) {
      const double u = rng.uniform();
      if (u < 0.12) py.values[y] = 0;
      else if (u < 0.25) py.values[y] = std::round(base * 1.5);
    }
    return py;
  };
  auto program = [&](std::string id, Grant g, std::vector<Requirement> req, Selector elig, int dur, double share, double cost) {
    Program p;
    p.id = id;
    p.name = id;
    p.grants = std::move(g);
    p.requires_ = std::move(req);
    p.eligible = std::move(elig);
    p.duration_years = dur;
    p.seats = seats(share);
    p.cost_per_year = cost;
    return p;
  };
  const int master_age = rng.range(40, 45);
  s.programs.push_back(program("college", {"professional", "college", ""}, {{"professional", "intermediate"}},
                               {tiers({"commune", "district"}), {}, {}, {}, {}}, rng.range(2, 3), 0.015, rng.range(8, 15)));
  s.programs.push_back(program("univ_bridge", {"professional", "university", ""}, {{"professional", "college"}}, {}, 2, 0.02,
                               rng.range(15, 25)));
  s.programs.push_back(program("univ_full", {"professional", "university", ""}, {{"professional", "intermediate"}},
                               {{}, {}, {}, {}, 50}, rng.range(3, 4), 0.01, rng.range(15, 25)));
  s.programs.push_back(program("master", {"professional", "master", ""}, {{"professional", "university"}},
                               {{}, {}, {}, {}, master_age}, 2, 0.01, rng.range(40, 70)));
  if (rng.chance(0.5)) s.programs.back().min_service_years_after = 4;
  s.programs.push_back(program("polit_inter", {"political_theory", "intermediate", ""}, {}, {}, 1, 0.03, rng.range(8, 15)));
  s.programs.push_back(program("polit_adv", {"political_theory", "advanced", ""}, {{"political_theory", "intermediate"}},
                               {tiers({"province", "district"}), {}, {}, {}, {}}, 2, 0.015, rng.range(30, 45)));
  s.programs.push_back(program("ku", {"", "", "knowledge_update"}, {}, {}, 1, 0.12, rng.range(2, 4)));
  s.programs.push_back(program("intl", {"", "", "international"}, {}, {{}, {}, {}, {}, young_age}, 1, 0.02, rng.range(20, 35)));

  // Roster.
  Roster r(2, 2);
  const std::uint8_t none = 0;
  (void)none;
  for (std::size_t i = 0; i < o.cadres; ++i) {
    const std::size_t tier = rng.pick({0.15, 0.30, 0.55});
    const char* tier_name = tier == 0 ? "province" : tier == 1 ? "district" : "commune";
    const Sex sex = rng.chance(0.7) ? Sex::male : Sex::female;
    const int max_age = (sex == Sex::male ? 62 : 60) - 1;
    int age = tier == 2 ? rng.range(25, max_age - 2) : rng.range(30, max_age);
    if (rng.chance(0.08)) age = rng.range(max_age - 4, max_age);  // retiring within the horizon
    std::vector<std::string> flags;
    if (tier != 2 && rng.chance(0.12)) {
      flags.push_back("btv_managed");
      age = std::max(age, rng.range(40, max_age));
    }
    if (age < 45 && rng.chance(0.3)) flags.push_back("source_pool");
    std::uint8_t prof, pol;
    if (tier == 2) {
      prof = static_cast<std::uint8_t>(rng.pick({0.03, 0.12, 0.13, 0.70, 0.02}));
      pol = static_cast<std::uint8_t>(rng.pick({0.10, 0.82, 0.08}));
    } else {
      prof = static_cast<std::uint8_t>(rng.pick({0.0, 0.02, 0.03, 0.80, 0.15}));
      pol = static_cast<std::uint8_t>(rng.pick({0.05, 0.60, 0.35}));
    }
    Year ku = kNever, intl = kNever;
    if (rng.chance(0.55)) ku = o.start - rng.range(1, ku_valid + 1);
    if (age < 40 && rng.chance(0.06)) intl = o.start - rng.range(1, 6);
    r.add("C" + std::to_string(100000 + i), o.start - age, sex, tier_name, flags, {prof, pol}, {ku, intl});
  }

  // Targets from baseline shares plus a stretch, rounded to 0.05.
  auto pick_years = [&] {
    const Year a = o.start + rng.range(1, std::max(1, o.years / 2));
    const Year b = end;
    return a < b ? std::vector<Year>{a, b} : std::vector<Year>{b};
  };
  auto target = [&](std::string id, std::string group, std::string ladder, std::string level, std::string cred, double lo, double hi) {
    Target t;
    t.id = std::move(id);
    t.group = std::move(group);
    t.ladder = std::move(ladder);
    t.at_least = std::move(level);
    t.credential = std::move(cred);
    double share = round_to(lo + rng.uniform() * (hi - lo), 0.05);
    for (Year y : pick_years()) {
      t.checkpoints.push_back(Checkpoint{y, Share::from_double(std::min(1.0, share))});
      share = std::min(1.0, round_to(share + 0.1, 0.05));
    }
    t.weight = static_cast<double>(rng.range(1, 3));
    return t;
  };
  s.targets.push_back(target("commune_university", "commune", "professional", "university", "", 0.75, 0.95));
  s.targets.push_back(target("district_university", "district", "professional", "university", "", 0.85, 1.0));
  s.targets.push_back(target("btv_master", "btv", "professional", "master", "", 0.2, 0.5));
  s.targets.push_back(target("upper_advanced", "upper", "political_theory", "advanced", "", 0.35, 0.6));
  s.targets.push_back(target("all_knowledge_update", "all", "", "", "knowledge_update", 0.7, 1.0));
  s.targets.push_back(target("young_international", "young", "", "", "international", 0.1, 0.3));
  if (rng.chance(0.5)) s.targets.push_back(target("pool_intermediate", "pool", "political_theory", "intermediate", "", 0.8, 1.0));
  if (rng.chance(0.5)) s.targets.push_back(target("senior_knowledge_update", "senior_upper", "", "", "knowledge_update", 0.8, 1.0));

  // Budget: a share of what filling every seat would cost.
  if (o.budget_scale > 0) {
    double full = 0;
    for (const auto& p : s.programs) full += *p.seats.default_value * p.cost_per_year * p.duration_years;
    PerYear b;
    b.default_value = std::round(0.35 * full * o.budget_scale);
    if (rng.chance(0.5)) b.values[o.start] = std::round(0.2 * full * o.budget_scale);
    s.budget = b;
  }
  s.roster = "roster.csv";
  return Scenario::build(std::move(s), std::move(r));
}

}  // namespace cadreplan::synth
