// SPDX-License-Identifier: MIT
// bench_calendar: times the working-day calendar of the library on many (date, N) pairs.
//
//   bench_calendar generate COUNT SEED OUT
//       Writes COUNT lines `DATE,N` to OUT: dates uniform in 2015-01-01..2030-12-31 and N
//       uniform in 0..60, from a fixed generator (SplitMix64) so a seed gives the same file
//       on every platform and standard library.
//   bench_calendar run PAIRS RESULTS [REPS]
//       Builds the England-and-Wales calendar (rules only: no loaded list, no closures), reads
//       the pairs, answers all of them REPS times (default 7) through
//       WorkingCalendar::add_working_days and working_days_between, and writes the answers to
//       RESULTS as `DATE,N,RESULT` lines, the format of `feedback-admin calendar add-days
//       --stdin`. Prints `key=value` lines: the figures of the best and the median repetition.
//
// Exit status: 0, 64 for bad arguments, 65 for a bad input line or a failed self-check, 74 for
// an I/O error. This is a measuring tool, so it keeps to plain argv handling and stdio.
#include <feedback/calendar/calendar.hpp>
#include <feedback/calendar/dates.hpp>
#include <feedback/util/error.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace {

using feedback::Date;
using feedback::Error;
using feedback::ExitCode;

constexpr int k_max_n = 60;

struct Pair
{
  Date day;
  int n = 0;
};

// SplitMix64 (Steele, Lea and Flood 2014): tiny, fixed and well mixed, unlike the
// implementation-defined std::uniform_int_distribution.
class SplitMix64
{
public:
  explicit SplitMix64(std::uint64_t seed) : m_state(seed) {}
  std::uint64_t next() noexcept
  {
    std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, bound) by rejection, so there is no modulo bias.
  std::uint64_t below(std::uint64_t bound) noexcept
  {
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
    std::uint64_t x = next();
    while (x >= limit) {
      x = next();
    }
    return x % bound;
  }

private:
  std::uint64_t m_state;
};

struct FileClose
{
  void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileClose>;

File
open_file(const std::string& path, const char* mode)
{
  File f{std::fopen(path.c_str(), mode)};
  if (!f) {
    throw Error(mode[0] == 'r' ? ExitCode::no_input : ExitCode::cant_create,
                fmt::format("cannot open '{}'", path));
  }
  return f;
}

void
close_file(File f, const std::string& path)
{
  if (std::ferror(f.get()) != 0 || std::fclose(f.release()) != 0) {
    throw Error(ExitCode::io_error, fmt::format("cannot write '{}'", path));
  }
}

std::string
read_all(const std::string& path)
{
  const auto f = open_file(path, "rb");
  std::string text;
  char buf[1 << 16];
  for (std::size_t got; (got = std::fread(buf, 1, sizeof buf, f.get())) > 0;) {
    text.append(buf, got);
  }
  if (std::ferror(f.get()) != 0) {
    throw Error(ExitCode::io_error, fmt::format("cannot read '{}'", path));
  }
  return text;
}

long long
parse_count(std::string_view what, std::string_view text, long long min)
{
  long long value = 0;
  const auto res = std::from_chars(text.data(), text.data() + text.size(), value);
  if (res.ec != std::errc{} || res.ptr != text.data() + text.size() || value < min) {
    throw Error(ExitCode::usage,
                fmt::format("{}: not a whole number >= {}: '{}'", what, min, text));
  }
  return value;
}

std::vector<Pair>
read_pairs(const std::string& path)
{
  const std::string text = read_all(path);
  std::vector<Pair> pairs;
  pairs.reserve(text.size() / 12 + 1);
  std::string_view rest{text};
  long long line_no = 0;
  while (!rest.empty()) {
    const auto nl = rest.find('\n');
    const auto line = rest.substr(0, nl);
    rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
    ++line_no;
    const auto comma = line.find(',');
    const auto day = feedback::parse_iso_date(line.substr(0, comma));
    int n = -1;
    if (comma != std::string_view::npos) {
      const auto tail = line.substr(comma + 1);
      const auto res = std::from_chars(tail.data(), tail.data() + tail.size(), n);
      if (res.ec != std::errc{} || res.ptr != tail.data() + tail.size()) {
        n = -1;
      }
    }
    if (!day || n < 0) {
      throw Error(ExitCode::data_error,
                  fmt::format("{}: line {}: expected DATE,N: '{}'", path, line_no, line));
    }
    pairs.push_back({*day, n});
  }
  return pairs;
}

int
run_generate(long long count, std::uint64_t seed, const std::string& out_path)
{
  const int first = feedback::day_number(Date{date::year{2015} / 1 / 1});
  const int last = feedback::day_number(Date{date::year{2030} / 12 / 31});
  SplitMix64 rng{seed};
  auto out = open_file(out_path, "wb");
  std::string buf;
  buf.reserve(1 << 16);
  for (long long i = 0; i < count; ++i) {
    const auto offset = static_cast<int>(rng.below(static_cast<std::uint64_t>(last - first + 1)));
    const auto n = static_cast<int>(rng.below(k_max_n + 1));
    char line[32];
    feedback::format_date_to(feedback::from_day_number(first + offset), line);
    line[10] = ',';
    const auto res = std::to_chars(line + 11, line + sizeof line, n);
    *res.ptr = '\n';
    buf.append(line, res.ptr + 1);
    if (buf.size() > (1 << 16) - 32) {
      std::fwrite(buf.data(), 1, buf.size(), out.get());
      buf.clear();
    }
  }
  std::fwrite(buf.data(), 1, buf.size(), out.get());
  close_file(std::move(out), out_path);
  return 0;
}

struct Timing
{
  double best_ns = 0;
  double median_ns = 0;
};

// Runs `body` (which answers all `count` pairs once) `reps` times; ns per answer.
template <typename Body>
Timing
time_reps(int reps, std::size_t count, Body body)
{
  std::vector<double> per_call;
  for (int r = 0; r < reps; ++r) {
    const auto start = std::chrono::steady_clock::now();
    body();
    const auto stop = std::chrono::steady_clock::now();
    const std::chrono::duration<double, std::nano> took = stop - start;
    per_call.push_back(took.count() / static_cast<double>(count));
  }
  std::sort(per_call.begin(), per_call.end());
  return {per_call.front(), per_call[per_call.size() / 2]};
}

void
print_timing(std::string_view name, const Timing& t)
{
  fmt::print("{}_best_ns={:.3f}\n", name, t.best_ns);
  fmt::print("{}_median_ns={:.3f}\n", name, t.median_ns);
  fmt::print("{}_best_per_s={:.0f}\n", name, 1e9 / t.best_ns);
  fmt::print("{}_median_per_s={:.0f}\n", name, 1e9 / t.median_ns);
}

int
run_bench(const std::string& pairs_path, const std::string& results_path, int reps)
{
  const auto pairs = read_pairs(pairs_path);
  if (pairs.empty()) {
    throw Error(ExitCode::data_error, fmt::format("{}: no pairs", pairs_path));
  }

  const auto build_start = std::chrono::steady_clock::now();
  const feedback::WorkingCalendar calendar{feedback::CalendarSpec{}};
  const std::chrono::duration<double, std::milli> build_ms =
      std::chrono::steady_clock::now() - build_start;

  std::vector<Date> results(pairs.size());
  const auto add_days = time_reps(reps, pairs.size(), [&] {
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      results[i] = calendar.add_working_days(pairs[i].day, pairs[i].n);
    }
  });

