// Synthesis of a roster from published group marginals (see roster_synth.hpp).
#include "cadreplan/synth/roster_synth.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

#include "cadreplan/synth/apportion.hpp"
#include "synth/random.hpp"

namespace cadreplan::synth {

namespace {

[[noreturn]] void fail(const std::string& message) { throw OptionsError(message); }

std::string fmt(double v) {
  std::ostringstream os;
  os.precision(10);
  os << v;
  return os.str();
}

std::string quoted(const std::string& s) { return "'" + s + "'"; }

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + v[i];
  return out;
}

/// A share in [0, 1] as an exact decimal; @p what names it in messages.
Share share_of(double v, const std::string& what) {
  if (!std::isfinite(v) || v < 0.0 || v > 1.0) fail(what + ": share " + fmt(v) + " is outside [0, 1] (56.25% is 0.5625)");
  try {
    return Share::from_double(v);
  } catch (const std::invalid_argument& e) {
    fail(what + ": share " + fmt(v) + " cannot be read as a decimal (" + e.what() + ")");
  }
}

/// num / den as a Share (den a power of ten, 0 <= num <= den).
Share make_share(std::int64_t num, std::int64_t den) {
  if (num <= 0) return Share::parse("0");
  if (num >= den) return Share::parse("1");
  int width = 0;
  for (std::int64_t d = den; d > 1; d /= 10) ++width;
  std::string f = std::to_string(num);
  f.insert(0, static_cast<std::size_t>(width) - f.size(), '0');
  return Share::parse("0." + f);
}

/// The exact sum of shares as (numerator, common power-of-ten denominator).
std::pair<int128_t, std::int64_t> exact_sum(const std::vector<Share>& shares) {
  std::int64_t den = 1;
  for (const Share& s : shares) den = std::max(den, s.denominator());
  int128_t num = 0;
  for (const Share& s : shares) num += static_cast<int128_t>(s.numerator()) * (den / s.denominator());
  return {num, den};
}

double sum_value(const std::vector<Share>& shares) {
  auto [num, den] = exact_sum(shares);
  return static_cast<double>(num) / static_cast<double>(den);
}

/// 1 - sum(shares), or 0 when they sum to 1 or more.
Share remainder_share(const std::vector<Share>& shares) {
  auto [num, den] = exact_sum(shares);
  if (num >= den) return Share::parse("0");
  return make_share(static_cast<std::int64_t>(den - num), den);
}

/// apportion() with @p context prefixed to its message.
std::vector<std::int64_t> apportion_in(std::int64_t total, const std::vector<Share>& shares, const std::string& context) {
  try {
    return apportion(total, shares);
  } catch (const OptionsError& e) {
    std::string m = e.what();
    if (m.rfind("apportion: ", 0) == 0) m = m.substr(11);
    fail(context + ": " + m);
  }
}

/// Shares of a split or of age bands must sum to 1 within @p tol.
void check_sums_to_one(const std::vector<Share>& shares, double tol, const std::string& what) {
  const double s = sum_value(shares);
  if (std::fabs(s - 1.0) > tol) fail(what + ": shares sum to " + fmt(s) + ", expected 1");
}

int level_index(const Ladder& lad, const std::string& level) {
  auto it = std::find(lad.levels.begin(), lad.levels.end(), level);
  return it == lad.levels.end() ? -1 : static_cast<int>(it - lad.levels.begin());
}

int ladder_index(const ScenarioSpec& spec, const std::string& name) {
  for (std::size_t l = 0; l < spec.ladders.size(); ++l)
    if (spec.ladders[l].name == name) return static_cast<int>(l);
  return -1;
}

int credential_index(const ScenarioSpec& spec, const std::string& name) {
  for (std::size_t k = 0; k < spec.credentials.size(); ++k)
    if (spec.credentials[k].name == name) return static_cast<int>(k);
  return -1;
}

std::vector<std::string> ladder_names(const ScenarioSpec& spec) {
  std::vector<std::string> n;
  for (auto& l : spec.ladders) n.push_back(l.name);
  return n;
}

std::vector<std::string> credential_names(const ScenarioSpec& spec) {
  std::vector<std::string> n;
  for (auto& c : spec.credentials) n.push_back(c.name);
  return n;
}

/// Basic stratum checks (what the counts need).
void check_strata_basics(const SynthOptions& o) {
  std::set<std::string> names;
  for (std::size_t i = 0; i < o.strata.size(); ++i) {
    const Stratum& s = o.strata[i];
    const std::string who = "stratum " + (s.name.empty() ? "#" + std::to_string(i + 1) : quoted(s.name));
    if (s.name.empty()) fail(who + ": the stratum has no name");
    if (!names.insert(s.name).second) fail(who + ": the name is used by two strata");
    if (s.tier.empty()) fail(who + ": the tier is empty");
    if (s.count < 0) fail(who + ": head count " + std::to_string(s.count) + " is negative");
    std::set<std::string> flags;
    for (const auto& f : s.flags) {
      if (f.empty()) fail(who + ": an empty flag name");
      if (f.find(';') != std::string::npos || f.find(',') != std::string::npos)
        fail(who + ": flag " + quoted(f) + " contains ';' or ','");
      if (!flags.insert(f).second) fail(who + ": flag " + quoted(f) + " is listed twice");
    }
  }
  if (!(o.share_sum_tolerance >= 0.0 && o.share_sum_tolerance < 0.5))
    fail("share_sum_tolerance " + fmt(o.share_sum_tolerance) + " must be in [0, 0.5)");
}

/// A marginal resolved against the spec and the strata.
struct Resolved {
  const LadderMarginal* src = nullptr;
  int ladder = -1;
  std::vector<char> member;  ///< by stratum: in the group and count > 0
  std::int64_t n = 0;
  MarginalCounts counts;
  int parent = -1;
  std::vector<int> children;
  std::vector<std::int64_t> region;  ///< level counts of the part outside nested groups
  std::vector<char> region_member;   ///< by stratum
};

bool stratum_in(const Stratum& s, const Selector& sel) {
  if (sel.tier && std::find(sel.tier->begin(), sel.tier->end(), s.tier) == sel.tier->end()) return false;
  for (const auto& f : sel.flags)
    if (std::find(s.flags.begin(), s.flags.end(), f) == s.flags.end()) return false;
  return true;
}

std::vector<Resolved> resolve(const ScenarioSpec& spec, const SynthOptions& o) {
  check_strata_basics(o);
  const std::size_t S = o.strata.size();

  // Published groups.
  std::unordered_map<std::string, std::size_t> group_by_name;
  for (std::size_t g = 0; g < o.groups.size(); ++g) {
    const PublishedGroup& pg = o.groups[g];
    const std::string who = "published group " + (pg.name.empty() ? "#" + std::to_string(g + 1) : quoted(pg.name));
    if (pg.name.empty()) fail(who + ": the group has no name");
    if (!group_by_name.emplace(pg.name, g).second) fail(who + ": the name is used by two groups");
    if (pg.selector.sex || pg.selector.min_age || pg.selector.max_age)
      fail(who + ": a published group is a union of strata and may select only by tier and flags, not by sex or age");
  }

  std::vector<Resolved> out;
  std::set<std::pair<std::string, std::string>> seen;
  for (std::size_t m = 0; m < o.marginals.size(); ++m) {
    const LadderMarginal& lm = o.marginals[m];
    const std::string who = "marginal #" + std::to_string(m + 1) + " (group " + quoted(lm.group) + ", ladder " + quoted(lm.ladder) + ")";
    Resolved r;
    r.src = &lm;
    auto git = group_by_name.find(lm.group);
    if (git == group_by_name.end()) {
      std::vector<std::string> names;
      for (auto& g : o.groups) names.push_back(g.name);
      fail(who + ": unknown published group " + quoted(lm.group) + " (known: " + join(names) + ")");
    }
    r.ladder = ladder_index(spec, lm.ladder);
    if (r.ladder < 0) fail(who + ": the scenario has no ladder " + quoted(lm.ladder) + " (known: " + join(ladder_names(spec)) + ")");
    if (!seen.emplace(lm.group, lm.ladder).second) fail(who + ": a second marginal for the same group and ladder");
    const Ladder& lad = spec.ladders[static_cast<std::size_t>(r.ladder)];
    if (lad.levels.empty() || lad.levels.size() > 255) fail(who + ": ladder " + quoted(lad.name) + " must have 1 to 255 levels");
    const Selector& sel = o.groups[git->second].selector;
    r.member.assign(S, 0);
    for (std::size_t s = 0; s < S; ++s)
      if (o.strata[s].count > 0 && stratum_in(o.strata[s], sel)) {
        r.member[s] = 1;
        r.n += o.strata[s].count;
      }
    if (r.n == 0) fail(who + ": the group contains no stratum with cadres");

    // Buckets: published shares, then the remainder.
    std::vector<const LevelBucket*> buckets;
    std::vector<Share> shares;
    for (std::size_t b = 0; b < lm.shares.size(); ++b) {
      buckets.push_back(&lm.shares[b].bucket);
      shares.push_back(share_of(lm.shares[b].share, who + ", bucket " + quoted(lm.shares[b].bucket.label)));
    }
    const double sum = sum_value(shares);
    if (sum > 1.0 + o.share_sum_tolerance)
      fail(who + ": the published shares sum to " + fmt(sum) + ", more than 1 (by more than the tolerance " +
           fmt(o.share_sum_tolerance) + ")");
    if (lm.remainder) {
      buckets.push_back(&*lm.remainder);
      shares.push_back(remainder_share(shares));
    } else if (sum < 1.0 - o.share_sum_tolerance) {
      fail(who + ": the published shares sum to " + fmt(sum) + "; name a remainder bucket for the other " + fmt(1.0 - sum));
    }
    const std::vector<std::int64_t> bucket_counts = apportion_in(r.n, shares, who);

    r.counts.group = lm.group;
    r.counts.ladder = lm.ladder;
    r.counts.size = r.n;
    r.counts.level_counts.assign(lad.levels.size(), 0);
    std::vector<char> level_used(lad.levels.size(), 0);
    for (std::size_t b = 0; b < buckets.size(); ++b) {
      const LevelBucket& bk = *buckets[b];
      const std::string bwho = who + ", bucket " + quoted(bk.label);
      r.counts.bucket_labels.push_back(bk.label);
      r.counts.bucket_counts.push_back(bucket_counts[b]);
      if (bk.levels.empty()) fail(bwho + ": the bucket lists no levels");
      std::vector<int> lv;
      for (const auto& name : bk.levels) {
        int v = level_index(lad, name);
        if (v < 0) fail(bwho + ": ladder " + quoted(lad.name) + " has no level " + quoted(name) + " (levels: " + join(lad.levels) + ")");
        if (level_used[static_cast<std::size_t>(v)]) fail(bwho + ": level " + quoted(name) + " is in two buckets of the marginal");
        level_used[static_cast<std::size_t>(v)] = 1;
        lv.push_back(v);
      }
      std::vector<Share> split;
      if (bk.split.empty() && bk.levels.size() == 1) {
        split.push_back(Share::parse("1"));
      } else {
        if (bk.split.size() != bk.levels.size())
          fail(bwho + ": " + std::to_string(bk.split.size()) + " split shares for " + std::to_string(bk.levels.size()) +
               " levels (state the assumed split of the bucket over its levels)");
        for (std::size_t i = 0; i < bk.split.size(); ++i) split.push_back(share_of(bk.split[i], bwho + ", split of " + quoted(bk.levels[i])));
        check_sums_to_one(split, 1e-9, bwho + ", split");
      }
      const std::vector<std::int64_t> per_level = apportion_in(bucket_counts[b], split, bwho + ", split");
      for (std::size_t i = 0; i < lv.size(); ++i) r.counts.level_counts[static_cast<std::size_t>(lv[i])] += per_level[i];
    }
    out.push_back(std::move(r));
  }

  // Per ladder: laminar family, coverage, nesting, complements.
  for (std::size_t l = 0; l < spec.ladders.size(); ++l) {
    std::vector<int> ms;
    for (std::size_t m = 0; m < out.size(); ++m)
      if (out[m].ladder == static_cast<int>(l)) ms.push_back(static_cast<int>(m));
    if (ms.empty()) continue;
    const std::string& lname = spec.ladders[l].name;
    auto size_of = [&](int m) { return std::count(out[static_cast<std::size_t>(m)].member.begin(), out[static_cast<std::size_t>(m)].member.end(), 1); };
    // Relation of two member sets: 0 disjoint, 1 a inside b, 2 b inside a, 3 equal, 4 overlap.
    auto relation = [&](int a, int b, std::size_t& witness) {
      bool a_only = false, b_only = false, both = false;
      for (std::size_t s = 0; s < S; ++s) {
        const char x = out[static_cast<std::size_t>(a)].member[s], y = out[static_cast<std::size_t>(b)].member[s];
        if (x && y) both = true, witness = s;
        if (x && !y) a_only = true;
        if (y && !x) b_only = true;
      }
      if (!both) return 0;
      if (!a_only && !b_only) return 3;
      if (!a_only) return 1;
      if (!b_only) return 2;
      return 4;
    };
    for (std::size_t i = 0; i < ms.size(); ++i)
      for (std::size_t j = i + 1; j < ms.size(); ++j) {
        std::size_t w = 0;
        const int rel = relation(ms[i], ms[j], w);
        const std::string a = quoted(out[static_cast<std::size_t>(ms[i])].src->group), b = quoted(out[static_cast<std::size_t>(ms[j])].src->group);
        if (rel == 3) fail("ladder " + quoted(lname) + ": published groups " + a + " and " + b + " contain the same strata; give one marginal");
        if (rel == 4)
          fail("ladder " + quoted(lname) + ": published groups " + a + " and " + b + " overlap (both contain stratum " +
               quoted(o.strata[w].name) + ") without one containing the other; marginals must be nested or disjoint");
      }
    for (std::size_t s = 0; s < S; ++s) {
      if (o.strata[s].count == 0) continue;
      bool covered = false;
      for (int m : ms) covered = covered || out[static_cast<std::size_t>(m)].member[s];
      if (!covered)
        fail("stratum " + quoted(o.strata[s].name) + " (" + std::to_string(o.strata[s].count) + " cadres) is in no published group with a marginal on ladder " +
             quoted(lname));
    }
    for (int m : ms) {
      Resolved& r = out[static_cast<std::size_t>(m)];
      for (int p : ms) {
        if (p == m) continue;
        std::size_t w = 0;
        if (relation(m, p, w) != 1) continue;  // m strictly inside p
        if (r.parent < 0 || size_of(p) < size_of(r.parent)) r.parent = p;
      }
      if (r.parent >= 0) out[static_cast<std::size_t>(r.parent)].children.push_back(m);
    }
    for (int m : ms) {
      Resolved& r = out[static_cast<std::size_t>(m)];
      r.region = r.counts.level_counts;
      r.region_member = r.member;
      for (int c : r.children) {
        const Resolved& ch = out[static_cast<std::size_t>(c)];
        for (std::size_t s = 0; s < S; ++s)
          if (ch.member[s]) r.region_member[s] = 0;
        for (std::size_t v = 0; v < r.region.size(); ++v) r.region[v] -= ch.counts.level_counts[v];
      }
      for (std::size_t v = 0; v < r.region.size(); ++v) {
        if (r.region[v] >= 0) continue;
        std::vector<std::string> kids;
        std::int64_t inner = 0;
        for (int c : r.children) {
          kids.push_back(quoted(out[static_cast<std::size_t>(c)].src->group));
          inner += out[static_cast<std::size_t>(c)].counts.level_counts[v];
        }
        fail("published group " + quoted(r.src->group) + ", ladder " + quoted(lname) + ": level " + quoted(spec.ladders[l].levels[v]) +
             " has " + std::to_string(r.counts.level_counts[v]) + " cadres but its nested group(s) " + join(kids) + " already have " +
             std::to_string(inner) + ": the complement would be " + std::to_string(r.region[v]) +
             " (the published shares, or the assumed bucket splits, contradict each other)");
      }
    }
  }
  return out;
}

bool in_range(int age, const std::optional<int>& lo, const std::optional<int>& hi) {
  return (!lo || age >= *lo) && (!hi || age <= *hi);
}

void check_age_range(const std::optional<int>& lo, const std::optional<int>& hi, const std::string& who) {
  if (lo && (*lo < 0 || *lo > 150)) fail(who + ": min_age " + std::to_string(*lo) + " is outside 0..150");
  if (hi && (*hi < 0 || *hi > 150)) fail(who + ": max_age " + std::to_string(*hi) + " is outside 0..150");
  if (lo && hi && *lo > *hi) fail(who + ": min_age " + std::to_string(*lo) + " is above max_age " + std::to_string(*hi));
}

/// Count of @p share of @p n (largest remainder over {share, 1 - share}).
std::int64_t share_count(std::int64_t n, double share, const std::string& who) {
  const Share s = share_of(share, who);
  const Share rest = make_share(s.denominator() - s.numerator(), s.denominator());
  return apportion_in(n, {s, rest}, who)[0];
}

}  // namespace

