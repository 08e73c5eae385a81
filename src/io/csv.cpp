#include "io/csv.hpp"

#include <fcntl.h>
#include <sys/stat.h>
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
  // O_NONBLOCK: opening a named pipe must not wait for a writer; the mode is
  // checked on the open file, so it cannot change between check and read.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    why = std::strerror(errno);
    return false;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    why = std::strerror(errno);
    ::close(fd);
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    why = S_ISDIR(st.st_mode) ? "it is a folder, not a file"
                              : "it is not a regular file (a device, a pipe or a socket is not read)";
    ::close(fd);
    return false;
  }
  out.clear();
  if (st.st_size > 0) out.reserve(static_cast<std::size_t>(st.st_size));
  char buf[1 << 16];
  while (true) {
    const ssize_t got = ::read(fd, buf, sizeof buf);
    if (got > 0) {
      out.append(buf, static_cast<std::size_t>(got));
    } else if (got == 0) {
      break;
    } else if (errno != EINTR) {
      why = std::string("read error: ") + std::strerror(errno);
      ::close(fd);
      return false;
    }
  }
  ::close(fd);
  return true;
}

std::string foreign_encoding(std::string_view text) {
  auto starts = [&](std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; };
  using namespace std::string_view_literals;
  if (starts("\xFF\xFE\x00\x00"sv) || starts("\x00\x00\xFE\xFF"sv))
    return "the file is UTF-32 text (it starts with a UTF-32 byte-order mark)";
  if (starts("\xFF\xFE"sv) || starts("\xFE\xFF"sv))
    return "the file is UTF-16 text (it starts with a UTF-16 byte-order mark; spreadsheets write it as \"Unicode Text\")";
  return "";
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

namespace {
/// The position of the first control character of a cell (a byte below 0x20
/// other than a tab; a quoted cell may also hold line ends), or npos.
std::size_t control_char(std::string_view field, bool quoted) noexcept {
  for (std::size_t i = 0; i < field.size(); ++i) {
    const auto ch = static_cast<unsigned char>(field[i]);
    if (ch >= 0x20 || ch == '\t') continue;
    if (quoted && (ch == '\n' || ch == '\r')) continue;
    return i;
  }
  return std::string_view::npos;
}
}  // namespace

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
    if (field.size() > kMaxTextBytes) {
      const std::string seen = shown(field);
      diag.add(Problem{file_, line_, column_name(fields.size()), seen, "at most " + std::to_string(kMaxTextBytes) + " bytes",
                       "the text '" + seen + "' in " + column_label(fields.size()) + " is " + std::to_string(field.size()) +
                           " bytes long; expected at most " + std::to_string(kMaxTextBytes) +
                           " bytes in one cell (is a line end or a quote missing?)"});
      field.resize(60);  // enough for later messages; the row is reported already
      while (!field.empty() && (static_cast<unsigned char>(field.back()) & 0xC0) == 0x80) field.pop_back();
      if (!field.empty() && static_cast<unsigned char>(field.back()) >= 0xC0) field.pop_back();
    } else if (!valid_utf8(field)) {
      const std::string seen = shown(field);
      diag.add(Problem{file_, line_, column_name(fields.size()), seen, "UTF-8 text",
                       "the text '" + seen + "' in " + column_label(fields.size()) +
                           " is not UTF-8; expected UTF-8 text (save the file as UTF-8; Latin-1 or Windows-1258 "
                           "exports break Vietnamese names)"});
    } else if (auto bad = control_char(field, quoted); bad != std::string::npos && !(field[bad] == '\r' && lone_cr_seen_)) {
      const std::string seen = shown(field);
      const bool lone_cr = field[bad] == '\r';
      lone_cr_seen_ = lone_cr_seen_ || lone_cr;  // once per file: each line would say it again
      diag.add(Problem{file_, line_, column_name(fields.size()), seen, lone_cr ? "LF or CRLF line ends" : "text without control characters",
                       lone_cr ? "the text '" + seen + "' in " + column_label(fields.size()) +
                                     " holds a carriage return that ends no line (classic Mac OS line ends?); expected LF "
                                     "or CRLF line ends (save as \"CSV UTF-8\")"
                               : "the text '" + seen + "' in " + column_label(fields.size()) +
                                     " holds a control character; expected text without control characters (is it a "
                                     "binary or UTF-16 file?)"});
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

namespace {

/// Writes @p content to a fresh temporary file next to @p path and returns
/// its name. @throws Error naming @p path; nothing is left behind then.
std::string write_temporary(const std::string& path, std::string_view content) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  for (int attempt = 0;; ++attempt) {
    const std::string tmp = path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(rng() % 1000000);
    // O_EXCL: never write through a file (or a link) that is already there.
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
      if (errno == EEXIST && attempt < 100) continue;
      throw Error("cannot write " + path + ": " + std::strerror(errno));
    }
    const char* p = content.data();
    std::size_t left = content.size();
    int err = 0;
    while (left > 0) {
      const ssize_t w = ::write(fd, p, left);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) {
        err = w < 0 ? errno : EIO;
        break;
      }
      p += w;
      left -= static_cast<std::size_t>(w);
    }
    if (err == 0 && ::fsync(fd) != 0 && errno != EINVAL) err = errno;
    if (::close(fd) != 0 && err == 0) err = errno;
    if (err != 0) {
      ::unlink(tmp.c_str());
      throw Error("cannot write " + path + ": " + std::strerror(err));
    }
    return tmp;
  }
}

}  // namespace

void write_file_atomic(const std::string& path, std::string_view content) {
  const std::string tmp = write_temporary(path, content);
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    throw Error("cannot write " + path + ": " + why);
  }
}

void write_files_atomic(const std::vector<std::pair<std::string, std::string>>& files) {
  // A target that is a folder would fail its rename after others succeeded.
  for (const auto& f : files) {
    struct stat st {};
    if (::stat(f.first.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
      throw Error("cannot write " + f.first + ": it is a folder");
  }
  std::vector<std::string> tmps;
  tmps.reserve(files.size());
  try {
    for (const auto& [path, content] : files) tmps.push_back(write_temporary(path, content));
  } catch (...) {
    for (const auto& t : tmps) ::unlink(t.c_str());
    throw;
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (std::rename(tmps[i].c_str(), files[i].first.c_str()) != 0) {
      // Only a rename can fail here (the target is a folder, say): leave the
      // earlier files in place, remove the rest.
      const std::string why = std::strerror(errno);
      for (std::size_t j = i; j < tmps.size(); ++j) ::unlink(tmps[j].c_str());
      throw Error("cannot write " + files[i].first + ": " + why);
    }
  }
}

}  // namespace cadreplan::io::detail
