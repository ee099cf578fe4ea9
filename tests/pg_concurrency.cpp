// SPDX-License-Identifier: MIT
// The team's load on one PostgreSQL database (issue 15), run by tests/cli/test_pg_team.sh on a
// throwaway server: CLIENTS threads, each with its own connection, make OPS changes each (new,
// ack, respond and note, mixed, on cases all of them share), as officers at their desks would.
// Then, on a fresh connection: every change a client believed made is in the database, once,
// and nothing else is (a refused or failed change left nothing behind); no reference was given
// twice. A change that finds the database busy (Error temp_failure, exit 75 in a program) is
// tried again, up to five times, and counted.
//
//   feedback_pg_concurrency URI CLIENTS OPS
//
// Prints the figures on stdout; exits 0 when every check holds, 1 otherwise (naming each).
#include <feedback/cases/cases.hpp>
#include <feedback/storage/database.hpp>
#include <feedback/storage/migrate.hpp>
#include <feedback/util/error.hpp>

#include <fmt/core.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

using namespace feedback;

constexpr Date k_today{date::year{2026}, date::month{11}, date::day{22}};
constexpr int k_seed_cases = 32;
constexpr int k_tries = 5;

Actor
actor_for(const std::string& officer)
{
  return Actor{officer, "2026-11-22T10:00:00Z", k_today};
}

NewCase
new_case(int n)
{
  NewCase c;
  c.type = "complaint";
  c.channel = "web";
  c.service = "HWY";
  c.summary = fmt::format("Streetlight out, report {}", n);
  c.received = Date{date::sys_days{Date{date::year{2026}, date::month{9}, date::day{1}}} +
                    date::days{n % 60}};
  c.received_at = format_date(c.received);
  return c;
}

// What the clients believe they did: per (reference, event kind), how many times.
using Tally = std::map<std::pair<std::string, std::string>, int>;

struct Client
{
  Tally done;
  std::vector<std::string> created;
  int refused = 0; // refused as the rules say (a second ack, a response before the ack)
  int retries = 0; // busy, tried again
  int failed = 0;  // busy after every try, or an unexpected error
  std::vector<std::string> unexpected;
};

class Pool
{
public:
  void add(std::string reference)
  {
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_references.push_back(std::move(reference));
  }
  std::string pick(std::mt19937& rng)
  {
    const std::lock_guard<std::mutex> lock(m_mutex);
    std::uniform_int_distribution<std::size_t> any(0, m_references.size() - 1);
    return m_references[any(rng)];
  }

private:
  std::mutex m_mutex;
  std::vector<std::string> m_references;
};

void
run_client(const std::string& uri, int index, int ops, Pool& pool, Client& out)
{
  auto db = Database::open(uri, OpenMode::existing);
  std::mt19937 rng(static_cast<std::mt19937::result_type>(1000 + index));
  std::uniform_int_distribution<int> kind_of(0, 3);
  const auto actor = actor_for(fmt::format("officer{:02}", index));
  for (int op = 0; op < ops; ++op) {
    const int kind = kind_of(rng);
    const auto reference = pool.pick(rng);
    for (int attempt = 1;; ++attempt) {
      try {
        switch (kind) {
        case 0: {
          const auto made = create_case(db, new_case(index * ops + op), actor);
          out.created.push_back(made);
          out.done[{made, "created"}] += 1;
          pool.add(made);
          break;
        }
        case 1:
          acknowledge_case(db, reference, k_today, actor);
          out.done[{reference, "acknowledged"}] += 1;
          break;
        case 2:
          respond_case(db, reference, ResponseInput{"upheld", {"communication"}, k_today, {}},
                       actor);
          out.done[{reference, "responded"}] += 1;
          break;
        default:
          add_note(db, reference, fmt::format("note {} of client {}", op, index), actor);
          out.done[{reference, "note"}] += 1;
          break;
        }
        break;
      } catch (const Error& e) {
        if (e.code() == ExitCode::data_error) {
          ++out.refused;
          break;
        }
        if (e.code() == ExitCode::temp_failure && attempt < k_tries) {
          ++out.retries;
          continue;
        }
        ++out.failed;
        out.unexpected.emplace_back(e.what());
        break;
      }
    }
  }
}

} // namespace

