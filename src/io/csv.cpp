#include "io/csv.hpp"

#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

namespace cadreplan::io::detail {

bool read_file(const std::string& path, std::string& out, std::string& why) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    why = std::strerror(errno);
    return false;
  }
  out.clear();
  char buf[1 << 16];
  std::size_t got;
  while ((got = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, got);
  const bool err = std::ferror(f);
  std::fclose(f);
  if (err) {
    why = "read error (is it a folder?)";
    return false;
  }
  return true;
}

std::string slurp(const std::string& path, const std::string& what, bool for_plan) {
  std::string data, why;
  if (read_file(path, data, why)) return data;
  Problem p{path, 0, what, path, "a readable file", "cannot read the " + what + " file " + path + ": " + why + "; expected a readable file"};
  if (for_plan) throw PlanError("cannot read " + what + " " + path + ": " + why, {p}, 1);
  throw ScenarioError("cannot read " + what + " " + path + ": " + why, {p}, 1);
}

bool valid_utf8(std::string_view s) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* e = p + s.size();
  while (p < e) {
    unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int len;
    unsigned int cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (e - p < len) return false;
    for (int i = 1; i < len; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    p += len;
  }
  return true;
}

bool CsvReader::next(std::vector<std::string>& fields, Diagnostics& diag) {
  fields.clear();
  const std::size_t n = text_.size();
  // Skip blank lines.
  while (pos_ < n && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
    if (text_[pos_] == '\n') ++line_;
    ++pos_;
  }
  if (pos_ >= n) return false;
  record_line_ = line_;
  std::string field;
  while (true) {
    field.clear();
    bool quoted = false;
    if (pos_ < n && text_[pos_] == '"') {
      quoted = true;
      ++pos_;
      const int open_line = line_;
      bool closed = false;
      while (pos_ < n) {
        char ch = text_[pos_];
        if (ch == '"') {
          if (pos_ + 1 < n && text_[pos_ + 1] == '"') {
            field.push_back('"');
            pos_ += 2;
            continue;
          }
          ++pos_;
          closed = true;
          break;
        }
        if (ch == '\n') ++line_;
        field.push_back(ch);
        ++pos_;
      }
      if (!closed) {
        diag.add(Problem{file_, open_line, column_name(fields.size()), shown(field), "a closing quote",
                         "the quoted field in " + column_label(fields.size()) + " opens on this line and is never closed" +
                             "; expected a closing quote (a quote inside a quoted field is written twice: \"\")"});
        fields.push_back(std::move(field));
        pos_ = n;
        return true;
      }
      // After the closing quote: a separator, a line end, or the end.
      if (pos_ < n && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r') {
        diag.add(Problem{file_, line_, column_name(fields.size()), shown(std::string_view(text_).substr(pos_, 1)),
                         "',' or a line end",
                         "there is text ('" + shown(std::string_view(text_).substr(pos_, 1)) + "') after the closing quote in " +
                             column_label(fields.size()) + "; expected ',' or the end of the line (a quote inside a quoted "
                             "field is written twice: \"\")"});
        while (pos_ < n && text_[pos_] != ',' && text_[pos_] != '\n') ++pos_;
      }
    } else {
      std::size_t b = pos_;
      while (pos_ < n && text_[pos_] != ',' && text_[pos_] != '\n') ++pos_;
      std::size_t e = pos_;
      if (e > b && text_[e - 1] == '\r' && (pos_ >= n || text_[pos_] == '\n')) --e;
      field.assign(text_.data() + b, e - b);
      if (field.find('"') != std::string::npos)
        diag.add(Problem{file_, line_, column_name(fields.size()), shown(field), "a field without quotes, or fully quoted",
                         "the unquoted text '" + shown(field) + "' in " + column_label(fields.size()) +
                             " holds a quote; expected a field without quotes, or one fully enclosed in quotes with "
                             "inner quotes doubled (\"\")"});
    }
    (void)quoted;
    if (!valid_utf8(field)) {
      const std::string seen = shown(field);
      diag.add(Problem{file_, line_, column_name(fields.size()), seen, "UTF-8 text",
                       "the text '" + seen + "' in " + column_label(fields.size()) +
                           " is not UTF-8; expected UTF-8 text (save the file as UTF-8; Latin-1 or Windows-1258 "
                           "exports break Vietnamese names)"});
    }
    fields.push_back(std::move(field));
    if (pos_ < n && text_[pos_] == ',') {
      ++pos_;
      continue;
    }
    if (pos_ < n && text_[pos_] == '\r') ++pos_;
    if (pos_ < n && text_[pos_] == '\n') {
      ++pos_;
      ++line_;
    }
    return true;
  }
}