std::vector<MarginalCounts> marginal_counts(const ScenarioSpec& spec, const SynthOptions& options) {
  std::vector<Resolved> rs = resolve(spec, options);
  std::vector<MarginalCounts> out;
  out.reserve(rs.size());
  for (auto& r : rs) out.push_back(std::move(r.counts));
  return out;
}

Roster synthesize_roster(const ScenarioSpec& spec, const SynthOptions& o) {
  const std::vector<Resolved> marginals = resolve(spec, o);
  const std::size_t L = spec.ladders.size(), K = spec.credentials.size(), S = o.strata.size();
  const int retirement[2] = {spec.policy.retirement_age_male, spec.policy.retirement_age_female};
  for (int age : retirement)
    if (age < 1 || age > 150) fail("the scenario's retirement age " + std::to_string(age) + " is outside 1..150");

  std::int64_t total = 0;
  for (const auto& s : o.strata) total += s.count;
  if (total > 50'000'000) fail("the strata hold " + std::to_string(total) + " cadres, more than the 50,000,000 a roster supports");
  const std::size_t n = static_cast<std::size_t>(total);

  // Per row state.
  std::vector<int> stratum_of(n), age(n);
  std::vector<Sex> sex(n);
  std::vector<std::vector<int>> extra(n);  // indices into the stratum's extra_flags
  std::vector<std::vector<std::uint8_t>> level(L, std::vector<std::uint8_t>(n, 0));
  std::vector<std::vector<Year>> completed(K, std::vector<Year>(n, kNever));

  detail::Random rng(o.seed);
  std::size_t row0 = 0;
  for (std::size_t si = 0; si < S; ++si) {
    const Stratum& st = o.strata[si];
    const std::string who = "stratum " + quoted(st.name);
    const std::size_t m = static_cast<std::size_t>(st.count);
    for (std::size_t i = 0; i < m; ++i) stratum_of[row0 + i] = static_cast<int>(si);

    // Sexes.
    const std::int64_t women = share_count(st.count, st.female_share, who + ", female_share");
    std::vector<Sex> sexes(m, Sex::male);
    for (std::size_t i = 0; i < static_cast<std::size_t>(women); ++i) sexes[i] = Sex::female;
    rng.shuffle(sexes);
    for (std::size_t i = 0; i < m; ++i) sex[row0 + i] = sexes[i];

    // Ages, sex by sex: apportioned bands, then a uniform age in the band.
    for (Sex sx : {Sex::male, Sex::female}) {
      std::vector<std::size_t> rows;
      for (std::size_t i = 0; i < m; ++i)
        if (sexes[i] == sx) rows.push_back(row0 + i);
      const bool own = sx == Sex::female && !st.ages_female.empty();
      const std::vector<AgeBand>& bands = own ? st.ages_female : st.ages;
      const std::string bwho = who + ", age bands" + (own ? " (women)" : sx == Sex::female ? " (used for women)" : "");
      if (rows.empty()) continue;
      if (bands.empty()) fail(bwho + ": no age bands for " + std::to_string(rows.size()) + " cadres");
      const int cap = retirement[static_cast<int>(sx)] - 1;
      std::vector<Share> shares;
      for (std::size_t b = 0; b < bands.size(); ++b) {
        const AgeBand& ab = bands[b];
        const std::string range = std::to_string(ab.min_age) + "-" + std::to_string(ab.max_age);
        if (ab.min_age < 0 || ab.max_age > 150 || ab.min_age > ab.max_age) fail(bwho + ": band " + range + " is not a range of ages in 0..150");
        shares.push_back(share_of(ab.share, bwho + ", band " + range));
        if (ab.share > 0 && ab.min_age > cap)
          fail(bwho + ": band " + range + " lies at or past the retirement age " + std::to_string(cap + 1) + " of " +
               std::string(to_string(sx)) + " cadres in the scenario");
      }
      check_sums_to_one(shares, o.share_sum_tolerance, bwho);
      const std::vector<std::int64_t> per_band = apportion_in(static_cast<std::int64_t>(rows.size()), shares, bwho);
      std::vector<int> label;
      for (std::size_t b = 0; b < bands.size(); ++b) label.insert(label.end(), static_cast<std::size_t>(per_band[b]), static_cast<int>(b));
      rng.shuffle(label);
      for (std::size_t i = 0; i < rows.size(); ++i) {
        const AgeBand& ab = bands[static_cast<std::size_t>(label[i])];
        age[rows[i]] = rng.between(ab.min_age, std::min(ab.max_age, cap));
      }
    }

    // Extra flags.
    // Several rules may give the same flag (to different ages: "mostly
    // younger"); a cadre gets it once, from the first rule that picks him.
    std::vector<std::size_t> first_rule(st.extra_flags.size());
    for (std::size_t f = 0; f < st.extra_flags.size(); ++f) {
      const FlagRule& fr = st.extra_flags[f];
      const std::string fwho = who + ", flag " + quoted(fr.flag);
      if (fr.flag.empty()) fail(who + ": an extra flag has an empty name");
      if (fr.flag.find(';') != std::string::npos || fr.flag.find(',') != std::string::npos) fail(fwho + ": the name contains ';' or ','");
      if (std::find(st.flags.begin(), st.flags.end(), fr.flag) != st.flags.end())
        fail(fwho + ": every cadre of the stratum already has the flag");
      first_rule[f] = f;
      for (std::size_t g = 0; g < f; ++g)
        if (st.extra_flags[g].flag == fr.flag) {
          first_rule[f] = first_rule[g];
          break;
        }
      check_age_range(fr.min_age, fr.max_age, fwho);
      const std::int64_t want = share_count(st.count, fr.share, fwho);
      const int id = static_cast<int>(first_rule[f]);
      std::vector<std::size_t> pool;
      for (std::size_t i = 0; i < m; ++i) {
        const std::vector<int>& has = extra[row0 + i];
        if (in_range(age[row0 + i], fr.min_age, fr.max_age) && std::find(has.begin(), has.end(), id) == has.end())
          pool.push_back(row0 + i);
      }
      if (static_cast<std::int64_t>(pool.size()) < want)
        fail(fwho + ": share " + fmt(fr.share) + " needs " + std::to_string(want) + " cadres but only " + std::to_string(pool.size()) +
             " are in the age range without the flag");
      rng.shuffle(pool);
      for (std::int64_t i = 0; i < want; ++i) extra[pool[static_cast<std::size_t>(i)]].push_back(id);
    }
    for (std::size_t i = 0; i < m; ++i) std::sort(extra[row0 + i].begin(), extra[row0 + i].end());

    // Credentials.
    std::set<int> seen_cred;
    for (const CredentialRule& cr : st.credentials) {
      const std::string cwho = who + ", credential " + quoted(cr.credential);
      const int k = credential_index(spec, cr.credential);
      if (k < 0) fail(cwho + ": the scenario has no credential " + quoted(cr.credential) + " (known: " + join(credential_names(spec)) + ")");
      if (!seen_cred.insert(k).second) fail(cwho + ": two rules for the same credential");
      check_age_range(cr.min_age, cr.max_age, cwho);
      if (cr.first_year < 1000 || cr.first_year > cr.last_year || cr.last_year > spec.start)
        fail(cwho + ": completion years " + std::to_string(cr.first_year) + "-" + std::to_string(cr.last_year) +
             " must be an ordered range from 1000 to the horizon start " + std::to_string(spec.start));
      const std::int64_t want = share_count(st.count, cr.share, cwho);
      std::vector<std::size_t> pool;
      for (std::size_t i = 0; i < m; ++i)
        if (in_range(age[row0 + i], cr.min_age, cr.max_age)) pool.push_back(row0 + i);
      if (static_cast<std::int64_t>(pool.size()) < want)
        fail(cwho + ": share " + fmt(cr.share) + " needs " + std::to_string(want) + " cadres but only " + std::to_string(pool.size()) +
             " are in the age range");
      rng.shuffle(pool);
      for (std::int64_t i = 0; i < want; ++i)
        completed[static_cast<std::size_t>(k)][pool[static_cast<std::size_t>(i)]] = rng.between(cr.first_year, cr.last_year);
    }
    row0 += m;
  }

  // Ladders: deal each marginal's complement-region counts to its members.
  for (std::size_t l = 0; l < L; ++l) {
    for (const Resolved& r : marginals) {
      if (r.ladder != static_cast<int>(l)) continue;
      std::vector<std::size_t> rows;
      for (std::size_t i = 0; i < n; ++i)
        if (r.region_member[static_cast<std::size_t>(stratum_of[i])]) rows.push_back(i);
      std::vector<std::uint8_t> label;
      for (std::size_t v = 0; v < r.region.size(); ++v) label.insert(label.end(), static_cast<std::size_t>(r.region[v]), static_cast<std::uint8_t>(v));
      if (label.size() != rows.size())
        throw Error("internal error: published group '" + r.src->group + "' has " + std::to_string(rows.size()) +
                    " cadres outside its nested groups but " + std::to_string(label.size()) + " levels to deal");
      rng.shuffle(label);
      for (std::size_t i = 0; i < rows.size(); ++i) level[l][rows[i]] = label[i];
    }
  }

  // Assemble.
  Roster roster(L, K);
  std::size_t width = 4;
  for (std::size_t x = n, d = 0; x > 0; x /= 10) width = std::max(width, ++d);
  std::vector<std::uint8_t> lv(L);
  std::vector<Year> cr(K);
  std::vector<std::string> flags;
  for (std::size_t i = 0; i < n; ++i) {
    const Stratum& st = o.strata[static_cast<std::size_t>(stratum_of[i])];
    std::string num = std::to_string(i + 1);
    num.insert(0, width - num.size(), '0');
    flags = st.flags;
    for (int f : extra[i]) flags.push_back(st.extra_flags[static_cast<std::size_t>(f)].flag);
    for (std::size_t l = 0; l < L; ++l) lv[l] = level[l][i];
    for (std::size_t k = 0; k < K; ++k) cr[k] = completed[k][i];
    roster.add(o.id_prefix + num, spec.start - age[i], sex[i], st.tier, flags, lv, cr);
  }
  return roster;
}

bool SynthOptions::is_valid(const ScenarioSpec& spec, std::string* why) const {
  try {
    (void)synthesize_roster(spec, *this);
    return true;
  } catch (const std::exception& e) {
    if (why) *why = e.what();
    return false;
  }
}

}  // namespace cadreplan::synth