int
main(int argc, char** argv)
{
  if (argc != 4) {
    fmt::print(stderr, "usage: feedback_pg_concurrency URI CLIENTS OPS\n");
    return 64;
  }
  const std::string uri = argv[1];
  const int clients = std::atoi(argv[2]);
  const int ops = std::atoi(argv[3]);

  Pool pool;
  Tally expected;
  {
    auto db = Database::open(uri, OpenMode::existing);
    migrate(db);
    const auto setup = actor_for("setup");
    for (int n = 0; n < k_seed_cases; ++n) {
      const auto made = create_case(db, new_case(clients * ops + n), setup);
      expected[{made, "created"}] += 1;
      pool.add(made);
    }
  }

  std::vector<Client> results(static_cast<std::size_t>(clients));
  const auto start = std::chrono::steady_clock::now();
  {
    std::vector<std::thread> threads;
    for (int i = 0; i < clients; ++i) {
      threads.emplace_back([&, i] {
        auto& out = results[static_cast<std::size_t>(i)];
        try {
          run_client(uri, i, ops, pool, out);
        } catch (const Error& e) { // the connection itself failed
          ++out.failed;
          out.unexpected.emplace_back(e.what());
        }
      });
    }
    for (auto& t : threads) {
      t.join();
    }
  }
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);

  int refused = 0;
  int retries = 0;
  int failed = 0;
  std::vector<std::string> believed_new;
  std::vector<std::string> problems;
  for (const auto& r : results) {
    for (const auto& [key, n] : r.done) {
      expected[key] += n;
    }
    believed_new.insert(believed_new.end(), r.created.begin(), r.created.end());
    refused += r.refused;
    retries += r.retries;
    failed += r.failed;
    for (const auto& why : r.unexpected) {
      problems.push_back("a change failed: " + why);
    }
  }
  int made = 0;
  for (const auto& [key, n] : expected) {
    if (key.second != "created") {
      made += n;
    }
  }
  made += static_cast<int>(believed_new.size());

  // What the database holds, read on a fresh connection.
  auto db = Database::open(uri, OpenMode::existing);
  Tally found;
  {
    Statement st(db, "SELECT r.reference, e.kind, count(*) FROM case_event e "
                     "JOIN case_record r ON r.id = e.case_id "
                     "WHERE e.kind IN ('created', 'acknowledged', 'responded', 'note') "
                     "GROUP BY r.reference, e.kind");
    while (st.step()) {
      found[{std::string(st.column_view(0)), std::string(st.column_view(1))}] = st.column_int(2);
    }
  }
  for (const auto& [key, n] : expected) {
    const auto it = found.find(key);
    const int there = it == found.end() ? 0 : it->second;
    if (there != n) {
      problems.push_back(
          fmt::format("{} {}: believed {}, recorded {}", key.first, key.second, n, there));
    }
  }
  for (const auto& [key, n] : found) {
    if (expected.count(key) == 0) {
      problems.push_back(
          fmt::format("{} {}: recorded {}, believed none", key.first, key.second, n));
    }
  }
  const std::set<std::string> distinct(believed_new.begin(), believed_new.end());
  if (distinct.size() != believed_new.size()) {
    problems.push_back(fmt::format("{} references were given to two clients",
                                   believed_new.size() - distinct.size()));
  }
  {
    Statement st(db, "SELECT count(*), count(DISTINCT reference) FROM case_record");
    st.step();
    const auto cases = st.column_int64(0);
    if (cases != st.column_int64(1)) {
      problems.push_back("two cases share a reference");
    }
    if (cases != k_seed_cases + static_cast<std::int64_t>(believed_new.size())) {
      problems.push_back(
          fmt::format("{} cases, {} believed made", cases, k_seed_cases + believed_new.size()));
    }
  }

  fmt::print("clients {}, operations {}, in {} ms\n", clients, clients * ops, elapsed.count());
  fmt::print("made {} (new {}), refused by the rules {}, busy and tried again {}, failed {}\n",
             made, believed_new.size(), refused, retries, failed);
  for (const auto& p : problems) {
    fmt::print("PROBLEM: {}\n", p);
  }
  return problems.empty() ? 0 : 1;
}
