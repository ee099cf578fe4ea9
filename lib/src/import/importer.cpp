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
#include <feedback/util/error.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
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
    while (m_reader.next()) {
      m_result.records = m_reader.records();
      handle_record(decisions, identities, cases);
      if (m_result.records % k_progress_every == 0) {
        m_sink.progress({m_result.records, m_reader.bytes_read()});
      }
    }
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
  void report(std::string_view field, std::string_view problem)
  {
    m_sink.problem({m_reader.line(), m_result.records, std::string(field), std::string(problem)});
    if (!m_reason.empty()) {
      m_reason += "; ";
    }
    m_reason += field;
    m_reason += ": ";
    m_reason += problem;
  }

  void reject()
  {
    ++m_result.rejected;
    m_reader.reject(m_sink, m_reason);
  }

  // Whether anything may still be written: not after the first bad record with --on-error stop
  // (the rest of the file is only checked, so that every problem is listed).
  bool writing() const { return !(m_options.on_error == OnError::stop && m_result.rejected > 0); }

  // The service of `row`, created first if it is new and --create-services was given.
  void ensure_service(const Row& row, import::Decisions& decisions)
  {
    if (!row.present(ImportField::service)) {
      return;
    }
    const std::string code(row.value(ImportField::service));
    if (decisions.has_service(code)) {
      return;
    }
    const std::string name(row.present(ImportField::service_name)
                               ? row.value(ImportField::service_name)
                               : std::string_view(code));
    detail::insert_service(
        m_db, {code, name, fmt::format("imported from {}", m_result.source), std::nullopt});
    decisions.add_service(code);
    m_result.created_services.push_back(code);
  }

  void handle_record(import::Decisions& decisions, import::IdentityIndex& identities,
                     import::CaseImporter& cases)
  {
    m_reason.clear();
    if (m_reader.problem()) {
      report("record", *m_reader.problem());
      reject();
      return;
    }
    m_mapper.map(m_reader.cells(), m_row);
    const import::Decision* decision = nullptr;
    if (m_row.ok()) {
      decision = &decisions.decide(m_row);
      if (decision->problem_field) {
        m_row.problems.push_back({*decision->problem_field, decision->problem});
      }
    }
    if (!m_row.ok()) {
      for (const auto& p : m_row.problems) {
        report(p.field, p.problem);
      }
      reject();
      return;
    }
    const auto& ref = identities.identify(m_mapping, m_reader.cells(), m_row);
    const auto match = identities.match();
    if (match.repeated) {
      report("record", fmt::format("the reference '{}' is on an earlier line too: one case "
                                   "cannot be two records of one export",
                                   import::RowMapper::shown(ref)));
      reject();
      return;
    }
    const auto fingerprint = m_mapper.content_fingerprint(m_row);
    if (match.known && match.fingerprint == fingerprint) {
      ++m_result.unchanged;
      return;
    }
    if (!writing()) {
      ++(match.known ? m_result.updated : m_result.added);
      return;
    }
    if (m_options.create_services) {
      ensure_service(m_row, decisions);
    }
    if (!match.known) {
      cases.insert(m_row, *decision, ref, match.ref_key, fingerprint, m_reader.line());
      ++m_result.added;
      return;
    }
    if (cases.update(m_row, *decision, ref, fingerprint, m_reader.line())) {
      ++m_result.updated;
    } else {
      ++m_result.unchanged;
    }
  }

  Database& m_db;
  const Mapping& m_mapping;
  const ImportOptions& m_options;
  ImportSink& m_sink;
  import::RecordReader m_reader;
  import::RowMapper m_mapper;
  ImportResult m_result;
  Row m_row;
  std::string m_reason;
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
