// SPDX-License-Identifier: MIT
// feedback-import: bring a legacy export (CSV, JSON Lines, JSON) into the database as cases,
// as a mapping file says; safe to run again on the same or a newer export (docs/import.md).
#include "cli_files.hpp"
#include "cli_support.hpp"

#include <feedback/import/importer.hpp>
#include <feedback/storage/database.hpp>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

namespace {

using namespace feedback;

struct ImportCliOptions
{
  cli::CommonOptions common;
  std::string file;
  std::string mapping;
  std::string source;
  std::string format;
  std::string on_error = "stop";
  std::string reject_file;
  std::string officer;
  bool dry_run = false;
  bool create_services = false;
};

// Owns a FILE* and closes it.
struct FileCloser
{
  void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

// The reject file, removed again unless keep() was called: a run that rejected nothing, or
// that failed part-way (its database unchanged), leaves none behind for the next run to trip on.
class RejectFile
{
public:
  RejectFile() = default;
  RejectFile(FilePtr file, std::string path) : m_file(std::move(file)), m_path(std::move(path)) {}
  ~RejectFile()
  {
    if (m_file) {
      m_file.reset();
      if (!m_keep) {
        ::unlink(m_path.c_str());
      }
    }
  }
  RejectFile(RejectFile&&) = default;
  RejectFile& operator=(RejectFile&&) = default;

  std::FILE* get() const noexcept { return m_file.get(); }
  explicit operator bool() const noexcept { return m_file != nullptr; }
  void keep() noexcept { m_keep = true; }

private:
  FilePtr m_file;
  std::string m_path;
  bool m_keep = false;
};

// Rejected rows hold personal data: the file is made new, readable by its owner only, and never
// over anything that is there (a file, which might be another's, or a link to one).
RejectFile
create_reject_file(const std::string& path)
{
  const int fd =
      ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, S_IRUSR | S_IWUSR);
  if (fd < 0) {
    const int err = errno;
    if (err == EEXIST) {
      throw Error(ExitCode::cant_create,
                  fmt::format("the reject file {} exists already: it is never overwritten (move "
                              "it away, or name another)",
                              path));
    }
    throw Error(ExitCode::cant_create,
                fmt::format("cannot create the reject file {}: {}", path, std::strerror(err)));
  }
  // The mode asked for is reduced by the umask: 0600 whatever it is.
  std::FILE* f = ::fchmod(fd, S_IRUSR | S_IWUSR) == 0 ? ::fdopen(fd, "wb") : nullptr;
  if (f == nullptr) {
    const int err = errno;
    ::close(fd);
    ::unlink(path.c_str());
    throw Error(ExitCode::cant_create,
                fmt::format("cannot create the reject file {}: {}", path, std::strerror(err)));
  }
  return RejectFile(FilePtr(f), path);
}

// Problems on stderr as FILE:LINE: field: problem; the reject file; the progress bar when
// stderr is a terminal (rows, rows/s and, for a file, how far through it and the time left).
class CliSink : public ImportSink
{
public:
  CliSink(std::string file, std::FILE* reject, std::uint64_t total_bytes, bool json_array)
      : m_file(std::move(file)), m_reject(reject), m_total(total_bytes), m_json_array(json_array),
        m_tty(isatty(STDERR_FILENO) == 1), m_start(std::chrono::steady_clock::now())
  {
    // Test-only (tests/cli/test_import.sh): kill the process, as a crash would, once this many
    // records were read: the database must be as it was before the import.
    if (const char* env = std::getenv("FEEDBACK_IMPORT_TEST_KILL_AFTER")) {
      m_kill_after = std::strtoull(env, nullptr, 10);
    }
  }

  void problem(const ImportProblem& p) override
  {
    clear_bar();
    if (m_json_array) {
      fmt::print(stderr, "{}:{}: {}: {} (record {})\n", m_file, p.line, p.field, p.problem,
                 p.record);
    } else {
      fmt::print(stderr, "{}:{}: {}: {}\n", m_file, p.line, p.field, p.problem);
    }
  }

