// SPDX-License-Identifier: MIT
// Files the programs read and write for their users: input documents, stdin, output files.
#pragma once

#include <feedback/util/output.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace feedback::cli {

// The whole of standard input. Throws Error(io_error) if it cannot be read.
std::string read_stdin();

// The whole of the file at `path`. Throws Error(no_input), "cannot read `name`: <why>", if it
// cannot be opened.
std::string read_file(const std::string& path, std::string_view name);

// The whole of `path`, or of standard input for "-".
std::string read_input(const std::string& path);

// Writes `text` to `path`, replacing it. Throws Error(cant_create) if it cannot be created and
// Error(io_error) if the text cannot be written.
void write_file(const std::string& path, std::string_view text);

// Writes `text` to `path` through a hidden temporary file renamed into place, so that a job
// reading the directory never sees half a file. Throws as write_file does.
void write_file_atomic(const std::filesystem::path& path, std::string_view text);

// One file of a split listing: the group's name (a service, an officer, a member) and its text.
struct SplitFile
{
  std::string name;
  std::string text;
};

// Writes each of `files` into directory `dir` (created if missing) as a file named after it
// (nothing that could climb out of the directory or upset a mail script; a second group with
// the same safe name gets "-2"), with the extension of `format`, and prints each path written.
// Throws Error(cant_create) if the directory cannot be made, and as write_file_atomic does.
void write_split(const std::string& dir, Format format, const std::vector<SplitFile>& files);

} // namespace feedback::cli
