#include <gtest/gtest.h>

#include <cmath>

#include "cadreplan/core/types.hpp"

using cadreplan::Share;

TEST(Share, RequiredIsExactCeilOnTheDecimalAsWritten) {
  EXPECT_EQ(Share::parse("0.9").required(1977), 1780);  // 1779.3 -> 1780
  EXPECT_EQ(Share::parse("0.07").required(100), 7);     // 7.000000000000001 in binary; exactly 7
  EXPECT_EQ(Share::parse("0.6").required(384), 231);    // 230.4 -> 231
  EXPECT_EQ(Share::parse("1").required(2943), 2943);
  EXPECT_EQ(Share::parse("1.0").required(5), 5);
  EXPECT_EQ(Share::parse("0").required(5), 0);
  EXPECT_EQ(Share::parse("0.15").required(0), 0);
  EXPECT_EQ(Share::parse("0.29").required(100), 29);  // 28.999999999999996 in binary
  EXPECT_EQ(Share::parse("0.5").required(3), 2);      // 1.5 -> 2
}

TEST(Share, ParsesDecimalForms) {
  EXPECT_EQ(Share::parse(".25").text(), "0.25");
  EXPECT_EQ(Share::parse("1e-1").text(), "0.1");
  EXPECT_EQ(Share::parse("90e-2").text(), "0.9");
  EXPECT_EQ(Share::parse("0.9000").text(), "0.9");
  EXPECT_EQ(Share::parse("+0.5").text(), "0.5");
  EXPECT_EQ(Share::parse("-0.5").text(), "-0.5");
  EXPECT_EQ(Share::parse("0.000000000000000001").required(1), 1);
  EXPECT_EQ(Share::parse("0.9"), Share::parse("0.90"));
}

TEST(Share, RejectsWhatIsNotADecimal) {
  for (const char* bad : {"", "abc", "90%", "0.9.1", "1e", "0x10", "nan", "1/2", "0.1234567890123456789"})
    EXPECT_THROW(Share::parse(bad), std::invalid_argument) << bad;
}

TEST(Share, FromDoubleUsesTheShortestDecimal) {
  EXPECT_EQ(Share::from_double(0.9).text(), "0.9");
  EXPECT_EQ(Share::from_double(0.07).required(100), 7);
  EXPECT_EQ(Share::from_double(1.0).text(), "1");
  EXPECT_THROW(Share::from_double(std::nan("")), std::invalid_argument);
}