  void reject(std::string_view bytes) override
  {
    if (m_reject != nullptr &&
        std::fwrite(bytes.data(), 1, bytes.size(), m_reject) != bytes.size()) {
      throw Error(ExitCode::io_error,
                  fmt::format("cannot write the reject file: {}", std::strerror(errno)));
    }
  }

  void progress(const ImportProgress& p) override
  {
    if (m_kill_after != 0 && p.records >= m_kill_after) {
      std::raise(SIGKILL);
    }
    if (!m_tty) {
      return;
    }
    const auto now = std::chrono::steady_clock::now();
    if (now - m_last < std::chrono::milliseconds(100)) {
      return;
    }
    m_last = now;
    const double seconds = std::chrono::duration<double>(now - m_start).count();
    const double rate = seconds > 0 ? static_cast<double>(p.records) / seconds : 0.0;
    std::string line = fmt::format("\r{:>12} rows  {:>9.0f} rows/s", p.records, rate);
    if (m_total > 0 && p.bytes > 0) {
      const double done =
          std::min(1.0, static_cast<double>(p.bytes) / static_cast<double>(m_total));
      const int width = 24;
      const int filled = static_cast<int>(done * width);
      const double eta = done > 0 ? seconds * (1.0 - done) / done : 0.0;
      line += fmt::format(
          "  [{}{}] {:3.0f}%  ETA {:.0f} s", std::string(static_cast<std::size_t>(filled), '#'),
          std::string(static_cast<std::size_t>(width - filled), ' '), done * 100, eta);
    }
    fmt::print(stderr, "{}\033[K", line);
    m_drawn = true;
  }

  // An error leaves the terminal's line clean for its message.
  ~CliSink() override { clear_bar(); }
  CliSink(const CliSink&) = delete;
  CliSink& operator=(const CliSink&) = delete;

