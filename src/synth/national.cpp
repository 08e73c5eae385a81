// Synthetic national scenarios (see national.hpp for the model).
//
// Every figure below is SYNTHETIC: patterned on the Hà Giang scenario
// (src/synth/builtin_hagiang.cpp, docs/HAGIANG.md) and varied by province
// from the seed. Randomness is consumed in a fixed order:
//   1. province weights, then per province its tier split, BTV shares and
//      published shares (one detail::Random seeded with `seed`);
//   2. the roster (synthesize_roster, its own stream seeded with a value
//      derived from `seed`);
//   3. per province its target checkpoint year, third target and stretches;
//      then per program its closed / extra-class years (the first stream).
#include "cadreplan/synth/national.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>

#include "cadreplan/core/error.hpp"
#include "cadreplan/synth/apportion.hpp"
#include "cadreplan/synth/roster_synth.hpp"
#include "synth/random.hpp"

namespace cadreplan::synth {

namespace {

// ---- The provinces --------------------------------------------------------------------
// The 63 provinces (before the 2025 merger) in the GSO's six socio-economic
// regions: r1 northern midlands and mountains, r2 Red River delta, r3 north
// central and central coast, r4 Central Highlands, r5 South East, r6 Mekong
// delta. `academy`: the regional Academy of Politics (I Hà Nội, II Hồ Chí Minh
// City, III Đà Nẵng, IV Cần Thơ) that runs the province's advanced
// political-theory classes (ASSUMPTION for the boundary provinces).
struct ProvinceInfo {
  const char* slug;
  int region;   // 1..6
  int academy;  // 1..4
};

constexpr ProvinceInfo kProvinces[] = {
    // r1 (14)
    {"ha_giang", 1, 1}, {"cao_bang", 1, 1}, {"bac_kan", 1, 1}, {"tuyen_quang", 1, 1}, {"lao_cai", 1, 1},
    {"yen_bai", 1, 1}, {"thai_nguyen", 1, 1}, {"lang_son", 1, 1}, {"bac_giang", 1, 1}, {"phu_tho", 1, 1},
    {"dien_bien", 1, 1}, {"lai_chau", 1, 1}, {"son_la", 1, 1}, {"hoa_binh", 1, 1},
    // r2 (11)
    {"ha_noi", 2, 1}, {"vinh_phuc", 2, 1}, {"bac_ninh", 2, 1}, {"quang_ninh", 2, 1}, {"hai_duong", 2, 1},
    {"hai_phong", 2, 1}, {"hung_yen", 2, 1}, {"thai_binh", 2, 1}, {"ha_nam", 2, 1}, {"nam_dinh", 2, 1},
    {"ninh_binh", 2, 1},
    // r3 (14)
    {"thanh_hoa", 3, 1}, {"nghe_an", 3, 1}, {"ha_tinh", 3, 1}, {"quang_binh", 3, 3}, {"quang_tri", 3, 3},
    {"thua_thien_hue", 3, 3}, {"da_nang", 3, 3}, {"quang_nam", 3, 3}, {"quang_ngai", 3, 3}, {"binh_dinh", 3, 3},
    {"phu_yen", 3, 3}, {"khanh_hoa", 3, 3}, {"ninh_thuan", 3, 3}, {"binh_thuan", 3, 3},
    // r4 (5)
    {"kon_tum", 4, 3}, {"gia_lai", 4, 3}, {"dak_lak", 4, 3}, {"dak_nong", 4, 3}, {"lam_dong", 4, 3},
    // r5 (6)
    {"binh_phuoc", 5, 2}, {"tay_ninh", 5, 2}, {"binh_duong", 5, 2}, {"dong_nai", 5, 2}, {"ba_ria_vung_tau", 5, 2},
    {"ho_chi_minh", 5, 2},
    // r6 (13)
    {"long_an", 6, 4}, {"tien_giang", 6, 4}, {"ben_tre", 6, 4}, {"tra_vinh", 6, 4}, {"vinh_long", 6, 4},
    {"dong_thap", 6, 4}, {"an_giang", 6, 4}, {"kien_giang", 6, 4}, {"can_tho", 6, 4}, {"hau_giang", 6, 4},
    {"soc_trang", 6, 4}, {"bac_lieu", 6, 4}, {"ca_mau", 6, 4},
};
constexpr int kProvinceCount = static_cast<int>(sizeof kProvinces / sizeof kProvinces[0]);
static_assert(kProvinceCount == 63, "63 provinces");

const char* const kRegionNames[] = {"", "trung du và miền núi phía Bắc", "đồng bằng sông Hồng", "Bắc Trung Bộ và duyên hải miền Trung",
                                    "Tây Nguyên", "Đông Nam Bộ", "đồng bằng sông Cửu Long"};
const char* const kAcademyNames[] = {"", "Học viện Chính trị khu vực I", "Học viện Chính trị khu vực II",
                                     "Học viện Chính trị khu vực III", "Học viện Chính trị khu vực IV"};

constexpr std::size_t kMinCadresPerProvince = 250;

// ---- Policy and thresholds ------------------------------------------------------------------
constexpr int kRetirementMale = 62, kRetirementFemale = 60;  // as hagiang-2022
constexpr int kYoungMaxAge = 39;                             // as hagiang-2022
constexpr int kPostgraduateMaxAge = 45;                      // Decree 171/2025 (the one age limit)
constexpr int kMasterService = 4;                            // Decree 101/2017: twice the training time
constexpr int kKnowledgeUpdateValid = 5;                     // as hagiang-2022

// ---- Ladders (as hagiang-2022) ----------------------------------------------------------------
enum Prof { kNone = 0, kIntermediate, kCollege, kUniversity, kMaster, kDoctor, kProfLevels };
enum Theory { kTNone = 0, kElementary, kTIntermediate, kAdvanced, kTheoryLevels };

// ---- Age bands in the horizon's first year (hagiang-2022's, same for every province) ------------
const std::vector<AgeBand> kAgesBtvProvinceMale = {{38, 44, 0.12}, {45, 49, 0.25}, {50, 54, 0.33}, {55, 60, 0.30}};
const std::vector<AgeBand> kAgesBtvProvinceFemale = {{38, 44, 0.20}, {45, 49, 0.35}, {50, 55, 0.45}};
const std::vector<AgeBand> kAgesBtvDistrictMale = {{35, 44, 0.25}, {45, 49, 0.35}, {50, 54, 0.25}, {55, 60, 0.15}};
const std::vector<AgeBand> kAgesBtvDistrictFemale = {{35, 44, 0.35}, {45, 49, 0.40}, {50, 55, 0.25}};
const std::vector<AgeBand> kAgesDeptMale = {{30, 34, 0.08}, {35, 39, 0.20}, {40, 44, 0.24}, {45, 49, 0.20}, {50, 54, 0.17}, {55, 60, 0.11}};
const std::vector<AgeBand> kAgesDeptFemale = {{30, 34, 0.10}, {35, 39, 0.24}, {40, 44, 0.26}, {45, 49, 0.22}, {50, 55, 0.18}};
const std::vector<AgeBand> kAgesDistrictMale = {{28, 34, 0.14}, {35, 39, 0.22}, {40, 44, 0.24}, {45, 49, 0.18}, {50, 54, 0.14}, {55, 60, 0.08}};
const std::vector<AgeBand> kAgesDistrictFemale = {{28, 34, 0.16}, {35, 39, 0.26}, {40, 44, 0.26}, {45, 49, 0.18}, {50, 55, 0.14}};
const std::vector<AgeBand> kAgesCommuneMale = {{25, 29, 0.08}, {30, 34, 0.20}, {35, 39, 0.24}, {40, 44, 0.20},
                                               {45, 49, 0.14}, {50, 54, 0.09}, {55, 60, 0.05}};
const std::vector<AgeBand> kAgesCommuneFemale = {{25, 29, 0.10}, {30, 34, 0.24}, {35, 39, 0.26}, {40, 44, 0.20}, {45, 49, 0.13}, {50, 55, 0.07}};

/// Per stratum kind: female share, source-pool share (among those aged <= 50),
/// knowledge-update and international shares (hagiang-2022's assumptions).
struct StratumKind {
  const char* name;
  const char* tier;
  bool btv;
  double female, pool, knowledge_update, international;
  const std::vector<AgeBand>* male_ages;
  const std::vector<AgeBand>* female_ages;
};
const StratumKind kKinds[] = {
    {"province_btv", "province", true, 0.15, 0.15, 0.70, 0.05, &kAgesBtvProvinceMale, &kAgesBtvProvinceFemale},
    {"province_other", "province", false, 0.30, 0.25, 0.45, 0.04, &kAgesDeptMale, &kAgesDeptFemale},
    {"district_btv", "district", true, 0.12, 0.20, 0.70, 0.03, &kAgesBtvDistrictMale, &kAgesBtvDistrictFemale},
    {"district_other", "district", false, 0.25, 0.22, 0.40, 0.02, &kAgesDistrictMale, &kAgesDistrictFemale},
    {"commune", "commune", false, 0.20, 0.18, 0.35, 0.01, &kAgesCommuneMale, &kAgesCommuneFemale},
};
constexpr int kSourcePoolMaxAge = 50;
constexpr int kInternationalHolderMaxAge = 45;

/// A share drawn uniformly among the 4-decimal values in [lo, hi] (in units
/// of 1e-4), so that every share is an exact short decimal.
int draw4(detail::Random& rng, int lo, int hi) { return rng.between(lo, hi); }
double as_share(std::int64_t units) { return static_cast<double>(units) / 10000.0; }

/// @p count / @p n rounded to 9 decimals (exact enough to apportion back to
/// @p count: see derived_upper_shares()).
double ratio9(std::int64_t count, std::int64_t n) {
  return n == 0 ? 0.0 : std::round(static_cast<double>(count) / static_cast<double>(n) * 1e9) / 1e9;
}

std::string percent_text(int pct) {  // 85 -> "0.85", 100 -> "1", 5 -> "0.05"
  if (pct >= 100) return "1";
  if (pct <= 0) return "0";
  return pct % 10 == 0 ? "0." + std::to_string(pct / 10) : (pct < 10 ? "0.0" : "0.") + std::to_string(pct);
}

/// ceil(achieved / n * 100) rounded up to a multiple of 5, plus @p stretch
/// (a multiple of 5), capped at 100.
int stretched_target(std::int64_t achieved, std::int64_t n, int stretch) {
  const std::int64_t pct = n == 0 ? 0 : (achieved * 100 + n - 1) / n;
  const std::int64_t up5 = (pct + 4) / 5 * 5;
  return static_cast<int>(std::min<std::int64_t>(100, up5 + stretch));
}

/// A province's published figures and the counts they give.
struct ProvinceDraw {
  std::int64_t cadres = 0;
  std::int64_t strata[5] = {};  // kKinds order
  // Levels of the BTV-managed, of the other province+district cadres and of the commune tier (units of 1e-4).
  int btv_prof[kProfLevels] = {}, other_prof[kProfLevels] = {}, commune_prof[kProfLevels] = {};
  int btv_theory[kTheoryLevels] = {}, other_theory[kTheoryLevels] = {}, commune_theory[kTheoryLevels] = {};
};

/// Draws the published shares of one province (professional and theory, three populations).
void draw_levels(detail::Random& rng, ProvinceDraw& d) {
  // BTV-managed (Hà Giang: postgraduate 43.75%, university or college 56.25%).
  const int btv_pg = draw4(rng, 3000, 5500);
  d.btv_prof[kDoctor] = btv_pg / 10;  // 10% of the postgraduates (hagiang's split)
  d.btv_prof[kMaster] = btv_pg - d.btv_prof[kDoctor];
  d.btv_prof[kCollege] = draw4(rng, 0, 100);
  d.btv_prof[kUniversity] = 10000 - btv_pg - d.btv_prof[kCollege];
  // Other province + district cadres (Hà Giang, all province+district: postgraduate 14.13%).
  const int o_pg = draw4(rng, 600, 1400);
  d.other_prof[kDoctor] = o_pg * 6 / 100;
  d.other_prof[kMaster] = o_pg - d.other_prof[kDoctor];
  const int o_ci = draw4(rng, 100, 500);  // college or intermediate, split 60/40
  d.other_prof[kCollege] = o_ci * 6 / 10;
  d.other_prof[kIntermediate] = o_ci - d.other_prof[kCollege];
  d.other_prof[kUniversity] = 10000 - o_pg - o_ci;
  // Commune (Hà Giang: postgraduate 1.72%, university 80.07%, college or intermediate 18.21%).
  d.commune_prof[kMaster] = draw4(rng, 100, 300);
  const int c_ci = draw4(rng, 1000, 2500);  // split 30/70
  d.commune_prof[kCollege] = c_ci * 3 / 10;
  d.commune_prof[kIntermediate] = c_ci - d.commune_prof[kCollege];
  d.commune_prof[kNone] = draw4(rng, 0, 200);
  d.commune_prof[kUniversity] = 10000 - d.commune_prof[kMaster] - c_ci - d.commune_prof[kNone];
  // Political theory. BTV (Hà Giang: 100% advanced); the rest elementary 80 / none 20.
  d.btv_theory[kAdvanced] = draw4(rng, 9500, 10000);
  d.btv_theory[kTIntermediate] = 10000 - d.btv_theory[kAdvanced];
  const int o_adv = draw4(rng, 1500, 3000), o_int = draw4(rng, 5500, 7000);
  d.other_theory[kAdvanced] = o_adv;
  d.other_theory[kTIntermediate] = o_int;
  d.other_theory[kElementary] = (10000 - o_adv - o_int) * 8 / 10;
  d.other_theory[kTNone] = 10000 - o_adv - o_int - d.other_theory[kElementary];
  const int c_adv = draw4(rng, 300, 800), c_int = draw4(rng, 7500, 8800);
  d.commune_theory[kAdvanced] = c_adv;
  d.commune_theory[kTIntermediate] = c_int;
  d.commune_theory[kElementary] = (10000 - c_adv - c_int) * 8 / 10;
  d.commune_theory[kTNone] = 10000 - c_adv - c_int - d.commune_theory[kElementary];
}

/// Counts per level of @p n cadres with the given shares (units of 1e-4,
/// summing to 10000), apportioned exactly as synthesize_roster() does for a
/// marginal whose buckets are the levels in order @p order with the last
/// one as the remainder.
std::vector<std::int64_t> level_counts(std::int64_t n, const int* shares, const std::vector<int>& order, int levels) {
  std::vector<double> s;
  for (int v : order) s.push_back(as_share(shares[v]));
  const std::vector<std::int64_t> c = apportion(n, s);
  std::vector<std::int64_t> out(static_cast<std::size_t>(levels), 0);
  for (std::size_t i = 0; i < order.size(); ++i) out[static_cast<std::size_t>(order[i])] = c[i];
  return out;
}

/// A marginal with one single-level bucket per level of @p order; the last
/// level of @p order is the remainder bucket.
LadderMarginal marginal(const std::string& group, const std::string& ladder, const std::vector<std::string>& names,
                        const std::vector<int>& order, const std::vector<double>& shares) {
  LadderMarginal m;
  m.group = group;
  m.ladder = ladder;
  for (std::size_t i = 0; i + 1 < order.size(); ++i) {
    const std::string& lv = names[static_cast<std::size_t>(order[i])];
    m.shares.push_back(BucketShare{LevelBucket{lv, {lv}, {}}, shares[i]});
  }
  const std::string& rest = names[static_cast<std::size_t>(order.back())];
  m.remainder = LevelBucket{rest, {rest}, {}};
  return m;
}

Selector sel_tiers(std::vector<std::string> t, std::vector<std::string> flags = {}) {
  Selector s;
  s.tier = std::move(t);
  s.flags = std::move(flags);
  return s;
}
Selector sel_flags(std::vector<std::string> f) {
  Selector s;
  s.flags = std::move(f);
  return s;
}

std::string region_flag(int r) { return "r" + std::to_string(r); }
std::string academy_flag(int a) { return "academy_" + std::to_string(a); }

}  // namespace

std::vector<std::string> national_provinces() {
  std::vector<std::string> out;
  for (const auto& p : kProvinces) out.emplace_back(p.slug);
  return out;
}

bool NationalOptions::is_valid(std::string* why) const {
  auto fail = [&](const std::string& m) {
    if (why) *why = m;
    return false;
  };
  if (provinces < 1 || provinces > kProvinceCount) return fail("provinces must be between 1 and 63");
  if (cadres < kMinCadresPerProvince * static_cast<std::size_t>(provinces))
    return fail("at least " + std::to_string(kMinCadresPerProvince) + " cadres per province (" +
                std::to_string(kMinCadresPerProvince * static_cast<std::size_t>(provinces)) + " for " + std::to_string(provinces) +
                " provinces); got " + std::to_string(cadres));
  if (cadres > 20'000'000) return fail("at most 20,000,000 cadres");
  if (years < 4 || years > 30) return fail("years must be between 4 and 30");
  if (start < 1900 || start > 2900) return fail("start must be a year between 1900 and 2900");
  if (max_concurrent_programs < 1) return fail("max_concurrent_programs must be >= 1");
  if (min_service_years_after < 0) return fail("min_service_years_after must be >= 0");
  if (!(seat_scale > 0) || !std::isfinite(seat_scale)) return fail("seat_scale must be > 0");
  if (!std::isfinite(budget_scale)) return fail("budget_scale must be a number");
  return true;
}

NationalParts national_parts(const NationalOptions& o) {
  std::string why;
  if (!o.is_valid(&why)) throw OptionsError("invalid national options: " + why);
  const int P = o.provinces;
  const Year end = o.start + o.years - 1;
  const Year mid = o.start + o.years / 2 - 1;
  detail::Random rng(o.seed);

  // ---- The scenario's frame (what the roster synthesis reads) ----------------------------
  ScenarioSpec s;
  s.name = "national-" + std::to_string(o.cadres) + "-seed" + std::to_string(o.seed) +
           (P == kProvinceCount ? std::string() : "-" + std::to_string(P) + "provinces");
  s.start = o.start;
  s.end = end;
  const std::vector<std::string> prof_names = {"none", "intermediate", "college", "university", "master", "doctor"};
  const std::vector<std::string> theory_names = {"none", "elementary", "intermediate", "advanced"};
  s.ladders = {{"professional", prof_names}, {"political_theory", theory_names}};
  s.credentials = {{"knowledge_update", kKnowledgeUpdateValid}, {"international", std::nullopt}};
  s.policy.retirement_age_male = kRetirementMale;
  s.policy.retirement_age_female = kRetirementFemale;
  s.policy.max_concurrent_programs = o.max_concurrent_programs;
  s.policy.min_service_years_after = o.min_service_years_after;
  s.roster = "roster.csv";

  // ---- 1. Provinces: sizes, tiers, published shares -------------------------------------------
  std::vector<double> weights;
  for (int p = 0; p < P; ++p) weights.push_back(as_share(draw4(rng, 10000, 30000)) / 3.0);
  // Weights as exact shares of the total: units of 1e-6 of their sum.
  double wsum = 0;
  for (double w : weights) wsum += w;
  std::vector<double> wshare;
  std::int64_t used = 0;
  for (int p = 0; p < P; ++p) {
    const std::int64_t u = p + 1 < P ? static_cast<std::int64_t>(std::floor(weights[static_cast<std::size_t>(p)] / wsum * 1e6)) : 1000000 - used;
    used += u;
    wshare.push_back(static_cast<double>(u) / 1e6);
  }
  // Every province gets kMinCadresPerProvince, the rest is apportioned by weight.
  const std::int64_t spare = static_cast<std::int64_t>(o.cadres) - static_cast<std::int64_t>(kMinCadresPerProvince) * P;
  const std::vector<std::int64_t> extra = apportion(spare, wshare);

  std::vector<ProvinceDraw> prov(static_cast<std::size_t>(P));
  for (int p = 0; p < P; ++p) {
    ProvinceDraw& d = prov[static_cast<std::size_t>(p)];
    d.cadres = static_cast<std::int64_t>(kMinCadresPerProvince) + extra[static_cast<std::size_t>(p)];
    // Tiers (Hà Giang: province 25%, district 35%, commune 40%) and the BTV-managed
    // (Hà Giang: 24% of the province tier, 5% of the district tier).
    const int t_prov = draw4(rng, 2200, 2800), t_dist = draw4(rng, 3200, 3800);
    const std::vector<std::int64_t> tiers = apportion(d.cadres, std::vector<double>{as_share(t_prov), as_share(t_dist), as_share(10000 - t_prov - t_dist)});
    const int b_prov = draw4(rng, 2000, 2800), b_dist = draw4(rng, 400, 700);
    const std::vector<std::int64_t> pb = apportion(tiers[0], std::vector<double>{as_share(b_prov), as_share(10000 - b_prov)});
    const std::vector<std::int64_t> db = apportion(tiers[1], std::vector<double>{as_share(b_dist), as_share(10000 - b_dist)});
    d.strata[0] = pb[0];
    d.strata[1] = pb[1];
    d.strata[2] = db[0];
    d.strata[3] = db[1];
    d.strata[4] = tiers[2];
    draw_levels(rng, d);
  }

  // ---- 2. The roster ----------------------------------------------------------------------------
  SynthOptions so;
  so.seed = o.seed * 0x9E3779B97F4A7C15ULL + 0x6A09E667F3BCC909ULL;  // a stream apart from the first
  so.id_prefix = "VN";
  const std::vector<int> prof_order = {kNone, kIntermediate, kCollege, kMaster, kDoctor, kUniversity};
  const std::vector<int> theory_order = {kTNone, kElementary, kTIntermediate, kAdvanced};
  const std::vector<int> btv_theory_order = {kTNone, kElementary, kTIntermediate, kAdvanced};
  for (int p = 0; p < P; ++p) {
    const ProvinceInfo& pi = kProvinces[p];
    const ProvinceDraw& d = prov[static_cast<std::size_t>(p)];
    const std::string slug = pi.slug;
    const std::vector<std::string> home = {slug, region_flag(pi.region), academy_flag(pi.academy)};
    for (int k = 0; k < 5; ++k) {
      const StratumKind& kind = kKinds[k];
      Stratum st;
      st.name = slug + "." + kind.name;
      st.tier = kind.tier;
      st.flags = home;
      if (kind.btv) st.flags.push_back("btv_managed");
      st.count = d.strata[k];
      st.female_share = kind.female;
      st.ages = *kind.male_ages;
      st.ages_female = *kind.female_ages;
      st.extra_flags = {FlagRule{"source_pool", kind.pool, std::nullopt, kSourcePoolMaxAge}};
      st.credentials = {
          CredentialRule{"knowledge_update", kind.knowledge_update, o.start - kKnowledgeUpdateValid, o.start - 1, std::nullopt, std::nullopt},
          CredentialRule{"international", kind.international, o.start - 5, o.start - 1, std::nullopt, kInternationalHolderMaxAge}};
      so.strata.push_back(std::move(st));
    }
    so.groups.push_back(PublishedGroup{slug + "_btv", sel_flags({slug, "btv_managed"})});
    so.groups.push_back(PublishedGroup{slug + "_upper", sel_tiers({"province", "district"}, {slug})});
    so.groups.push_back(PublishedGroup{slug + "_commune", sel_tiers({"commune"}, {slug})});

    // The BTV-managed and the commune tier publish their own shares. The
    // province + district figures (which contain the BTV-managed) are derived
    // from the BTV counts and the others' counts, to 9 decimals: close enough
    // that apportionment gives back exactly those counts, so the nested
    // figures always agree.
    const std::int64_t n_btv = d.strata[0] + d.strata[2], n_other = d.strata[1] + d.strata[3];
    auto shares_of = [](const int* units, const std::vector<int>& order) {
      std::vector<double> v;
      for (int x : order) v.push_back(as_share(units[x]));
      return v;
    };
    const std::vector<std::int64_t> bp = level_counts(n_btv, d.btv_prof, prof_order, kProfLevels);
    const std::vector<std::int64_t> op = level_counts(n_other, d.other_prof, prof_order, kProfLevels);
    const std::vector<std::int64_t> bt = level_counts(n_btv, d.btv_theory, btv_theory_order, kTheoryLevels);
    const std::vector<std::int64_t> ot = level_counts(n_other, d.other_theory, theory_order, kTheoryLevels);
    std::vector<double> up_prof, up_theory;
    for (int v : prof_order) up_prof.push_back(ratio9(bp[static_cast<std::size_t>(v)] + op[static_cast<std::size_t>(v)], n_btv + n_other));
    for (int v : theory_order) up_theory.push_back(ratio9(bt[static_cast<std::size_t>(v)] + ot[static_cast<std::size_t>(v)], n_btv + n_other));
    so.marginals.push_back(marginal(slug + "_btv", "professional", prof_names, prof_order, shares_of(d.btv_prof, prof_order)));
    so.marginals.push_back(marginal(slug + "_upper", "professional", prof_names, prof_order, up_prof));
    so.marginals.push_back(marginal(slug + "_commune", "professional", prof_names, prof_order, shares_of(d.commune_prof, prof_order)));
    so.marginals.push_back(marginal(slug + "_btv", "political_theory", theory_names, btv_theory_order, shares_of(d.btv_theory, btv_theory_order)));
    so.marginals.push_back(marginal(slug + "_upper", "political_theory", theory_names, theory_order, up_theory));
    so.marginals.push_back(marginal(slug + "_commune", "political_theory", theory_names, theory_order, shares_of(d.commune_theory, theory_order)));
  }
  Roster roster = synthesize_roster(s, so);

  // ---- Facts of the roster the targets and seats are set from ----------------------------------
  const std::size_t n = roster.size();
  std::unordered_map<std::string, int> prov_index;
  for (int p = 0; p < P; ++p) prov_index.emplace(kProvinces[p].slug, p);
  std::vector<int> prov_of_flag(roster.flag_names.size(), -1);
  for (std::size_t f = 0; f < roster.flag_names.size(); ++f) {
    auto it = prov_index.find(roster.flag_names[f]);
    if (it != prov_index.end()) prov_of_flag[f] = it->second;
  }
  const std::int32_t btv_flag = roster.find_flag("btv_managed");
  const std::int32_t t_province = roster.find_tier("province"), t_district = roster.find_tier("district"),
                     t_commune = roster.find_tier("commune");
  std::vector<int> prov_of(n, -1);
  std::vector<char> is_btv(n, 0);
  for (std::size_t c = 0; c < n; ++c)
    for (std::uint32_t i = roster.flag_offset[c]; i < roster.flag_offset[c + 1]; ++i) {
      const std::int32_t f = roster.flag_id[i];
      if (prov_of_flag[static_cast<std::size_t>(f)] >= 0) prov_of[c] = prov_of_flag[static_cast<std::size_t>(f)];
      if (f == btv_flag) is_btv[c] = 1;
    }
  auto active = [&](std::size_t c, Year y) {
    return y - roster.birth_year[c] < (roster.sex[c] == Sex::male ? kRetirementMale : kRetirementFemale);
  };
  const auto& prof = roster.level[0];
  const auto& theory = roster.level[1];
  const auto& intl = roster.credential[1];
  // Per province: [members, achieved] of each candidate target.
  struct Tally {
    std::int64_t n = 0, a = 0;
    void add(bool achieved) {
      ++n;
      a += achieved ? 1 : 0;
    }
  };
  struct ProvinceTally {
    Tally commune_univ_mid, commune_univ_end, upper_adv_end, btv_master_end, young_intl_end, district_univ_mid;
  };
  std::vector<ProvinceTally> tally(static_cast<std::size_t>(P));
  for (std::size_t c = 0; c < n; ++c) {
    ProvinceTally& t = tally[static_cast<std::size_t>(prov_of[c])];
    const std::int32_t tier = roster.tier[c];
    const bool upper = tier == t_province || tier == t_district;
    if (tier == t_commune && active(c, mid)) t.commune_univ_mid.add(prof[c] >= kUniversity);
    if (tier == t_commune && active(c, end)) t.commune_univ_end.add(prof[c] >= kUniversity);
    if (upper && active(c, end)) t.upper_adv_end.add(theory[c] >= kAdvanced);
    if (is_btv[c] && active(c, end)) t.btv_master_end.add(prof[c] >= kMaster);
    if (end - roster.birth_year[c] <= kYoungMaxAge && active(c, end)) t.young_intl_end.add(intl[c] != kNever);
    if (tier == t_district && active(c, mid)) t.district_univ_mid.add(prof[c] >= kUniversity);
  }

  // ---- Groups ---------------------------------------------------------------------------------------
  Selector young;
  young.max_age = kYoungMaxAge;
  s.groups = {{"all", Selector{}},
              {"upper", sel_tiers({"province", "district"})},
              {"district", sel_tiers({"district"})},
              {"commune", sel_tiers({"commune"})},
              {"btv", sel_flags({"btv_managed"})},
              {"young", young}};
  for (int p = 0; p < P; ++p) {
    const std::string slug = kProvinces[p].slug;
    Selector py;
    py.flags = {slug};
    py.max_age = kYoungMaxAge;
    s.groups.push_back({slug + "_upper", sel_tiers({"province", "district"}, {slug})});
    s.groups.push_back({slug + "_district", sel_tiers({"district"}, {slug})});
    s.groups.push_back({slug + "_commune", sel_tiers({"commune"}, {slug})});
    s.groups.push_back({slug + "_btv", sel_flags({slug, "btv_managed"})});
    s.groups.push_back({slug + "_young", py});
  }

  // ---- 3. Targets -------------------------------------------------------------------------------------
  auto ladder_target = [](std::string id, std::string group, std::string ladder, std::string level,
                          std::vector<std::pair<Year, std::string>> cps, double weight) {
    Target t;
    t.id = std::move(id);
    t.group = std::move(group);
    t.ladder = std::move(ladder);
    t.at_least = std::move(level);
    for (auto& [y, share] : cps) t.checkpoints.push_back(Checkpoint{y, Share::parse(share)});
    t.weight = weight;
    return t;
  };
  auto credential_target = [](std::string id, std::string group, std::string cred, std::vector<std::pair<Year, std::string>> cps,
                              double weight) {
    Target t;
    t.id = std::move(id);
    t.group = std::move(group);
    t.credential = std::move(cred);
    for (auto& [y, share] : cps) t.checkpoints.push_back(Checkpoint{y, Share::parse(share)});
    t.weight = weight;
    return t;
  };
  // National targets (weight 2): the national resolutions' round figures.
  s.targets.push_back(credential_target("national_knowledge_update", "all", "knowledge_update", {{mid, "0.8"}, {end, "0.9"}}, 2));
  s.targets.push_back(credential_target("national_young_international", "young", "international", {{mid, "0.15"}, {end, "0.25"}}, 2));
  s.targets.push_back(ladder_target("national_btv_theory_advanced", "btv", "political_theory", "advanced", {{mid, "1"}}, 2));
  s.targets.push_back(ladder_target("national_district_university", "district", "professional", "university", {{mid, "0.95"}, {end, "1"}}, 2));
  s.targets.push_back(ladder_target("national_commune_theory_intermediate", "commune", "political_theory", "intermediate",
                                    {{mid, "0.9"}, {end, "1"}}, 2));
  s.targets.push_back(ladder_target("national_btv_postgraduate", "btv", "professional", "master", {{end, "0.5"}}, 2));
  // Province targets (weight 1): the province's baseline plus a stretch, rounded up to 5%.
  for (int p = 0; p < P; ++p) {
    const std::string slug = kProvinces[p].slug;
    const ProvinceTally& t = tally[static_cast<std::size_t>(p)];
    const bool early = rng.below(2) == 0;
    const Tally& cu = early ? t.commune_univ_mid : t.commune_univ_end;
    s.targets.push_back(ladder_target(slug + "_commune_university", slug + "_commune", "professional", "university",
                                      {{early ? mid : end, percent_text(stretched_target(cu.a, cu.n, 5 * rng.between(1, 4)))}}, 1));
    s.targets.push_back(ladder_target(slug + "_upper_theory_advanced", slug + "_upper", "political_theory", "advanced",
                                      {{end, percent_text(stretched_target(t.upper_adv_end.a, t.upper_adv_end.n, 5 * rng.between(2, 5)))}},
                                      1));
    switch (rng.below(3)) {
      case 0:
        s.targets.push_back(ladder_target(slug + "_btv_postgraduate", slug + "_btv", "professional", "master",
                                          {{end, percent_text(stretched_target(t.btv_master_end.a, t.btv_master_end.n, 5 * rng.between(1, 3)))}},
                                          1));
        break;
      case 1:
        s.targets.push_back(credential_target(
            slug + "_young_international", slug + "_young", "international",
            {{end, percent_text(stretched_target(t.young_intl_end.a, t.young_intl_end.n, 5 * rng.between(2, 5)))}}, 1));
        break;
      default:
        s.targets.push_back(ladder_target(slug + "_district_university", slug + "_district", "professional", "university",
                                          {{mid, percent_text(stretched_target(t.district_univ_mid.a, t.district_univ_mid.n, 5))}}, 1));
        break;
    }
  }

  // ---- Programs ------------------------------------------------------------------------------------------
  // Who needs each program (a rough count from the roster), and the share of
  // them the program's seats serve over the years it can be started.
  bool region_present[7] = {}, academy_present[5] = {};
  for (int p = 0; p < P; ++p) region_present[kProvinces[p].region] = academy_present[kProvinces[p].academy] = true;
  std::int64_t need_region_univ[7] = {}, need_region_theory[7] = {}, need_academy_adv[5] = {};
  std::int64_t need_college = 0, need_bridge = 0, need_mountain_college = 0, need_highland_univ = 0, need_master_upper = 0,
               need_master_btv = 0, need_master_province = 0, need_elementary = 0, need_btv_adv = 0, young_all = 0, young_province = 0,
               btv_all = 0, commune_all = 0;
  for (std::size_t c = 0; c < n; ++c) {
    const ProvinceInfo& pi = kProvinces[prov_of[c]];
    const std::int32_t tier = roster.tier[c];
    const bool upper = tier == t_province || tier == t_district;
    const int age0 = o.start - roster.birth_year[c];
    if (prof[c] < kCollege && tier != t_province) ++need_college;
    if (prof[c] == kCollege) ++need_bridge;
    if (prof[c] < kCollege && tier == t_commune && pi.region == 1) ++need_mountain_college;
    if (prof[c] == kIntermediate) ++need_region_univ[pi.region];
    if (prof[c] == kIntermediate && tier == t_commune && pi.region == 4) ++need_highland_univ;
    if (prof[c] == kUniversity && upper && age0 <= kPostgraduateMaxAge) ++need_master_upper;
    if (prof[c] == kUniversity && is_btv[c] && age0 <= kPostgraduateMaxAge) ++need_master_btv;
    if (prof[c] == kUniversity && tier == t_province && age0 <= kPostgraduateMaxAge) ++need_master_province;
    if (theory[c] < kElementary && tier == t_commune) ++need_elementary;
    if (theory[c] < kTIntermediate) ++need_region_theory[pi.region];
    if (theory[c] < kAdvanced && upper) ++need_academy_adv[pi.academy];
    if (theory[c] < kAdvanced && is_btv[c]) ++need_btv_adv;
    if (age0 <= kYoungMaxAge + o.years / 2) {
      ++young_all;
      if (tier == t_province && age0 <= kPostgraduateMaxAge) ++young_province;
    }
    if (is_btv[c]) ++btv_all;
    if (tier == t_commune) ++commune_all;
  }

  struct ProgramDef {
    Program p;
    double need = 0;  // people the seats are for
    double rate = 0;  // share of them served over the horizon
  };
  std::vector<ProgramDef> defs;
  auto add = [&](std::string id, std::string name, Grant g, std::vector<Requirement> req, Selector elig, int dur, double cost, double need,
                 double rate, std::optional<int> service = std::nullopt) {
    ProgramDef d;
    d.p.id = std::move(id);
    d.p.name = std::move(name);
    d.p.grants = std::move(g);
    d.p.requires_ = std::move(req);
    d.p.eligible = std::move(elig);
    d.p.duration_years = dur;
    d.p.cost_per_year = cost;
    d.p.min_service_years_after = service;
    d.need = need;
    d.rate = rate;
    defs.push_back(std::move(d));
  };
  const Grant g_college{"professional", "college", ""}, g_univ{"professional", "university", ""}, g_master{"professional", "master", ""},
g_elem{"political_theory", "elementary", ""}, g_tint{"political_theory", "intermediate", ""},
      g_adv{"political_theory", "advanced", ""}, g_ku{"", "", "knowledge_update"}, g_intl{"", "", "international"};
  Selector pg_upper = sel_tiers({"province", "district"});
  pg_upper.max_age = kPostgraduateMaxAge;
  Selector pg_btv = sel_flags({"btv_managed"});
  pg_btv.max_age = kPostgraduateMaxAge;
  Selector pg_province = sel_tiers({"province"});
  pg_province.max_age = kPostgraduateMaxAge;
  // Professional education.
  add("college_inservice", "Cao đẳng vừa làm vừa học", g_college, {}, sel_tiers({"district", "commune"}), 3, 15, need_college, 0.8);
  if (region_present[1])
    add("college_mountain_commune", "Cao đẳng cho cán bộ cấp xã miền núi phía Bắc", g_college, {}, sel_tiers({"commune"}, {region_flag(1)}), 2,
        12, need_mountain_college, 0.5);
  add("university_bridge", "Liên thông từ cao đẳng lên đại học", g_univ, {{"professional", "college"}}, Selector{}, 2, 20,
      need_bridge + 0.6 * need_college, 0.8);
  for (int r = 1; r <= 6; ++r)
    if (region_present[r])
      add("university_inservice_" + region_flag(r), std::string("Đại học vừa làm vừa học, vùng ") + kRegionNames[r], g_univ,
          {{"professional", "intermediate"}}, sel_flags({region_flag(r)}), 4, 20, static_cast<double>(need_region_univ[r]), 0.6);
  if (region_present[4])
    add("university_highland_commune", "Đại học cho cán bộ cấp xã Tây Nguyên", g_univ, {{"professional", "intermediate"}},
        sel_tiers({"commune"}, {region_flag(4)}), 4, 16, need_highland_univ, 0.5);
  add("master_public", "Thạc sĩ (cử đi học trong nước)", g_master, {{"professional", "university"}}, pg_upper, 2, 60, need_master_upper,
      0.15, kMasterService);
  add("master_btv", "Thạc sĩ cho cán bộ diện Ban Thường vụ quản lý", g_master, {{"professional", "university"}}, pg_btv, 2, 70,
      need_master_btv, 0.5, kMasterService);
  // Đề án 165: postgraduate training abroad for the province tier.
  add("master_abroad", "Thạc sĩ ở nước ngoài (Đề án 165)", g_master, {{"professional", "university"}}, pg_province, 2, 150,
      need_master_province, 0.1, kMasterService);
  // Political theory.
  add("theory_elementary", "Sơ cấp lý luận chính trị", g_elem, {}, sel_tiers({"commune"}), 1, 5, need_elementary, 0.8);
  for (int r = 1; r <= 6; ++r)
    if (region_present[r])
      add("theory_intermediate_" + region_flag(r), std::string("Trung cấp lý luận chính trị, vùng ") + kRegionNames[r], g_tint, {},
          sel_flags({region_flag(r)}), 1, 12, static_cast<double>(need_region_theory[r]), 0.8);
  for (int a = 1; a <= 4; ++a)
    if (academy_present[a])
      add("theory_advanced_" + academy_flag(a), std::string("Cao cấp lý luận chính trị (") + kAcademyNames[a] + ")", g_adv,
          {{"political_theory", "intermediate"}}, sel_tiers({"province", "district"}, {academy_flag(a)}), 2, 30,
          static_cast<double>(need_academy_adv[a]), 0.5);
  add("theory_advanced_central", "Cao cấp lý luận chính trị tập trung (Học viện Chính trị quốc gia Hồ Chí Minh)", g_adv,
      {{"political_theory", "intermediate"}}, sel_flags({"btv_managed"}), 1, 45, need_btv_adv, 0.8);
  // Credentials. Knowledge updates: everyone twice (once per checkpoint period).
  add("knowledge_update", "Bồi dưỡng, cập nhật kiến thức mới", g_ku, {}, Selector{}, 1, 3, 2.0 * static_cast<double>(n), 0.55);
  add("knowledge_update_btv", "Cập nhật kiến thức cho cán bộ diện Ban Thường vụ quản lý", g_ku, {}, sel_flags({"btv_managed"}), 1, 6,
      2.0 * static_cast<double>(btv_all), 0.5);
  add("knowledge_update_commune", "Bồi dưỡng cán bộ chủ chốt cấp xã", g_ku, {}, sel_tiers({"commune"}), 1, 2, 2.0 * static_cast<double>(commune_all),
      0.4);
  add("international_domestic", "Ngoại ngữ, kỹ năng làm việc trong môi trường quốc tế (trong nước)", g_intl, {}, Selector{}, 1, 20,
      static_cast<double>(young_all), 0.25);
  add("international_abroad", "Bồi dưỡng ở nước ngoài", g_intl, {}, pg_province, 1, 80, static_cast<double>(young_province), 0.1);

  // Seats per year: need x rate x seat_scale over the years a start can
  // finish; about one year in twelve has no class, one in eight an extra
  // half class. Budget: a share of what filling every seat would cost.
  double full_cost = 0;
  for (ProgramDef& d : defs) {
    const int open_years = std::max(1, o.years - d.p.duration_years + 1);
    const double base = std::max(1.0, std::round(d.need * d.rate * o.seat_scale / open_years));
    PerYear py;
    py.default_value = base;
    for (Year y = o.start; y + d.p.duration_years - 1 <= end; ++y) {
      const std::uint64_t u = rng.below(100);
      double v = base;
      if (u < 8) v = 0;
      else if (u < 20) v = std::round(base * 1.5);
      if (v != base) py.values[y] = v;
      full_cost += v * d.p.cost_per_year * d.p.duration_years;
    }
    d.p.seats = py;
    s.programs.push_back(std::move(d.p));
  }
  if (o.budget_scale > 0) {
    // ASSUMPTION: the state funds 40% of the training the seats could give.
    s.budget = PerYear::constant(std::round(0.40 * full_cost * o.budget_scale / o.years));
  }
  return NationalParts{std::move(s), std::move(roster)};
}

Scenario national(const NationalOptions& options) {
  NationalParts parts = national_parts(options);
  return Scenario::build(std::move(parts.spec), std::move(parts.roster));
}

}  // namespace cadreplan::synth
