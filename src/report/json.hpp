// Internal: a small JSON writer (objects, arrays, strings, numbers, null).
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cadreplan::report::detail {

class Json {
 public:
  Json& begin_object() { sep(); out_ += '{'; first_ = true; ++depth_; return *this; }
  Json& end_object() { --depth_; newline(); out_ += '}'; first_ = false; return *this; }
  Json& begin_array() { sep(); out_ += '['; first_ = true; ++depth_; return *this; }
  Json& end_array() { --depth_; newline(); out_ += ']'; first_ = false; return *this; }
  Json& key(std::string_view k) {
    sep();
    string_raw(k);
    out_ += ": ";
    after_key_ = true;
    return *this;
  }
  Json& value(std::string_view s) { sep(); string_raw(s); return *this; }
  Json& value(const char* s) { return value(std::string_view(s)); }
  Json& value(bool b) { sep(); out_ += b ? "true" : "false"; return *this; }
  Json& value(std::int64_t v) { sep(); out_ += std::to_string(v); return *this; }
  Json& value(int v) { return value(static_cast<std::int64_t>(v)); }
  Json& value(std::uint64_t v) { sep(); out_ += std::to_string(v); return *this; }
  Json& value(double v) {
    sep();
    if (!std::isfinite(v)) {
      out_ += "null";
      return *this;
    }
    char buf[64];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, p);
    return *this;
  }
  Json& value(std::optional<double> v) {
    if (v) return value(*v);
    sep();
    out_ += "null";
    return *this;
  }
  Json& null() { sep(); out_ += "null"; return *this; }
  std::string str() const { return out_ + "\n"; }

 private:
  void newline() {
    out_ += '\n';
    out_.append(static_cast<std::size_t>(depth_) * 2, ' ');
  }
  void sep() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (depth_ > 0) {
      if (!first_) out_ += ',';
      newline();
    }
    first_ = false;
  }
  void string_raw(std::string_view s) {
    out_ += '"';
    for (unsigned char ch : s) {
      switch (ch) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\n': out_ += "\\n"; break;
        case '\r': out_ += "\\r"; break;
        case '\t': out_ += "\\t"; break;
        default:
          if (ch < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", ch);
            out_ += buf;
          } else {
            out_ += static_cast<char>(ch);
          }
      }
    }
    out_ += '"';
  }
  std::string out_;
  int depth_ = 0;
  bool first_ = true;
  bool after_key_ = false;
};

}  // namespace cadreplan::report::detail
