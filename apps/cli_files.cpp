// SPDX-License-Identifier: MIT
#include "cli_files.hpp"

#include <feedback/util/error.hpp>

#include <fmt/core.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>

namespace feedback::cli {

std::string
read_stdin()
{
  std::string text;
  char buf[65536];
  for (std::size_t got; (got = std::fread(buf, 1, sizeof buf, stdin)) > 0;) {
    text.append(buf, got);
  }
  if (std::ferror(stdin)) {
    throw Error(ExitCode::io_error, "cannot read standard input");
  }
  return text;
}

std::string
read_file(const std::string& path, std::string_view name)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error(ExitCode::no_input, fmt::format("cannot read {}: {}", name, std::strerror(errno)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string
read_input(const std::string& path)
{
  return path == "-" ? read_stdin() : read_file(path, path);
}

void
write_file(const std::string& path, std::string_view text)
{
  std::FILE* out = std::fopen(path.c_str(), "wb");
  if (out == nullptr) {
    throw Error(ExitCode::cant_create,
                fmt::format("cannot create {}: {}", path, std::strerror(errno)));
  }
  const bool written = std::fwrite(text.data(), 1, text.size(), out) == text.size();
  // fclose flushes: its failure is a failed write too.
  if (std::fclose(out) != 0 || !written) {
    throw Error(ExitCode::io_error, fmt::format("cannot write {}", path));
  }
}

void
write_file_atomic(const std::filesystem::path& path, std::string_view text)
{
  auto tmp = path;
  tmp.replace_filename("." + path.filename().string() + ".tmp");
  std::FILE* out = std::fopen(tmp.c_str(), "wb");
  if (out == nullptr) {
    throw Error(ExitCode::cant_create,
                fmt::format("cannot create {}: {}", tmp.string(), std::strerror(errno)));
  }
  const bool written = std::fwrite(text.data(), 1, text.size(), out) == text.size();
  if (std::fclose(out) != 0 || !written) {
    std::remove(tmp.c_str());
    throw Error(ExitCode::io_error, fmt::format("cannot write {}", tmp.string()));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    std::remove(tmp.c_str());
    throw Error(ExitCode::cant_create,
                fmt::format("cannot create {}: {}", path.string(), std::strerror(err)));
  }
}

namespace {

// A file name from a service code, an officer's or a member's name.
std::string
safe_file_name(std::string_view name)
{
  std::string out;
  for (const char ch : name) {
    const bool keep = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
                      (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-';
    out += keep ? ch : '_';
  }
  if (out.empty() || out.front() == '.') {
    out.insert(out.begin(), '_'); // never a hidden file, never "." or ".."
  }
  return out;
}

std::string_view
extension(Format format)
{
  switch (format) {
  case Format::csv:
    return "csv";
  case Format::json:
    return "json";
  case Format::markdown:
    return "md";
  case Format::table:
    break;
  }
  return "txt";
}

} // namespace

void
write_split(const std::string& dir, Format format, const std::vector<SplitFile>& files)
{
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) {
    throw Error(ExitCode::cant_create,
                fmt::format("cannot create directory {}: {}", dir,
                            ec ? ec.message() : "a file of that name exists"));
  }
  std::set<std::string> used;
  for (const auto& f : files) {
    const std::string base = safe_file_name(f.name);
    // Two groups can map to one name ("a/b" and "a_b"): neither may overwrite the other.
    std::string name = fmt::format("{}.{}", base, extension(format));
    for (int n = 2; used.count(name) != 0; ++n) {
      name = fmt::format("{}-{}.{}", base, n, extension(format));
    }
    used.insert(name);
    const auto path = std::filesystem::path(dir) / name;
    write_file_atomic(path, f.text);
    fmt::print("{}\n", path.string());
  }
}

} // namespace feedback::cli
