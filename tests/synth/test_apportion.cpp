// Largest-remainder apportionment: exact sums, floor/ceil, ties, errors.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "cadreplan/core/error.hpp"
#include "cadreplan/synth/apportion.hpp"
#include "synth/random.hpp"

using cadreplan::OptionsError;
using cadreplan::Share;
using cadreplan::synth::apportion;
using V = std::vector<std::int64_t>;

TEST(Apportion, SumsExactlyAndEveryCountIsFloorOrCeilOfItsQuota) {
  // Shares w_i / 10000 with integer weights summing to 10000; the exact quota
  // of part i is w_i * total / 10000, so floor and ceil are integer arithmetic.
  cadreplan::synth::detail::Random rng(7);
  for (int trial = 0; trial < 2000; ++trial) {
    const std::size_t k = 1 + rng.below(7);
    std::vector<std::int64_t> w(k, 0);
    std::int64_t left = 10000;
    for (std::size_t i = 0; i + 1 < k; ++i) {
      w[i] = static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(left) + 1));
      left -= w[i];
    }
    w[k - 1] = left;
    std::vector<Share> shares;
    for (auto x : w) shares.push_back(Share::parse(std::to_string(x) + "e-4"));
    const std::int64_t total = static_cast<std::int64_t>(rng.below(100000));
    const V c = apportion(total, shares);
    ASSERT_EQ(c.size(), k);
    std::int64_t sum = 0;
    for (std::size_t i = 0; i < k; ++i) {
      const std::int64_t fl = w[i] * total / 10000;
      const std::int64_t ce = fl + ((w[i] * total) % 10000 != 0 ? 1 : 0);
      EXPECT_TRUE(c[i] == fl || c[i] == ce) << "part " << i << " count " << c[i] << " quota in [" << fl << ", " << ce << "]";
      sum += c[i];
    }
    EXPECT_EQ(sum, total);
  }
}

TEST(Apportion, HaGiangPublishedRows) {
  // BTV 384: 0.4375*384 = 168, 0.5625*384 = 216 (exact).
  EXPECT_EQ(apportion(384, std::vector<double>{0.4375, 0.5625}), (V{168, 216}));
  // Province+district 2,943, professional: 415.8459, 2452.9905, 74.7522 (shares sum to 100.02%).
  // Floors 415 + 2452 + 74 = 2941; the 2 left go to the largest remainders .9905 and .8459.
  EXPECT_EQ(apportion(2943, std::vector<double>{0.1413, 0.8335, 0.0254, 0.0}), (V{416, 2453, 74, 0}));
  // Commune 1,977, professional: 34.0044, 1582.9839, 360.0117 -> floors 1976, +1 to .9839.
  EXPECT_EQ(apportion(1977, std::vector<double>{0.0172, 0.8007, 0.1821, 0.0}), (V{34, 1583, 360, 0}));
  // Province+district, political theory: 862.299, 1865.862, rest 7.3% = 214.839 -> 862, 1866, 215.
  EXPECT_EQ(apportion(2943, std::vector<double>{0.293, 0.634, 0.073}), (V{862, 1866, 215}));
  // Commune, political theory: 106.9557, 1650.0042, rest 11.13% = 220.0401 -> 107, 1650, 220.
  EXPECT_EQ(apportion(1977, std::vector<double>{0.0541, 0.8346, 0.1113}), (V{107, 1650, 220}));
}

TEST(Apportion, UsesTheDecimalAsWrittenNotItsBinaryApproximation) {
  EXPECT_EQ(apportion(100, std::vector<double>{0.07, 0.93}), (V{7, 93}));        // 0.07*100 is 7.000000000000001 in binary
  EXPECT_EQ(apportion(100, std::vector<double>{0.29, 0.71}), (V{29, 71}));       // 28.999999999999996 in binary
  EXPECT_EQ(apportion(1977, std::vector<double>{0.9, 0.1}), (V{1779, 198}));     // 1779.3 and 197.7
}

TEST(Apportion, TiesGoToThePartListedFirst) {
  EXPECT_EQ(apportion(3, std::vector<double>{0.5, 0.5}), (V{2, 1}));
  EXPECT_EQ(apportion(2, std::vector<double>{0.25, 0.25, 0.25, 0.25}), (V{1, 1, 0, 0}));
  // Equal remainders written with different precision are still a tie.
  EXPECT_EQ(apportion(1, std::vector<Share>{Share::parse("0.5"), Share::parse("0.5000")}), (V{1, 0}));
  // A larger remainder beats an earlier part.
  EXPECT_EQ(apportion(1, std::vector<double>{0.4, 0.6}), (V{0, 1}));
}

TEST(Apportion, ZeroSharesAndIntegralQuotasNeverGetAnExtraPerson) {
  EXPECT_EQ(apportion(5, std::vector<double>{0.0, 1.0}), (V{0, 5}));
  EXPECT_EQ(apportion(7, std::vector<double>{0.5, 0.0, 0.5}), (V{4, 0, 3}));
  EXPECT_EQ(apportion(0, std::vector<double>{0.3, 0.7}), (V{0, 0}));
  EXPECT_EQ(apportion(0, std::vector<double>{}), V{});
}

TEST(Apportion, IsDeterministic) {
  const std::vector<double> s{0.123, 0.377, 0.2, 0.3};
  const V a = apportion(987654, s);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(apportion(987654, s), a);
}

TEST(Apportion, RejectsSharesThatCannotBeRoundedToTheTotal) {
  EXPECT_THROW(apportion(10, std::vector<double>{0.5}), OptionsError);        // 5 of 10: nobody takes the other 5
  EXPECT_THROW(apportion(10, std::vector<double>{0.6, 0.6}), OptionsError);   // 12 > 10
  EXPECT_THROW(apportion(3, std::vector<double>{}), OptionsError);
  EXPECT_THROW(apportion(-1, std::vector<double>{1.0}), OptionsError);
  EXPECT_THROW(apportion(10, std::vector<double>{-0.1, 1.1}), OptionsError);
  EXPECT_THROW(apportion(10, std::vector<double>{std::nan(""), 1.0}), OptionsError);
  EXPECT_THROW(apportion(10, std::vector<double>{std::numeric_limits<double>::infinity()}), OptionsError);
  try {
    apportion(10, std::vector<double>{0.6, 0.6});
    FAIL() << "no exception";
  } catch (const OptionsError& e) {
    EXPECT_NE(std::string(e.what()).find("1.2"), std::string::npos) << e.what();  // names the sum of the shares
  }
}
