// SPDX-License-Identifier: MIT
// feedback-import's engine: records in, cases out, in one transaction. Each record is read
// (import/record_reader), made into a case's fields and checked (import/import_row), classified
// (import/decisions), identified (import/identity) and written (import/case_import); this file
// runs them in turn and keeps the counts.
#include "import/case_import.hpp"
#include "import/decisions.hpp"
#include "import/identity.hpp"
#include "import/import_row.hpp"
#include "import/import_values.hpp"
#include "import/record_reader.hpp"
#include "storage/bulk.hpp"
#include "storage/import_store.hpp"
#include "storage/service_store.hpp"

#include <feedback/import/importer.hpp>
#include <feedback/policy/policy.hpp>
#include <feedback/policy/services.hpp>
#include <feedback/policy/vocabulary.hpp>
#include <feedback/util/error.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <optional>
#include <unordered_map>

namespace feedback {

namespace {

using import::Row;

constexpr std::uint64_t k_progress_every = 4096;

std::string
base_name(std::string_view path)
{
  const auto slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

class Importer
{
public:
  Importer(Database& db, const Mapping& mapping, ByteSource& input, const ImportOptions& options,
           ImportSink& sink)
      : m_db(db), m_mapping(mapping), m_options(options), m_sink(sink),
        m_reader(mapping, input, options), m_mapper(mapping, options.today)
  {
    m_result.source = options.source.empty() ? mapping.source : options.source;
    m_result.format = m_reader.format();
  }

  ImportResult run()
  {
    detail::RelaxedConstraints relaxed(m_db);
    detail::BulkLoad bulk(m_db);
    Transaction tx(m_db);
    std::unordered_map<std::string, std::optional<std::string>> services;
    for (auto& s : list_services(m_db)) {
      services.emplace(s.code, s.default_procedure);
    }
    import::Decisions decisions(load_policy(m_db), std::move(services), m_result.source,
                                m_options.create_services);
    import::IdentityIndex identities(detail::load_import_keys(m_db, m_result.source));
    import::CaseImporter cases(m_db, m_mapping, m_options, m_result.source,
                               base_name(m_reader.file()));
    // After `cases`, so that it ends first: what is still queued when it ends (a failure) is
    // dropped before the statements it would run are finalized. Not for an events file nor for
    // the Ombudsman's phases: they read or write the database directly for each case, each
    // time waiting for the writer, and measured no faster with it (a wait costs two switches).
    std::optional<detail::WriteBehind> behind;
    if (!m_mapping.events_only && !m_mapping.names(ImportField::ombudsman_ref)) {
      behind.emplace(m_db);
    }
    m_decisions = &decisions;
    m_identities = &identities;
    m_cases = &cases;
    while (m_reader.next()) {
      m_result.records = m_reader.records();
      if (m_mapping.events_only) {
        handle_event_record();
      } else if (m_mapping.group_by) {
        handle_group_record();
      } else {
        handle_record();
      }
      if (m_result.records % k_progress_every == 0) {
        m_sink.progress({m_result.records, m_reader.bytes_read()});
      }
    }
    finish_group();
    cases.flush();
    m_sink.progress({m_result.records, m_reader.bytes_read()});
    m_reader.check_json_paths(m_result.rejected);
    const bool refused = m_options.on_error == OnError::stop && m_result.rejected > 0;
    if (!refused && !m_options.dry_run) {
      tx.commit();
      m_result.written = true;
    }
    return m_result;
  }

private:
  // One record of a group, kept until the group is complete.
  struct Kept
  {
    Row row;
    import::RecordReader::Saved saved;
    std::uint64_t record = 0;
  };

  void report(std::uint64_t line, std::uint64_t record, std::string_view field,
              std::string_view problem, std::string& reason)
  {
    m_sink.problem({line, record, std::string(field), std::string(problem)});
    if (!reason.empty()) {
      reason += "; ";
    }
    reason += field;
    reason += ": ";
    reason += problem;
  }

  void report(std::string_view field, std::string_view problem)
  {
    report(m_reader.line(), m_result.records, field, problem, m_reason);
  }

  // The current record rejected, with the reasons reported for it.
  void reject()
  {
    ++m_result.rejected;
    m_reader.reject(m_sink, m_reason);
  }

  // Whether anything may still be written: not after the first bad record with --on-error stop
  // (the rest of the file is only checked, so that every problem is listed).
  bool writing() const { return !(m_options.on_error == OnError::stop && m_result.rejected > 0); }

  // The service of `row`, created first (when `write`) if it is new and --create-services was
  // given; listed either way, so that a dry run or a refused file names every one it would make.
  void ensure_service(const Row& row, bool write)
  {
    if (!m_options.create_services || !row.present(ImportField::service)) {
      return;
    }
    const std::string code(row.value(ImportField::service));
    if (m_decisions->has_service(code)) {
      return;
    }
    if (write) {
      const std::string name(row.present(ImportField::service_name)
                                 ? row.value(ImportField::service_name)
                                 : std::string_view(code));
      detail::insert_service(
          m_db, {code, name, fmt::format("imported from {}", m_result.source), std::nullopt});
    }
    m_decisions->add_service(code);
    m_result.created_services.push_back(code);
  }

  // The current record as a Row: its case fields and the events and remedies of its arrays,
  // and the problems the mapping makes of its keys; finished as a case unless `finish_case`
  // is false (a row of a group).
  void read_row(Row& row, bool finish_case)
  {
    if (m_reader.problem()) {
      row.problems.clear();
      row.line = m_reader.line();
      row.problems.push_back({"record", *m_reader.problem()});
      return;
    }
    m_mapper.map(m_reader.cells(), row, m_reader.line(), false);
    for (const bool events : {true, false}) {
      if (!(events ? m_mapping.event_array : m_mapping.remedy_array)) {
        continue;
      }
      const auto n = m_reader.element_count(events);
      for (std::size_t i = 0; i < n; ++i) {
        m_reader.load_element(events, i);
        m_mapper.map_element(m_reader.cells(), row, events, i);
      }
    }
    for (const auto& p : m_reader.key_problems()) {
      row.problems.push_back(p);
    }
    if (finish_case) {
      m_mapper.finish(row);
    }
  }

  // The outcome and complaint areas of a response: only a complaint's response has them
  // (vocabulary::outcome_refused), and only a response has an outcome.
  void check_outcome(Row& row, const import::Decision& decision)
  {
    const auto& type = decision.classification.type;
    // Complaint areas too, by the same rule as `feedback-log respond`.
    for (const auto& area : row.areas) {
      if (auto why = vocabulary::outcome_refused(type, area)) {
        row.problems.push_back({"areas", std::move(*why)});
        break;
      }
    }
    if (!row.present(ImportField::outcome)) {
      return;
    }
    const auto outcome = row.value(ImportField::outcome);
    if (auto why = vocabulary::outcome_refused(type, outcome)) {
      row.problems.push_back({"outcome", std::move(*why)});
    } else if (!row.present(ImportField::responded)) {
      row.problems.push_back(
          {"outcome", fmt::format("{}, but the case has no response (an outcome is the "
                                  "response's: map \"responded\")",
                                  outcome)});
    }
  }

  // A case (one record, or a group's rows merged): decided, identified, and written, or
  // rejected with `reject_case` after its problems were reported on `line`.
  template <typename Reject>
  void handle_case(Row& row, std::uint64_t record, std::string& reason, Reject reject_case)
  {
    m_identities->prefetch(row);
    const import::Decision* decision = nullptr;
    if (row.ok()) {
      decision = &m_decisions->decide(row);
      if (decision->problem_field) {
        row.problems.push_back({*decision->problem_field, decision->problem});
      } else {
        check_outcome(row, *decision);
      }
    }
    if (!row.ok()) {
      for (const auto& p : row.problems) {
        report(row.line, record, p.field, p.problem, reason);
      }
      reject_case();
      return;
    }
    const auto& ref = m_identities->identify(row);
    const auto match = m_identities->match(row.line);
    if (match.repeated_line != 0) {
      report(row.line, record, "record",
             fmt::format("the reference '{}' is on line {} too: {}", import::RowMapper::shown(ref),
                         match.repeated_line,
                         m_mapping.group_by
                             ? "the rows of one case must be together (sort the export by it)"
                             : "one case cannot be two records of one export (name the column "
                               "in \"group_by\" if the export has several rows per case)"),
             reason);
      reject_case();
      return;
    }
    const auto fingerprint = m_mapper.content_fingerprint(row);
    if (match.known && match.fingerprint == fingerprint) {
      ++m_result.unchanged;
      return;
    }
    if (!writing()) {
      ensure_service(row, false);
      ++(match.known ? m_result.updated : m_result.added);
      return;
    }
    ensure_service(row, true);
    if (!match.known) {
      m_cases->insert(row, *decision, ref, match.ref_key, fingerprint, row.line);
      ++m_result.added;
      return;
    }
    if (m_cases->update(row, *decision, ref, fingerprint, row.line)) {
      ++m_result.updated;
    } else {
      ++m_result.unchanged;
    }
  }

  void handle_record()
  {
    m_reason.clear();
    read_row(m_row, true);
    ++m_result.cases;
    handle_case(m_row, m_result.records, m_reason, [this] { reject(); });
  }

  // Several rows, one case: rows with the same group_by value, one after another.
  void handle_group_record()
  {
    if (m_reader.problem()) {
      // Which case it is cannot be read: it is rejected alone, and the group goes on.
      m_reason.clear();
      report("record", *m_reader.problem());
      reject();
      return;
    }
    const auto& cell = m_reader.cells()[static_cast<std::size_t>(*m_mapping.group_by)];
    const auto key =
        cell.state == import::Cell::State::value ? import::trim(cell.text) : std::string_view();
    const bool missing =
        key.empty() || std::find(m_mapping.missing.begin(), m_mapping.missing.end(), key) !=
                           m_mapping.missing.end();
    if (missing || key != m_group_key || m_group_size == 0) {
      finish_group();
    }
    if (missing) {
      handle_record(); // a row without a case reference is a case of its own
      return;
    }
    if (m_group_size == 0) {
      m_group_key.assign(key);
    }
    if (m_group.size() == m_group_size) {
      m_group.emplace_back();
    }
    auto& kept = m_group[m_group_size++];
    read_row(m_row, false);
    kept.row.keep(m_row);
    kept.record = m_result.records;
    m_reader.save(kept.saved);
  }

  void finish_group()
  {
    if (m_group_size == 0) {
      return;
    }
    const std::size_t n = m_group_size;
    m_group_size = 0;
    ++m_result.cases;
    std::string reason;
    auto reject_all = [&] {
      // Every row of the case goes to the reject file, to be fixed and imported together.
      for (std::size_t i = 0; i < n; ++i) {
        auto& kept = m_group[i];
        std::string own;
        for (const auto& p : kept.row.problems) {
          own += (own.empty() ? "" : "; ") + p.field + ": " + p.problem;
        }
        if (own.empty()) {
          own = reason.empty()
                    ? fmt::format("another row of the case '{}' is bad (line {})",
                                  import::RowMapper::shown(m_group_key), m_group[0].saved.line)
                    : reason;
        }
        ++m_result.rejected;
        m_reader.reject(m_sink, kept.saved, own);
      }
    };
    bool bad = false;
    for (std::size_t i = 0; i < n; ++i) {
      for (const auto& p : m_group[i].row.problems) {
        report(m_group[i].row.line, m_group[i].record, p.field, p.problem, reason);
        bad = true;
      }
    }
    if (bad) {
      reason.clear();
      reject_all();
      return;
    }
    m_rows.clear();
    for (std::size_t i = 0; i < n; ++i) {
      m_rows.push_back(&m_group[i].row);
    }
    m_mapper.merge(m_rows, m_case);
    handle_case(m_case, m_group[0].record, reason, reject_all);
  }

  // An events file: each record is an event (or, from an array, several) of a case imported
  // before, joined by the reference.
  void handle_event_record()
  {
    m_reason.clear();
    read_row(m_row, true);
    ++m_result.cases;
    std::int64_t case_id = 0;
    if (m_row.ok()) {
      if (m_row.ref.empty()) {
        m_row.problems.push_back(
            {"identity", "missing: the reference of the case the event belongs to"});
      } else if ((case_id = m_identities->known_case(m_row.ref)) == 0) {
        m_row.problems.push_back(
            {"identity", fmt::format("no case imported from {} has the reference '{}' (import "
                                     "the cases first)",
                                     m_result.source, import::RowMapper::shown(m_row.ref))});
      }
    }
    if (!m_row.ok()) {
      for (const auto& p : m_row.problems) {
        report(p.field, p.problem);
      }
      reject();
      return;
    }
    if (!writing()) {
      ++m_result.added;
      return;
    }
    bool added = false;
    for (const auto& e : m_row.events) {
      added = m_cases->add_history(case_id, e) || added;
    }
    ++(added ? m_result.added : m_result.unchanged);
  }

  Database& m_db;
  const Mapping& m_mapping;
  const ImportOptions& m_options;
  ImportSink& m_sink;
  import::RecordReader m_reader;
  import::RowMapper m_mapper;
  ImportResult m_result;
  import::Decisions* m_decisions = nullptr;
  import::IdentityIndex* m_identities = nullptr;
  import::CaseImporter* m_cases = nullptr;
  Row m_row;
  Row m_case;
  std::string m_reason;
  // The group being read: its first m_group_size entries (kept for reuse beyond). A deque: a
  // row is never moved once kept (its views point into its own strings).
  std::deque<Kept> m_group;
  std::size_t m_group_size = 0;
  std::string m_group_key;
  std::vector<const Row*> m_rows;
};

} // namespace

std::size_t
StreamSource::read(char* buffer, std::size_t size)
{
  const std::size_t got = std::fread(buffer, 1, size, m_stream);
  if (got == 0 && std::ferror(m_stream)) {
    throw Error(ExitCode::io_error,
                fmt::format("cannot read {}: {}", m_name, std::strerror(errno)));
  }
  return got;
}

std::size_t
StringSource::read(char* buffer, std::size_t size)
{
  const std::size_t n = std::min({size, m_piece, m_text.size()});
  if (n > 0) {
    std::memcpy(buffer, m_text.data(), n);
  }
  m_text.remove_prefix(n);
  return n;
}

std::optional<InputFormat>
format_from_file_name(std::string_view name)
{
  auto ends = [&](std::string_view suffix) {
    if (name.size() < suffix.size()) {
      return false;
    }
    const auto tail = import::fold(name.substr(name.size() - suffix.size()));
    return tail == suffix;
  };
  if (ends(".csv")) {
    return InputFormat::csv;
  }
  if (ends(".jsonl") || ends(".ndjson")) {
    return InputFormat::json_lines;
  }
  if (ends(".json")) {
    return InputFormat::json;
  }
  return std::nullopt;
}

std::uint64_t
fnv1a64(std::string_view bytes, std::uint64_t seed) noexcept
{
  std::uint64_t h = seed;
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string
identity_fingerprint(std::string_view received, std::string_view summary,
                     std::string_view external_ref, std::string_view name, std::string_view email,
                     std::string_view phone)
{
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const auto part : {received, summary, external_ref, name, email, phone}) {
    h = fnv1a64(part, h);
    h = fnv1a64("\x1f", h);
  }
  return fmt::format("fp:{:016x}", h);
}

ImportResult
import_records(Database& db, const Mapping& mapping, ByteSource& input,
               const ImportOptions& options, ImportSink& sink)
{
  Importer importer(db, mapping, input, options, sink);
  return importer.run();
}

} // namespace feedback
