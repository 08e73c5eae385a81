// Internal: a fast RFC 4180 CSV reader that knows its line numbers, and a
// writer. UTF-8 is validated field by field; a UTF-8 byte-order mark and CRLF
// line ends are accepted (both are what spreadsheet exports produce).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cadreplan/core/error.hpp"

namespace cadreplan::io::detail {

/// The longest text read in one CSV cell or one YAML scalar (an id, a name, a
/// level, a number): longer ones are reported, not read (a 10 MB "id" is a
/// broken export, and would be echoed into every plan and report).
inline constexpr std::size_t kMaxTextBytes = 1024;

/// Reads a whole file into @p out; false with the reason in @p why when it
/// cannot be opened or read, or is not a regular file (a folder, a device such
/// as /dev/zero, a pipe: never read, so a read cannot block or run forever).
bool read_file(const std::string& path, std::string& out, std::string& why);

/// A sentence saying why @p text is not UTF-8 at all ("the file is UTF-16
/// text (it starts with a UTF-16 byte-order mark)"), or "" when it may be.
std::string foreign_encoding(std::string_view text);

/// Reads a whole file into memory. @throws E (a located InputError) when it
/// cannot be opened or read, naming @p what ("roster", "plan").
std::string slurp(const std::string& path, const std::string& what, bool for_plan);

/// Iterates the records of a CSV text.
class CsvReader {
 public:
  CsvReader(std::string_view text, std::string file) : text_(text), file_(std::move(file)) {
    if (text_.size() >= 3 && static_cast<unsigned char>(text_[0]) == 0xEF &&
        static_cast<unsigned char>(text_[1]) == 0xBB && static_cast<unsigned char>(text_[2]) == 0xBF)
      pos_ = 3;
  }
  /// Reads the next record into @p fields; false at the end of the text.
  /// Blank lines are skipped. Problems (an unterminated quote, bytes that are
  /// not UTF-8) are added to @p diag, naming the line and the column.
  bool next(std::vector<std::string>& fields, Diagnostics& diag);
  /// The 1-based line where the last record returned started.
  int line() const noexcept { return record_line_; }
  const std::string& file() const noexcept { return file_; }
  /// Column names for messages, set by the caller after the header.
  std::vector<std::string> header;
  /// Prefix of the Problem::field of a cell ("roster." gives "roster.tier").
  std::string field_prefix;

  /// The text of a cell for a message: bytes that are not UTF-8 (or control
  /// characters) as \xNN, at most 60 bytes.
  static std::string shown(std::string_view s);
  /// "column 4 ('tier')", for messages.
  std::string column_label(std::size_t i) const;
  /// Whether every cell of a record is empty or blanks: spreadsheets export an
  /// empty row as ",,,,", which readers skip like a blank line.
  static bool all_blank(const std::vector<std::string>& fields) noexcept;
  /// ';' or '\t' when a header read as a single column is separated by that
  /// character instead of commas (a locale's "CSV" export), else 0.
  static char foreign_separator(const std::vector<std::string>& header) noexcept;
  /// Adds the Problem for a header separated by @p sep instead of commas.
  void report_separator(const std::vector<std::string>& header, char sep, Diagnostics& diag) const;

 private:
  /// The Problem::field of cell @p i: prefix + header name ("prefix" + "header"
  /// while the header itself is read).
  std::string column_name(std::size_t i) const;
  std::string_view text_;
  std::string file_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int record_line_ = 0;
  bool lone_cr_seen_ = false;
};

/// Whether @p s is valid UTF-8.
bool valid_utf8(std::string_view s) noexcept;

/// Appends @p field to @p out, quoted when it must be.
void csv_field(std::string& out, std::string_view field);

/// Trims ASCII spaces and tabs.
std::string_view trim(std::string_view s) noexcept;

/// Strict integer parse of a whole string (after trimming); false otherwise.
bool parse_int(std::string_view s, long long& out) noexcept;
/// Strict number parse (decimal or scientific) of a whole string; false otherwise.
bool parse_number(std::string_view s, double& out) noexcept;

/// Writes @p content to @p path atomically: a temporary file in the same
/// folder, flushed, then renamed over the target. On failure the target is
/// untouched and the temporary removed. @throws Error naming the path.
void write_file_atomic(const std::string& path, std::string_view content);

/// Writes several files as one output: every file to a temporary file in its
/// folder first; only when all are complete are they renamed into place. On a
/// failure no target is touched and every temporary is removed.
/// @throws Error naming the path.
void write_files_atomic(const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace cadreplan::io::detail