  void clear_bar()
  {
    if (m_drawn) {
      std::fputs("\r\033[K", stderr); // not fmt::print: this runs in the destructor too
      m_drawn = false;
    }
  }

private:
  std::string m_file;
  std::FILE* m_reject;
  std::uint64_t m_total;
  bool m_json_array;
  bool m_tty;
  bool m_drawn = false;
  std::uint64_t m_kill_after = 0;
  std::chrono::steady_clock::time_point m_start;
  std::chrono::steady_clock::time_point m_last{};
};

std::optional<InputFormat>
parse_format(const std::string& value)
{
  if (value.empty()) {
    return std::nullopt;
  }
  if (value == "csv") {
    return InputFormat::csv;
  }
  if (value == "jsonl") {
    return InputFormat::json_lines;
  }
  if (value == "json") {
    return InputFormat::json;
  }
  throw Error(ExitCode::usage,
              fmt::format("--format: unknown format '{}' (expected csv, jsonl or json)", value));
}

int
run_import(const ImportCliOptions& opt)
{
  const auto format = parse_format(opt.format);
  const auto mapping =
      parse_mapping(cli::read_file(opt.mapping, "the mapping " + opt.mapping), opt.mapping);

  FilePtr owned;
  std::FILE* input = stdin;
  std::uint64_t total_bytes = 0;
  if (opt.file != "-") {
    owned.reset(std::fopen(opt.file.c_str(), "rb"));
    if (!owned) {
      throw Error(ExitCode::no_input,
                  fmt::format("cannot open {}: {}", opt.file, std::strerror(errno)));
    }
    input = owned.get();
    struct stat info = {};
    if (::fstat(fileno(input), &info) == 0 && S_ISREG(info.st_mode)) {
      total_bytes = static_cast<std::uint64_t>(info.st_size);
    }
  }

  auto db = cli::open_existing(opt.common);

  RejectFile reject;
  if (!opt.reject_file.empty()) {
    reject = create_reject_file(opt.reject_file);
  }

  ImportOptions options;
  options.file_name = opt.file;
  options.format = format;
  options.source = opt.source;
  options.on_error = opt.on_error == "skip" ? OnError::skip : OnError::stop;
  options.dry_run = opt.dry_run;
  options.create_services = opt.create_services;
  options.officer = cli::make_actor(opt.officer, cli::default_officer("import")).officer;
  options.now = cli::utc_now();
  options.today = cli::today();

  const auto effective = format           ? format
                         : mapping.format ? mapping.format
                                          : format_from_file_name(opt.file);
  StreamSource source(input, opt.file == "-" ? "standard input" : opt.file);
  CliSink sink(opt.file, reject.get(), total_bytes, effective == InputFormat::json);
  const auto result = import_records(db, mapping, source, options, sink);
  sink.clear_bar();
  if (reject && std::fflush(reject.get()) != 0) {
    throw Error(ExitCode::io_error, fmt::format("cannot write the reject file {}: {}",
                                                opt.reject_file, std::strerror(errno)));
  }

  if (result.rejected > 0) {
    reject.keep();
  }

  const auto what = mapping.events_only ? fmt::format("{} records of events", result.records)
                    : mapping.group_by
                        ? fmt::format("{} records, {} cases", result.records, result.cases)
                        : fmt::format("{} records", result.records);
  fmt::print("{} (source {}, {}): {}: {} added, {} updated, {} unchanged, {} rejected\n", opt.file,
             result.source, format_name(result.format), what, result.added, result.updated,
             result.unchanged, result.rejected);
  if (!result.created_services.empty()) {
    std::string codes;
    for (const auto& c : result.created_services) {
      codes += (codes.empty() ? "" : ", ") + c;
    }
    fmt::print("{} services{}: {}\n", result.created_services.size(),
               result.written ? " created" : " would be created", codes);
  }
  if (opt.dry_run) {
    fmt::print("dry run: nothing was written\n");
  } else if (!result.written) {
    fmt::print("nothing was written: {} bad record{} (fix {}, or import the good ones with "
               "--on-error skip)\n",
               result.rejected, result.rejected == 1 ? "" : "s",
               result.rejected == 1 ? "it" : "them");
  }
  if (result.rejected > 0) {
    std::fflush(stdout);
    fmt::print(stderr, "feedback-import: error: {} of {} records rejected{}\n", result.rejected,
               result.records,
               !opt.reject_file.empty() ? fmt::format(" (written to {})", opt.reject_file) : "");
    return static_cast<int>(ExitCode::data_error);
  }
  return 0;
}

void
add_options(CLI::App& app, ImportCliOptions& opt)
{
  cli::add_db_option(app, opt.common);
  app.add_option("FILE", opt.file, "The export: .csv, .jsonl or .json ('-': standard input)")
      ->required();
  app.add_option("--mapping", opt.mapping, "The mapping file (see docs/import.md)")->required();
  app.add_option("--source", opt.source,
                 "Name of the old system (default: the mapping's \"source\")");
  static constexpr std::string_view k_input_formats[] = {"csv", "jsonl", "json"};
  static constexpr std::string_view k_on_error[] = {"stop", "skip"};
  cli::choices(app.add_option("--format", opt.format,
                              "csv, jsonl or json (default: the mapping's, else by "
                              "the file's name)"),
               k_input_formats);
  cli::choices(app.add_option("--on-error", opt.on_error,
                              "stop: a bad record refuses the whole file (default); skip: import "
                              "the good records"),
               k_on_error);
  app.add_option("--reject-file", opt.reject_file,
                 "Write the bad records here, unchanged, with the reasons (a new file, mode 0600; "
                 "removed again when no record was rejected)");
  app.add_flag("--dry-run", opt.dry_run, "Check and count everything, write nothing");
  app.add_flag("--create-services", opt.create_services,
               "Create services the database does not have (else they are bad records)");
  app.add_option("--officer", opt.officer, "Recorded on the audit events (default: $USER)");
}

} // namespace

int
main(int argc, char** argv)
{
  CLI::App app{"Import cases from a legacy export (CSV, JSON Lines or JSON)", "feedback-import"};
  ImportCliOptions opt;
  add_options(app, opt);
  return feedback::cli::run(app, argc, argv, [&] { return run_import(opt); });
}
