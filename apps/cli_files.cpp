// SPDX-License-Identifier: MIT
#include "cli_files.hpp"

#include <feedback/util/error.hpp>

#include <fmt/core.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

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

} // namespace feedback::cli