  // between(day, add_working_days(day, N)) == N for every pair: a cheap cross-check of the
  // two questions, and the same amount of work to time.
  std::vector<int> counts(pairs.size());
  const auto between = time_reps(reps, pairs.size(), [&] {
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      counts[i] = calendar.working_days_between(pairs[i].day, results[i]);
    }
  });
  std::size_t inconsistent = 0;
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    if (counts[i] != pairs[i].n) {
      if (++inconsistent <= 5) {
        fmt::print(stderr, "bench_calendar: between({}, {}) = {}, expected {}\n",
                   feedback::format_date(pairs[i].day), feedback::format_date(results[i]),
                   counts[i], pairs[i].n);
      }
    }
  }

  auto out = open_file(results_path, "wb");
  std::string buf;
  buf.reserve(1 << 16);
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    char line[40];
    feedback::format_date_to(pairs[i].day, line);
    line[10] = ',';
    auto* p = std::to_chars(line + 11, line + sizeof line, pairs[i].n).ptr;
    *p++ = ',';
    feedback::format_date_to(results[i], p);
    p += 10;
    *p++ = '\n';
    buf.append(line, p);
    if (buf.size() > (1 << 16) - 40) {
      std::fwrite(buf.data(), 1, buf.size(), out.get());
      buf.clear();
    }
  }
  std::fwrite(buf.data(), 1, buf.size(), out.get());
  close_file(std::move(out), results_path);

  fmt::print("pairs={}\n", pairs.size());
  fmt::print("reps={}\n", reps);
  fmt::print("build_ms={:.3f}\n", build_ms.count());
  print_timing("add_days", add_days);
  print_timing("between", between);
  fmt::print("between_inconsistent={}\n", inconsistent);
  if (inconsistent > 0) {
    throw Error(ExitCode::data_error,
                fmt::format("{} pairs where between(day, add-days(day, N)) != N", inconsistent));
  }
  return 0;
}

int
run_main(const std::vector<std::string_view>& args)
{
  if (args.size() == 4 && args[0] == "generate") {
    return run_generate(parse_count("COUNT", args[1], 1),
                        static_cast<std::uint64_t>(parse_count("SEED", args[2], 0)),
                        std::string(args[3]));
  }
  if ((args.size() == 3 || args.size() == 4) && args[0] == "run") {
    const auto reps = args.size() == 4 ? parse_count("REPS", args[3], 1) : 7;
    if (reps > 1000) {
      throw Error(ExitCode::usage, fmt::format("REPS: at most 1000: {}", reps));
    }
    return run_bench(std::string(args[1]), std::string(args[2]), static_cast<int>(reps));
  }
  throw Error(ExitCode::usage, "usage: bench_calendar generate COUNT SEED OUT | "
                               "bench_calendar run PAIRS RESULTS [REPS]");
}

} // namespace

int
main(int argc, char** argv)
{
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  try {
    const int rc = run_main(args);
    if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
      return static_cast<int>(ExitCode::io_error);
    }
    return rc;
  } catch (const Error& e) {
    fmt::print(stderr, "bench_calendar: error: {}\n", e.what());
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    fmt::print(stderr, "bench_calendar: internal error: {}\n", e.what());
    return static_cast<int>(ExitCode::software);
  }
}