std::string CsvReader::column_name(std::size_t i) const {
  if (header.empty()) return field_prefix + "header";
  if (i < header.size() && !header[i].empty()) return field_prefix + header[i];
  return field_prefix + "column " + std::to_string(i + 1);
}

std::string CsvReader::column_label(std::size_t i) const {
  std::string out = "column " + std::to_string(i + 1);
  if (i < header.size() && !header[i].empty()) out += " ('" + header[i] + "')";
  return out;
}

bool CsvReader::all_blank(const std::vector<std::string>& fields) noexcept {
  for (const auto& f : fields)
    if (!trim(f).empty()) return false;
  return true;
}

char CsvReader::foreign_separator(const std::vector<std::string>& header) noexcept {
  if (header.size() != 1) return 0;
  for (char sep : {';', '\t'})
    if (header[0].find(sep) != std::string::npos) return sep;
  return 0;
}

void CsvReader::report_separator(const std::vector<std::string>& header, char sep, Diagnostics& diag) const {
  const std::string name = sep == ';' ? "';'" : "tabs";
  diag.add(Problem{file_, record_line_, field_prefix + "header", shown(header.empty() ? "" : header[0]),
                   "comma-separated values",
                   "the header '" + shown(header.empty() ? "" : header[0]) + "' is separated by " + name +
                       ", not commas; expected comma-separated values (save as \"CSV UTF-8 (comma delimited)\")"});
}

std::string CsvReader::shown(std::string_view s) {
  std::string out;
  const bool utf8 = valid_utf8(s);
  for (std::size_t i = 0; i < s.size() && i < 60; ++i) {
    const auto ch = static_cast<unsigned char>(s[i]);
    if (ch >= 0x20 && (ch < 0x80 || utf8)) {
      out.push_back(static_cast<char>(ch));
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", ch);
      out += hex;
    }
  }
  if (s.size() > 60) {
    if (utf8)  // do not cut a character in two
      while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
    if (utf8 && !out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
    out += "...";
  }
  return out;
}

void csv_field(std::string& out, std::string_view field) {
  bool quote = field.find_first_of(",\"\n\r") != std::string_view::npos ||
               (!field.empty() && (field.front() == ' ' || field.back() == ' '));
  if (!quote) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (char ch : field) {
    if (ch == '"') out.push_back('"');
    out.push_back(ch);
  }
  out.push_back('"');
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool parse_int(std::string_view s, long long& out) noexcept {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

bool parse_number(std::string_view s, double& out) noexcept {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out, std::chars_format::general);
  return ec == std::errc() && p == s.data() + s.size();
}

void write_file_atomic(const std::string& path, std::string_view content) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  const std::string tmp = path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(rng() % 1000000);
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) throw Error("cannot write " + path + ": " + std::strerror(errno));
  bool ok = std::fwrite(content.data(), 1, content.size(), f) == content.size();
  ok = (std::fflush(f) == 0) && ok;
  ok = (::fsync(::fileno(f)) == 0 || errno == EINVAL) && ok;
  ok = (std::fclose(f) == 0) && ok;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    std::remove(tmp.c_str());
    throw Error("cannot write " + path + ": " + why);
  }
}

}  // namespace cadreplan::io::detail
