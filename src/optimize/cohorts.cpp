#include "optimize/cohorts.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#include <thread>
#include <unordered_map>

#include "rules/state.hpp"

namespace cadreplan::optimize {

CohortSet::CohortSet(const Scenario& sc, int threads) {
  const detail::Compiled& cp = sc.compiled();
  const Roster& r = sc.roster();
  const std::size_t n = r.size();
  start_ = cp.start;
  years_ = cp.years();
  ladders_ = cp.ladder_size.size();
  programs_ = cp.programs.size();
  year_words_ = static_cast<std::size_t>((years_ + 63) / 64);

  // Checkpoints, with group sizes and requirements from the one checker.
  const rules::Evaluation base = rules::baseline(sc);
  for (const auto& res : base.checkpoints) {
    const detail::CTarget& t = cp.targets[static_cast<std::size_t>(res.target)];
    checkpoints_.push_back(CheckpointInfo{res.target, res.year, res.n, res.required, t.weight, t.ladder, t.level, t.credential});
  }
  ck_words_ = (checkpoints_.size() + 63) / 64;

  int max_service = 0;
  for (const auto& p : cp.programs) max_service = std::max(max_service, p.min_service);
  const Year la_lo = cp.start - 1, la_hi = cp.end + max_service;

  // Static members of every target group (ascending cadre index).
  const std::vector<std::vector<std::uint32_t>> group_members = rules::target_group_members(sc, threads);

  // Per cadre: its key (the facts above) as bytes.
  const std::size_t key_words = programs_ * year_words_ + 2 * ck_words_;
  const std::size_t key_bytes = sizeof(Year) + ladders_ + key_words * sizeof(std::uint64_t);
  std::vector<std::uint8_t> keys(n * key_bytes, 0);
  auto build_key = [&](std::size_t lo, std::size_t hi) {
    std::vector<std::uint64_t> words(key_words);
    for (std::size_t c = lo; c < hi; ++c) {
      std::uint8_t* k = keys.data() + c * key_bytes;
      const Year la = std::clamp(cp.last_active_year(r, c), la_lo, la_hi);
      std::memcpy(k, &la, sizeof la);
      for (std::size_t l = 0; l < ladders_; ++l) k[sizeof la + l] = r.level[l][c];
      std::fill(words.begin(), words.end(), 0);
      for (std::size_t p = 0; p < programs_; ++p) {
        const detail::CSelector& e = cp.programs[p].eligible;
        if (!e.static_holds(r, c)) continue;
        for (int y = 0; y < years_; ++y)
          if (e.age_holds(r.birth_year[c], cp.start + y))
            words[p * year_words_ + static_cast<std::size_t>(y) / 64] |= 1ull << (y % 64);
      }
      // Membership bits are set below from the group member lists.
      std::uint64_t* cov = words.data() + programs_ * year_words_ + ck_words_;
      for (std::size_t i = 0; i < checkpoints_.size(); ++i) {
        const CheckpointInfo& ck = checkpoints_[i];
        if (ck.credential >= 0 &&
            cp.credential_valid(ck.credential, r.credential[static_cast<std::size_t>(ck.credential)][c], ck.year))
          cov[i / 64] |= 1ull << (i % 64);
      }
      std::memcpy(k + sizeof la + ladders_, words.data(), key_words * sizeof(std::uint64_t));
    }
    // Checkpoint membership: walk only each checkpoint's static group members
    // in [lo, hi) (a group is a few percent of a national roster), instead of
    // testing every checkpoint's group for every cadre.
    const std::size_t mem_at = sizeof(Year) + ladders_ + programs_ * year_words_ * sizeof(std::uint64_t);
    for (std::size_t i = 0; i < checkpoints_.size(); ++i) {
      const CheckpointInfo& ck = checkpoints_[i];
      const auto gi = static_cast<std::size_t>(cp.targets[static_cast<std::size_t>(ck.target)].group);
      const detail::CSelector& g = cp.groups[gi];
      const auto& m = group_members[gi];
      const std::size_t word = i / 64;
      const std::uint64_t b = 1ull << (i % 64);
      for (auto it = std::lower_bound(m.begin(), m.end(), static_cast<std::uint32_t>(lo)); it != m.end() && *it < hi; ++it) {
        const std::uint32_t c = *it;
        if (!cp.active(r, c, ck.year) || !g.age_holds(r.birth_year[c], ck.year)) continue;
        std::uint8_t* w = keys.data() + c * key_bytes + mem_at + word * sizeof(std::uint64_t);
        std::uint64_t v;
        std::memcpy(&v, w, sizeof v);
        v |= b;
        std::memcpy(w, &v, sizeof v);
      }
    }
  };
  const std::size_t nt = std::max<std::size_t>(1, std::min<std::size_t>(static_cast<std::size_t>(std::max(threads, 1)), n / 20000 + 1));
  if (nt <= 1) {
    build_key(0, n);
  } else {
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < nt; ++t) pool.emplace_back(build_key, n * t / nt, n * (t + 1) / nt);
    for (auto& th : pool) th.join();
  }

  // Group equal keys; cohorts numbered by their first member (deterministic).
  struct KeyRef {
    const std::uint8_t* p;
    std::size_t len;
    bool operator==(const KeyRef& o) const noexcept { return std::memcmp(p, o.p, len) == 0; }
  };
  struct KeyHash {
    std::size_t operator()(const KeyRef& k) const noexcept {
      std::uint64_t h = 1469598103934665603ULL;
      for (std::size_t i = 0; i < k.len; ++i) h = (h ^ k.p[i]) * 1099511628211ULL;
      return static_cast<std::size_t>(h);
    }
  };
  std::unordered_map<KeyRef, std::uint32_t, KeyHash> index;
  index.reserve(n / 4 + 16);
  cohort_of_.resize(n);
  std::vector<std::uint32_t> counts;
  for (std::size_t c = 0; c < n; ++c) {
    KeyRef kr{keys.data() + c * key_bytes, key_bytes};
    auto [it, fresh] = index.emplace(kr, static_cast<std::uint32_t>(counts.size()));
    if (fresh) {
      counts.push_back(0);
      const std::uint8_t* k = kr.p;
      Year la;
      std::memcpy(&la, k, sizeof la);
      last_active_.push_back(la);
      level_.insert(level_.end(), k + sizeof la, k + sizeof la + ladders_);
      const auto* w = reinterpret_cast<const std::uint8_t*>(k + sizeof la + ladders_);
      std::vector<std::uint64_t> words(key_words);
      std::memcpy(words.data(), w, key_words * sizeof(std::uint64_t));
      eligible_.insert(eligible_.end(), words.begin(), words.begin() + static_cast<std::ptrdiff_t>(programs_ * year_words_));
      member_.insert(member_.end(), words.begin() + static_cast<std::ptrdiff_t>(programs_ * year_words_),
                     words.begin() + static_cast<std::ptrdiff_t>(programs_ * year_words_ + ck_words_));
      covered_.insert(covered_.end(), words.begin() + static_cast<std::ptrdiff_t>(programs_ * year_words_ + ck_words_),
                      words.end());
    }
    cohort_of_[c] = it->second;
    ++counts[it->second];
  }
  offset_.assign(counts.size() + 1, 0);
  for (std::size_t g = 0; g < counts.size(); ++g) offset_[g + 1] = offset_[g] + counts[g];
  members_.resize(n);
  std::vector<std::uint32_t> fill(offset_.begin(), offset_.end() - 1);
  for (std::size_t c = 0; c < n; ++c) members_[fill[cohort_of_[c]]++] = static_cast<std::uint32_t>(c);
}

}  // namespace cadreplan::optimize
