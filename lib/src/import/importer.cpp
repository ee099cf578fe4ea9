// SPDX-License-Identifier: MIT
// feedback-import's engine: records in, cases out, in one transaction. Statements are prepared
// once and reused; what was imported before is read once into a sorted vector of hashes, so an
// unchanged record costs no query at all.
#include "import/bulk_statement.hpp"
#include "import/csv_reader.hpp"
#include "import/import_row.hpp"
#include "import/import_values.hpp"
#include "import/json_reader.hpp"
#include "storage/case_store.hpp"

#include <feedback/import/importer.hpp>
#include <feedback/policy/classification.hpp>
#include <feedback/policy/policy.hpp>
#include <feedback/policy/services.hpp>
#include <feedback/util/error.hpp>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <unordered_map>

namespace feedback {

namespace {

using import::Cell;
using import::Row;
using import::RowMapper;

constexpr std::uint64_t k_progress_every = 4096;
// Rows per multi-row INSERT: beyond about 32 the gain is lost in the noise (measured).
constexpr int k_batch = 32;
constexpr std::uint64_t k_ref_seed = 0x6A09E667F3BCC908ULL;

// Open addressing over 64-bit keys (hashes), for the identities seen in this import: 16 bytes
// a slot, at most half full. Key 0 is the empty slot, so a hash of 0 is stored as 1.
class FlatMap64
{
public:
  FlatMap64() : m_keys(1024, 0), m_values(1024, 0), m_mask(1023) {}

  // The value of `key`, inserting `value` if it is new; second: whether it was inserted.
  std::pair<std::uint64_t*, bool> insert(std::uint64_t key, std::uint64_t value)
  {
    if (key == 0) {
      key = 1;
    }
    if ((m_size + 1) * 2 > m_keys.size()) {
      grow();
    }
    std::size_t i = slot(key);
    while (m_keys[i] != 0) {
      if (m_keys[i] == key) {
        return {&m_values[i], false};
      }
      i = (i + 1) & m_mask;
    }
    m_keys[i] = key;
    m_values[i] = value;
    ++m_size;
    return {&m_values[i], true};
  }

private:
  std::size_t slot(std::uint64_t key) const noexcept
  {
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> 20) & m_mask;
  }

  void grow()
  {
    std::vector<std::uint64_t> keys(m_keys.size() * 2, 0);
    std::vector<std::uint64_t> values(m_keys.size() * 2, 0);
    std::swap(keys, m_keys);
    std::swap(values, m_values);
    m_mask = m_keys.size() - 1;
    for (std::size_t j = 0; j < keys.size(); ++j) {
      if (keys[j] == 0) {
        continue;
      }
      std::size_t i = slot(keys[j]);
      while (m_keys[i] != 0) {
        i = (i + 1) & m_mask;
      }
      m_keys[i] = keys[j];
      m_values[i] = values[j];
    }
  }

  std::vector<std::uint64_t> m_keys;
  std::vector<std::uint64_t> m_values;
  std::size_t m_mask;
  std::size_t m_size = 0;
};

// A set of 64-bit keys (hashes), at most half full, 8 bytes a slot: the references of this
// import that were not imported before. Key 0 is the empty slot, so a hash of 0 is stored as 1.
class FlatSet64
{
public:
  FlatSet64() : m_keys(1024, 0), m_mask(1023) {}

  // Whether `key` was new (and is now in the set).
  bool insert(std::uint64_t key)
  {
    if (key == 0) {
      key = 1;
    }
    if ((m_size + 1) * 2 > m_keys.size()) {
      grow();
    }
    std::size_t i = slot(key);
    while (m_keys[i] != 0) {
      if (m_keys[i] == key) {
        return false;
      }
      i = (i + 1) & m_mask;
    }
    m_keys[i] = key;
    ++m_size;
    return true;
  }

private:
  std::size_t slot(std::uint64_t key) const noexcept
  {
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> 20) & m_mask;
  }

  void grow()
  {
    std::vector<std::uint64_t> keys(m_keys.size() * 2, 0);
    std::swap(keys, m_keys);
    m_mask = m_keys.size() - 1;
    for (const auto key : keys) {
      if (key == 0) {
        continue;
      }
      std::size_t i = slot(key);
      while (m_keys[i] != 0) {
        i = (i + 1) & m_mask;
      }
      m_keys[i] = key;
    }
  }

  std::vector<std::uint64_t> m_keys;
  std::size_t m_mask;
  std::size_t m_size = 0;
};

// A case already imported from the source: the hash of its reference and of its fields.
struct Known
{
  std::uint64_t ref_key;
  std::uint64_t fingerprint;
};

// What the policy makes of a combination of type, procedure, stage, sponsor and service: most
// records share a few, so it is worked out once per combination.
struct Decision
{
  std::optional<std::string> problem_field;
  std::string problem;
  Classification classification;
  detail::StageSpec spec;
  std::string classified_by;
};

std::optional<std::string>
opt_text(const Row& row, ImportField f)
{
  return row.present(f) ? std::optional<std::string>(std::string(row.value(f))) : std::nullopt;
}

std::optional<std::string>
opt_date(const Row& row, ImportField f)
{
  return row.present(f) ? std::optional<std::string>(format_date(row.date(f))) : std::nullopt;
}

std::optional<std::string>
opt_int(const std::optional<int>& v)
{
  return v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt;
}

std::string
csv_quoted(std::string_view text)
{
  std::string out = "\"";
  for (const char c : text) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  out += '"';
  return out;
}

std::string
json_quoted(std::string_view text)
{
  return nlohmann::json(std::string(text))
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

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
      : m_db(db), m_mapping(mapping), m_input(input), m_options(options), m_sink(sink),
        m_mapper(mapping, options.today), m_cells(mapping.columns.size())
  {
    m_result.source = options.source.empty() ? mapping.source : options.source;
    m_file = options.file_name.empty() ? std::string("-") : options.file_name;
    m_file_base = base_name(m_file);
  }

  ImportResult run()
  {
    m_result.format = choose_format();
    if (m_result.format == InputFormat::csv) {
      m_csv = std::make_unique<import::CsvReader>(m_input, m_mapping.delimiter);
      read_header();
    } else {
      m_json = std::make_unique<import::JsonReader>(m_input, m_result.format,
                                                    m_mapping.records_path, m_file);
      m_json_seen.assign(m_mapping.columns.size(), false);
    }
    import::RelaxedConstraints relaxed(m_db);
    Transaction tx(m_db);
    prepare();
    while (next_record()) {
      handle_record();
      if (m_result.records % k_progress_every == 0) {
        m_sink.progress({m_result.records, bytes_read()});
      }
    }
    flush();
    m_sink.progress({m_result.records, bytes_read()});
    check_json_paths();
    const bool refused = m_options.on_error == OnError::stop && m_result.rejected > 0;
    if (!refused && !m_options.dry_run) {
      tx.commit();
      m_result.written = true;
    }
    return m_result;
  }

private:
  // ---- input ----

  InputFormat choose_format()
  {
    if (m_options.format) {
      return *m_options.format;
    }
    if (m_mapping.format) {
      return *m_mapping.format;
    }
    if (const auto f = format_from_file_name(m_file)) {
      return *f;
    }
    throw Error(ExitCode::usage,
                fmt::format("{}: cannot tell the format from the name: give \"format\" (csv, "
                            "jsonl or json) in the mapping",
                            m_file));
  }

  std::uint64_t bytes_read() const { return m_csv ? m_csv->bytes_read() : m_json->bytes_read(); }

  void read_header()
  {
    if (!m_csv->next()) {
      throw Error(ExitCode::data_error, fmt::format("{}: empty: no header row", m_file));
    }
    if (m_csv->problem()) {
      throw Error(ExitCode::data_error,
                  fmt::format("{}:{}: header: {}", m_file, m_csv->line(), *m_csv->problem()));
    }
    if (!import::valid_utf8(m_csv->raw())) {
      throw Error(ExitCode::data_error,
                  fmt::format("{}:{}: header: not valid UTF-8", m_file, m_csv->line()));
    }
    std::vector<std::string> header;
    for (const auto f : m_csv->fields()) {
      header.emplace_back(import::trim(f));
    }
    m_header_fields = header.size();
    m_header_raw = std::string(m_csv->raw());
    m_header_ending = m_csv->line_ending().empty() ? "\n" : std::string(m_csv->line_ending());
    m_column_index.assign(m_mapping.columns.size(), 0);
    for (std::size_t c = 0; c < m_mapping.columns.size(); ++c) {
      const auto& want = m_mapping.columns[c];
      std::size_t found = header.size();
      for (std::size_t h = 0; h < header.size(); ++h) {
        if (header[h] != want) {
          continue;
        }
        if (found != header.size()) {
          throw Error(ExitCode::data_error,
                      fmt::format("{}: the header of {} has the column '{}' twice: which one the "
                                  "mapping means cannot be known",
                                  m_mapping.name, m_file, want));
        }
        found = h;
      }
      if (found == header.size()) {
        std::string names;
        for (const auto& h : header) {
          names += (names.empty() ? "" : ", ") + RowMapper::shown(h);
        }
        throw Error(ExitCode::data_error,
                    fmt::format("{}: unknown column '{}': it is not in the header of {} (which "
                                "has: {})",
                                m_mapping.name, want, m_file, names));
      }
      m_column_index[c] = found;
    }
  }

  bool next_record()
  {
    m_record_problem.reset();
    if (m_csv) {
      if (!m_csv->next()) {
        return false;
      }
      ++m_result.records;
      m_line = m_csv->line();
      if (m_csv->problem()) {
        m_record_problem = *m_csv->problem();
      } else if (!import::valid_utf8(m_csv->raw())) {
        m_record_problem = "not valid UTF-8 (the export must be written as UTF-8)";
      } else if (m_csv->fields().size() != m_header_fields) {
        m_record_problem = fmt::format("{} fields, but the header has {}", m_csv->fields().size(),
                                       m_header_fields);
      } else {
        const auto& fields = m_csv->fields();
        for (std::size_t c = 0; c < m_cells.size(); ++c) {
          m_cells[c] = {Cell::State::value, fields[m_column_index[c]]};
        }
      }
      return true;
    }
    if (!m_json->next()) {
      return false;
    }
    ++m_result.records;
    m_line = m_json->line();
    if (m_json->problem()) {
      m_record_problem = *m_json->problem();
      return true;
    }
    for (std::size_t c = 0; c < m_cells.size(); ++c) {
      const auto* v = import::find_value(*m_json, m_mapping.columns[c]);
      if (v == nullptr) {
        m_cells[c] = {};
        continue;
      }
      m_json_seen[c] = true;
      switch (v->kind) {
      case import::FlatValue::Kind::null:
        m_cells[c] = {Cell::State::null, {}};
        break;
      case import::FlatValue::Kind::container:
        m_cells[c] = {Cell::State::container, {}};
        break;
      case import::FlatValue::Kind::text:
        m_cells[c] = {Cell::State::value, v->text};
        break;
      }
    }
    return true;
  }

  // A JSON path that no record has is almost certainly a typo in the mapping.
  void check_json_paths()
  {
    if (!m_json || m_result.records == 0) {
      return;
    }
    for (std::size_t c = 0; c < m_json_seen.size(); ++c) {
      if (!m_json_seen[c] && m_result.records > m_result.rejected) {
        throw Error(ExitCode::data_error,
                    fmt::format("{}: unknown column '{}': no record of {} has it (nothing was "
                                "imported)",
                                m_mapping.name, m_mapping.columns[c], m_file));
      }
    }
  }

  // ---- problems and rejects ----

  void report(std::string_view field, std::string_view problem)
  {
    m_sink.problem({m_line, m_result.records, std::string(field), std::string(problem)});
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
    if (m_csv) {
      if (!m_reject_started) {
        m_reject_started = true;
        std::string head = m_csv->had_bom() ? "\xEF\xBB\xBF" : "";
        head += m_header_raw;
        head += m_mapping.delimiter;
        head += "reject_reason";
        head += m_header_ending;
        m_sink.reject(head);
      }
      std::string out(m_csv->raw());
      out += m_mapping.delimiter;
      out += csv_quoted(m_reason);
      out +=
          m_csv->line_ending().empty() ? std::string_view(m_header_ending) : m_csv->line_ending();
      m_sink.reject(out);
      return;
    }
    std::string out =
        fmt::format("{{\"line\":{},\"reason\":{},\"record\":", m_line, json_quoted(m_reason));
    out += m_json->raw();
    out += "}\n";
    m_sink.reject(out);
  }

  // ---- the database ----

  void prepare()
  {
    m_policy = load_policy(m_db);
    for (auto& s : list_services(m_db)) {
      m_services.emplace(s.code, s.default_procedure);
    }
    {
      Statement st(m_db, "SELECT coalesce(max(id), 0) + 1 FROM case_record");
      st.step();
      m_next_case = st.column_int64(0);
    }
    {
      Statement st(m_db, "SELECT coalesce(max(id), 0) + 1 FROM case_stage");
      st.step();
      m_next_stage = st.column_int64(0);
    }
    {
      Statement st(m_db, "SELECT ref_key, fingerprint FROM import_record WHERE source = ?1");
      st.bind(1, m_result.source);
      while (st.step()) {
        m_known.push_back({static_cast<std::uint64_t>(st.column_int64(0)),
                           static_cast<std::uint64_t>(st.column_int64(1))});
      }
      std::sort(m_known.begin(), m_known.end(),
                [](const Known& a, const Known& b) { return a.ref_key < b.ref_key; });
      m_known_seen.assign(m_known.size(), false);
    }
    m_ins_case.emplace(m_db,
                       "INSERT INTO case_record (id, reference, type, channel, service, summary, "
                       "received, received_at, status, closure, redirected_to, owner, sponsor, "
                       "sponsor_name, info_request, external_ref, source, source_ref, "
                       "classified_by, closed_on, last_activity, current_stage)",
                       22, k_batch);
    m_ins_stage.emplace(m_db,
                        "INSERT INTO case_stage (id, case_id, procedure, stage, "
                        "policy_version, started, acknowledge_days, respond_days, "
                        "max_extension_days, acknowledged, responded, outcome, ended)",
                        13, k_batch);
    m_ins_area.emplace(m_db, "INSERT INTO case_area (stage_id, area)", 2, k_batch);
    m_ins_person.emplace(m_db,
                         "INSERT INTO person (case_id, name, email, phone, address, "
                         "preferred_format)",
                         6, k_batch);
    m_ins_event.emplace(m_db,
                        "INSERT INTO case_event (case_id, at, on_date, officer, kind, "
                        "from_value, to_value, detail)",
                        8, k_batch);
    m_ins_import.emplace(m_db,
                         "INSERT INTO import_record (case_id, source, ref_key, "
                         "fingerprint)",
                         4, k_batch);
  }

  // Writes every row still waiting in a batch.
  void flush()
  {
    for (auto* b :
         {&m_ins_case, &m_ins_stage, &m_ins_area, &m_ins_person, &m_ins_event, &m_ins_import}) {
      (*b)->flush();
    }
  }

  // Whether anything may still be written: not after the first bad record with --on-error stop
  // (the rest of the file is only checked, so that every problem is listed).
  bool writing() const { return !(m_options.on_error == OnError::stop && m_result.rejected > 0); }

  const Decision& decide(const Row& row)
  {
    m_key.clear();
    for (const auto f :
         {ImportField::type, ImportField::procedure, ImportField::sponsor, ImportField::service}) {
      m_key += row.present(f) ? row.value(f) : std::string_view("\x01");
      m_key += '\x1f';
    }
    m_key += std::to_string(row.stage);
    m_key += row.info_request ? 'y' : 'n';
    if (const auto it = m_decisions.find(m_key); it != m_decisions.end()) {
      return it->second;
    }
    Decision d;
    ClassificationInput ci;
    ci.type = opt_text(row, ImportField::type);
    ci.sponsor = opt_text(row, ImportField::sponsor);
    ci.info_request = row.info_request;
    ci.procedure = opt_text(row, ImportField::procedure);
    ci.service = opt_text(row, ImportField::service);
    if (ci.service) {
      const auto known = m_services.find(*ci.service);
      if (known == m_services.end()) {
        if (!m_options.create_services) {
          d.problem_field = "service";
          d.problem = fmt::format("unknown service '{}' (add it with 'feedback-admin service "
                                  "add', map the value to a known code in the mapping, or "
                                  "import with --create-services)",
                                  RowMapper::shown(*ci.service));
          return m_decisions.emplace(m_key, std::move(d)).first->second;
        }
      } else {
        ci.service_procedure = known->second;
      }
    }
    // The old system's type is a recorded fact: the rules only pick a procedure for it. A
    // contact it never classified is classified by the rules, as a new one would be.
    ci.officer_decides_type = ci.type.has_value();
    d.classification = classify(m_policy, ci);
    if (auto p =
            detail::make_stage_spec(m_policy, d.classification.type, d.classification.procedure,
                                    row.stage, ci.service, d.spec)) {
      d.problem_field = "stage";
      d.problem = *p;
    }
    d.classified_by =
        fmt::format("imported from {}: {}", m_result.source, d.classification.explanation);
    return m_decisions.emplace(m_key, std::move(d)).first->second;
  }

  // The service of `row`, created first if it is new and --create-services was given.
  void ensure_service(const Row& row)
  {
    if (!row.present(ImportField::service)) {
      return;
    }
    const std::string code(row.value(ImportField::service));
    if (m_services.count(code) != 0) {
      return;
    }
    const std::string name(row.present(ImportField::service_name)
                               ? row.value(ImportField::service_name)
                               : std::string_view(code));
    Statement(m_db, "INSERT INTO service (code, name, directorate, default_procedure) "
                    "VALUES (?1, ?2, ?3, NULL)")
        .bind(1, code)
        .bind(2, name)
        .bind(3, fmt::format("imported from {}", m_result.source))
        .run();
    m_services.emplace(code, std::nullopt);
    m_result.created_services.push_back(code);
  }

  // The identity of `row` in the old system: its reference, else its fingerprint.
  void identify(const Row& row)
  {
    m_ref.clear();
    if (m_mapping.identity) {
      const auto& cell = m_cells[static_cast<std::size_t>(*m_mapping.identity)];
      if (cell.state == Cell::State::value) {
        const auto v = import::trim(cell.text);
        if (!v.empty() && std::find(m_mapping.missing.begin(), m_mapping.missing.end(), v) ==
                              m_mapping.missing.end()) {
          m_ref.assign(v);
          m_ref_is_fingerprint = false;
          return;
        }
      }
    }
    m_ref_is_fingerprint = true;
    auto opt = [&](ImportField f) {
      return row.present(f) ? std::string_view(row.value(f)) : std::string_view();
    };
    m_ref = identity_fingerprint(format_date(row.date(ImportField::received)),
                                 opt(ImportField::summary), opt(ImportField::external_ref),
                                 opt(ImportField::name), opt(ImportField::email),
                                 opt(ImportField::phone));
    // Identical records are told apart by their order among themselves, which a re-export
    // keeps whatever else it reorders (they are identical).
    const auto [count, inserted] = m_fingerprints.insert(fnv1a64(m_ref), 1);
    if (!inserted) {
      ++*count;
      m_ref += fmt::format("-{}", *count);
    }
  }

  void handle_record()
  {
    m_reason.clear();
    if (m_record_problem) {
      report("record", *m_record_problem);
      reject();
      return;
    }
    m_mapper.map(m_cells, m_row);
    const Decision* decision = nullptr;
    if (m_row.ok()) {
      decision = &decide(m_row);
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
    identify(m_row);
    const std::uint64_t ref_key = import::hash_bytes(m_ref, k_ref_seed);
    const auto it =
        std::lower_bound(m_known.begin(), m_known.end(), ref_key,
                         [](const Known& k, std::uint64_t key) { return k.ref_key < key; });
    const bool known = it != m_known.end() && it->ref_key == ref_key;
    if (!m_ref_is_fingerprint) {
      // A reference seen before in this file: marked in m_known_seen for cases imported
      // before, in m_seen for new ones (8 bytes each: no line numbers kept for a million).
      bool again = false;
      if (known) {
        const auto k = static_cast<std::size_t>(it - m_known.begin());
        again = m_known_seen[k];
        m_known_seen[k] = true;
      } else {
        again = !m_seen.insert(ref_key);
      }
      if (again) {
        report("record", fmt::format("the reference '{}' is on an earlier line too: one case "
                                     "cannot be two records of one export",
                                     RowMapper::shown(m_ref)));
        reject();
        return;
      }
    }
    const auto fingerprint = m_mapper.content_fingerprint(m_row);
    if (known && it->fingerprint == fingerprint) {
      ++m_result.unchanged;
      return;
    }
    if (!writing()) {
      ++(known ? m_result.updated : m_result.added);
      return;
    }
    if (m_options.create_services) {
      ensure_service(m_row);
    }
    if (!known) {
      insert_case(*decision, ref_key, fingerprint);
      ++m_result.added;
      return;
    }
    if (update_case(*decision, fingerprint)) {
      ++m_result.updated;
    } else {
      ++m_result.unchanged;
    }
  }

  void put_date(import::BatchInsert& st, int column, ImportField f)
  {
    if (!m_row.present(f)) {
      st.null(column);
      return;
    }
    char buffer[10];
    format_date_to(m_row.date(f), buffer);
    st.text(column, std::string_view(buffer, 10));
  }

  void put_text(import::BatchInsert& st, int column, ImportField f)
  {
    if (m_row.present(f)) {
      st.text(column, m_row.value(f));
    } else {
      st.null(column);
    }
  }

  static void put_opt(import::BatchInsert& st, int column, const std::optional<std::string>& v)
  {
    if (v) {
      st.text(column, *v);
    } else {
      st.null(column);
    }
  }

  static void put_int(import::BatchInsert& st, int column, const std::optional<int>& v)
  {
    if (v) {
      st.integer(column, *v);
    } else {
      st.null(column);
    }
  }

  static void bind_int(Statement& st, int index, const std::optional<int>& v)
  {
    if (v) {
      st.bind(index, static_cast<std::int64_t>(*v));
    } else {
      st.bind_null(index);
    }
  }

  void insert_case(const Decision& d, std::uint64_t ref_key, std::uint64_t fingerprint)
  {
    const auto id = m_next_case++;
    const auto stage_id = m_next_stage++;
    char received[10];
    char last[10];
    format_date_to(m_row.date(ImportField::received), received);
    format_date_to(m_row.last_activity, last);
    char reference[40];
    const auto ref_end =
        fmt::format_to_n(reference, sizeof reference, "FB-{:04}-{:06}",
                         static_cast<int>(m_row.date(ImportField::received).year()), id);
    const std::string_view received_day(received, 10);

    auto& c = *m_ins_case;
    c.row();
    c.integer(0, id);
    c.text(1, std::string_view(reference, ref_end.size));
    put_opt(c, 2, d.classification.type);
    put_text(c, 3, ImportField::channel);
    put_text(c, 4, ImportField::service);
    put_text(c, 5, ImportField::summary);
    c.text(6, received_day);
    c.text(7, m_row.received_at);
    c.text(8, m_row.status);
    put_text(c, 9, ImportField::closure);
    put_text(c, 10, ImportField::redirected_to);
    put_text(c, 11, ImportField::owner);
    put_text(c, 12, ImportField::sponsor);
    put_text(c, 13, ImportField::sponsor_name);
    c.integer(14, m_row.info_request ? 1 : 0);
    put_text(c, 15, ImportField::external_ref);
    c.text(16, m_result.source);
    c.text(17, m_ref);
    c.text(18, d.classified_by);
    put_date(c, 19, ImportField::closed);
    c.text(20, std::string_view(last, 10));
    c.integer(21, stage_id);

    auto& s = *m_ins_stage;
    s.row();
    s.integer(0, stage_id);
    s.integer(1, id);
    put_opt(s, 2, d.spec.procedure);
    put_int(s, 3, d.spec.stage);
    s.integer(4, d.spec.policy_version);
    if (m_row.present(ImportField::stage_started)) {
      put_date(s, 5, ImportField::stage_started);
    } else {
      s.text(5, received_day);
    }
    put_int(s, 6, d.spec.acknowledge_days);
    put_int(s, 7, d.spec.respond_days);
    put_int(s, 8, d.spec.max_extension_days);
    put_date(s, 9, ImportField::acknowledged);
    put_date(s, 10, ImportField::responded);
    put_text(s, 11, ImportField::outcome);
    put_date(s, 12, ImportField::closed);

    for (const auto& area : m_row.areas) {
      auto& a = *m_ins_area;
      a.row();
      a.integer(0, stage_id);
      a.text(1, area);
    }
    if (has_person()) {
      auto& p = *m_ins_person;
      p.row();
      p.integer(0, id);
      put_text(p, 1, ImportField::name);
      put_text(p, 2, ImportField::email);
      put_text(p, 3, ImportField::phone);
      put_text(p, 4, ImportField::address);
      put_text(p, 5, ImportField::preferred_format);
    }
    m_detail.clear();
    m_detail += "from ";
    m_detail += m_result.source;
    m_detail += " (";
    m_detail += m_file_base;
    m_detail += " line ";
    m_detail += std::to_string(m_line);
    m_detail += ")";
    if (m_row.closed_assumed) {
      m_detail += fmt::format("; closed, but the export has no closing date: taken as {}, the "
                              "latest date it has",
                              format_date(m_row.date(ImportField::closed)));
    }
    event(id, received_day, "imported", std::nullopt, std::string_view(m_ref), m_detail);

    auto& r = *m_ins_import;
    r.row();
    r.integer(0, id);
    r.text(1, m_result.source);
    r.integer(2, static_cast<std::int64_t>(ref_key));
    r.integer(3, static_cast<std::int64_t>(fingerprint));
  }

  bool has_person() const
  {
    for (const auto f : {ImportField::name, ImportField::email, ImportField::phone,
                         ImportField::address, ImportField::preferred_format}) {
      if (m_row.present(f)) {
        return true;
      }
    }
    return false;
  }

  void event(std::int64_t case_id, std::string_view on, std::string_view kind,
             std::optional<std::string_view> from, std::optional<std::string_view> to,
             std::string_view detail)
  {
    auto& e = *m_ins_event;
    e.row();
    e.integer(0, case_id);
    e.text(1, m_options.now);
    e.text(2, on);
    e.text(3, m_options.officer);
    e.text(4, kind);
    if (from) {
      e.text(5, *from);
    } else {
      e.null(5);
    }
    if (to) {
      e.text(6, *to);
    } else {
      e.null(6);
    }
    e.text(7, detail);
  }

  // ---- a newer export of a case imported before ----

  struct Change
  {
    std::string field;
    std::optional<std::string> from;
    std::optional<std::string> to;
    bool personal = false;
  };

  // Applies the fields the mapping names to the case imported before; false if none differed.
  bool update_case(const Decision& d, std::uint64_t fingerprint)
  {
    Statement st(m_db,
                 "SELECT c.id, c.type, c.channel, c.service, c.summary, c.received, "
                 "c.received_at, c.status, c.closure, c.redirected_to, c.owner, c.sponsor, "
                 "c.sponsor_name, c.info_request, c.external_ref, c.closed_on, c.last_activity, "
                 "c.classified_by, s.id, s.procedure, s.stage, s.started, s.acknowledged, "
                 "s.responded, s.outcome, s.ended FROM case_record c "
                 "JOIN case_stage s ON s.id = c.current_stage "
                 "WHERE c.source = ?1 AND c.source_ref = ?2");
    st.bind(1, m_result.source).bind(2, m_ref);
    if (!st.step()) {
      throw Error(ExitCode::data_error,
                  fmt::format("import_record lists {} '{}' but no case has that identity: run "
                              "'feedback-admin check'",
                              m_result.source, m_ref));
    }
    const auto case_id = st.column_int64(0);
    const auto stage_id = st.column_int64(18);
    std::vector<Change> changes;
    auto compare = [&](std::string_view field, std::optional<std::string> from,
                       std::optional<std::string> to, bool personal = false) {
      if (from != to) {
        changes.push_back({std::string(field), std::move(from), to, personal});
      }
      return to;
    };
    auto named = [&](ImportField f) { return m_mapping.names(f); };
    auto old = [&](int column) { return st.column_text(column); };

    const bool classify_named =
        named(ImportField::type) || named(ImportField::procedure) || named(ImportField::stage);
    const bool status_named = named(ImportField::status) || named(ImportField::closure) ||
                              named(ImportField::closed) || named(ImportField::responded);
    const bool closed_now = m_row.status == "closed";

    // The case row: each named field takes the export's value, the others keep theirs.
    const auto type = classify_named ? compare("type", old(1), d.classification.type) : old(1);
    const auto channel = compare("channel", old(2), opt_text(m_row, ImportField::channel));
    const auto service = named(ImportField::service)
                             ? compare("service", old(3), opt_text(m_row, ImportField::service))
                             : old(3);
    const auto summary = compare("summary", old(4), opt_text(m_row, ImportField::summary));
    const auto received = compare("received", old(5), opt_date(m_row, ImportField::received));
    const auto received_at = compare("received_at", old(6), m_row.received_at);
    const auto status = status_named ? compare("status", old(7), m_row.status) : old(7);
    auto keep_or = [&](ImportField f, int column) {
      return named(f) ? compare(field_name(f), old(column), opt_text(m_row, f)) : old(column);
    };
    const auto closure = keep_or(ImportField::closure, 8);
    const auto redirected_to = keep_or(ImportField::redirected_to, 9);
    const auto owner = keep_or(ImportField::owner, 10);
    const auto sponsor = keep_or(ImportField::sponsor, 11);
    const auto sponsor_name = keep_or(ImportField::sponsor_name, 12);
    const auto info_request =
        named(ImportField::info_request)
            ? compare("info_request", old(13), std::string(m_row.info_request ? "1" : "0"))
            : old(13);
    const auto external_ref = keep_or(ImportField::external_ref, 14);
    const auto closed_on =
        status_named ? compare("closed", old(15),
                               closed_now ? opt_date(m_row, ImportField::closed) : std::nullopt)
                     : old(15);
    auto last_activity = old(16).value_or(format_date(m_row.last_activity));
    last_activity = std::max(last_activity, format_date(m_row.last_activity));

    // The stage: a later stage of the same procedure is a new stage (escalated in the old
    // system); any other change of procedure or stage is a reclassification of this one.
    const auto old_procedure = old(19);
    // 0: no stage (a type that follows no procedure); an int, not an optional, because GCC 12
    // warns of a maybe-uninitialized optional<int> here.
    const int old_stage = st.column_is_null(20) ? 0 : st.column_int(20);
    const int stage_no = d.spec.stage.value_or(0);
    bool new_stage = false;
    bool respec = false;
    if (classify_named && (old_procedure != d.spec.procedure || old_stage != stage_no)) {
      compare("procedure", old_procedure, d.spec.procedure);
      compare("stage",
              old_stage ? std::optional<std::string>(std::to_string(old_stage)) : std::nullopt,
              opt_int(d.spec.stage));
      new_stage = old_procedure && old_procedure == d.spec.procedure && old_stage > 0 &&
                  stage_no > old_stage;
      respec = !new_stage;
    }
    const auto today = format_date(m_options.today);
    std::optional<std::string> started = old(21);
    if (new_stage) {
      // The day the old system moved it on, if the export says; else the latest day the record
      // has (not before the stage it ends started).
      started = m_row.present(ImportField::stage_started)
                    ? format_date(m_row.date(ImportField::stage_started))
                    : std::max(old(21).value_or(""), format_date(m_row.last_activity));
    } else if (named(ImportField::stage_started)) {
      started = compare("stage_started", old(21),
                        m_row.present(ImportField::stage_started)
                            ? opt_date(m_row, ImportField::stage_started)
                            : opt_date(m_row, ImportField::received));
    }
    auto stage_value = [&](ImportField f, int column, bool is_date) {
      const auto from = new_stage ? std::nullopt : old(column);
      if (!named(f) && !(f == ImportField::acknowledged && named(ImportField::responded))) {
        return from;
      }
      return compare(field_name(f), from, is_date ? opt_date(m_row, f) : opt_text(m_row, f));
    };
    const auto acknowledged = stage_value(ImportField::acknowledged, 22, true);
    const auto responded = stage_value(ImportField::responded, 23, true);
    const auto outcome = stage_value(ImportField::outcome, 24, false);
    const auto ended = status_named ? (closed_now ? closed_on : std::nullopt)
                                    : (new_stage ? std::nullopt : old(25));

    std::vector<std::string> old_areas;
    {
      Statement a(m_db, "SELECT area FROM case_area WHERE stage_id = ?1 ORDER BY area");
      a.bind(1, stage_id);
      while (a.step()) {
        old_areas.push_back(a.column_text(0).value_or(""));
      }
    }
    auto new_areas = m_row.areas;
    std::sort(new_areas.begin(), new_areas.end());
    bool areas_changed = false;
    if (named(ImportField::areas) && (new_stage || new_areas != old_areas)) {
      auto joined = [](const std::vector<std::string>& v) {
        std::string out;
        for (const auto& s : v) {
          out += (out.empty() ? "" : ", ") + s;
        }
        return out.empty() ? std::optional<std::string>() : std::optional<std::string>(out);
      };
      compare("areas", new_stage ? std::nullopt : joined(old_areas), joined(new_areas));
      areas_changed = true;
    }

    // Personal data: never restored into a case anonymised since (retention), and never
    // copied into the audit trail, which cannot be anonymised.
    std::optional<std::string> person[5];
    bool person_exists = false;
    bool anonymised = false;
    {
      Statement p(m_db, "SELECT name, email, phone, address, preferred_format, anonymised_on "
                        "FROM person WHERE case_id = ?1");
      p.bind(1, case_id);
      if (p.step()) {
        person_exists = true;
        for (int i = 0; i < 5; ++i) {
          person[i] = p.column_text(i);
        }
        anonymised = !p.column_is_null(5);
      }
    }
    bool person_changed = false;
    if (!anonymised) {
      const ImportField pf[5] = {ImportField::name, ImportField::email, ImportField::phone,
                                 ImportField::address, ImportField::preferred_format};
      for (int i = 0; i < 5; ++i) {
        if (!named(pf[i])) {
          continue;
        }
        const auto to = opt_text(m_row, pf[i]);
        if (to != person[i]) {
          changes.push_back({std::string(field_name(pf[i])), std::nullopt, std::nullopt, true});
          person[i] = to;
          person_changed = true;
        }
      }
    }

    write_fingerprint(case_id, fingerprint);
    if (changes.empty()) {
      return false;
    }

    const bool reclassified =
        classify_named && (type != old(1) || old_procedure != d.spec.procedure);
    Statement up(m_db, "UPDATE case_record SET type = ?2, channel = ?3, service = ?4, "
                       "summary = ?5, received = ?6, received_at = ?7, status = ?8, closure = ?9, "
                       "redirected_to = ?10, owner = ?11, sponsor = ?12, sponsor_name = ?13, "
                       "info_request = ?14, external_ref = ?15, closed_on = ?16, "
                       "last_activity = ?17, classified_by = ?18 WHERE id = ?1");
    up.bind(1, case_id).bind(2, type).bind(3, channel).bind(4, service).bind(5, summary);
    up.bind(6, received).bind(7, received_at).bind(8, status).bind(9, closure);
    up.bind(10, redirected_to).bind(11, owner).bind(12, sponsor).bind(13, sponsor_name);
    up.bind(14, static_cast<std::int64_t>(info_request == std::optional<std::string>("1") ? 1 : 0));
    up.bind(15, external_ref).bind(16, closed_on).bind(17, last_activity);
    up.bind(18, reclassified ? std::optional<std::string>(d.classified_by) : old(17));
    up.run();

    std::int64_t current = stage_id;
    if (new_stage) {
      Statement end(m_db, "UPDATE case_stage SET ended = coalesce(ended, ?2) WHERE id = ?1");
      end.bind(1, stage_id).bind(2, *started).run();
      current = m_next_stage++;
      Statement ins(m_db, "INSERT INTO case_stage (id, case_id, procedure, stage, "
                          "policy_version, started, acknowledge_days, respond_days, "
                          "max_extension_days) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
      ins.bind(1, current).bind(2, case_id).bind(3, d.spec.procedure);
      bind_int(ins, 4, d.spec.stage);
      ins.bind(5, static_cast<std::int64_t>(d.spec.policy_version)).bind(6, *started);
      bind_int(ins, 7, d.spec.acknowledge_days);
      bind_int(ins, 8, d.spec.respond_days);
      bind_int(ins, 9, d.spec.max_extension_days);
      ins.run();
      Statement cur(m_db, "UPDATE case_record SET current_stage = ?2 WHERE id = ?1");
      cur.bind(1, case_id).bind(2, current).run();
    } else if (respec) {
      detail::update_stage_spec(m_db, stage_id, d.spec);
    }
    Statement su(m_db, "UPDATE case_stage SET started = ?2, acknowledged = ?3, responded = ?4, "
                       "outcome = ?5, ended = ?6 WHERE id = ?1");
    su.bind(1, current).bind(2, started).bind(3, acknowledged).bind(4, responded);
    su.bind(5, outcome).bind(6, ended).run();
    if (areas_changed) {
      Statement del(m_db, "DELETE FROM case_area WHERE stage_id = ?1");
      del.bind(1, current).run();
      for (const auto& area : new_areas) {
        Statement a(m_db, "INSERT INTO case_area (stage_id, area) VALUES (?1, ?2)");
        a.bind(1, current).bind(2, area).run();
      }
    }
    if (person_changed) {
      Statement p(m_db, person_exists
                            ? "UPDATE person SET name = ?2, email = ?3, phone = ?4, address = ?5, "
                              "preferred_format = ?6 WHERE case_id = ?1"
                            : "INSERT INTO person (case_id, name, email, phone, address, "
                              "preferred_format) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
      p.bind(1, case_id);
      for (int i = 0; i < 5; ++i) {
        p.bind(i + 2, person[i]);
      }
      p.run();
    }
    for (const auto& ch : changes) {
      m_detail = fmt::format("{}{} from {} ({} line {})", ch.field,
                             ch.personal ? " (personal data: values not recorded)" : "",
                             m_result.source, m_file_base, m_line);
      event(case_id, today, "import-updated",
            ch.from ? std::optional<std::string_view>(*ch.from) : std::nullopt,
            ch.to ? std::optional<std::string_view>(*ch.to) : std::nullopt, m_detail);
    }
    return true;
  }

  void write_fingerprint(std::int64_t case_id, std::uint64_t fingerprint)
  {
    Statement st(m_db, "UPDATE import_record SET fingerprint = ?2 WHERE case_id = ?1");
    st.bind(1, case_id).bind(2, static_cast<std::int64_t>(fingerprint)).run();
  }

  Database& m_db;
  const Mapping& m_mapping;
  ByteSource& m_input;
  const ImportOptions& m_options;
  ImportSink& m_sink;
  RowMapper m_mapper;
  ImportResult m_result;
  std::string m_file;
  std::string m_file_base;

  std::unique_ptr<import::CsvReader> m_csv;
  std::unique_ptr<import::JsonReader> m_json;
  std::vector<bool> m_json_seen;
  std::size_t m_header_fields = 0;
  std::string m_header_raw;
  std::string m_header_ending;
  std::vector<std::size_t> m_column_index;
  std::vector<Cell> m_cells;
  std::optional<std::string> m_record_problem;
  std::uint64_t m_line = 0;

  Row m_row;
  std::string m_reason;
  bool m_reject_started = false;
  std::string m_ref;
  bool m_ref_is_fingerprint = false;
  std::string m_key;
  std::string m_detail;

  Policy m_policy;
  std::unordered_map<std::string, std::optional<std::string>> m_services;
  std::unordered_map<std::string, Decision> m_decisions;
  std::vector<Known> m_known;
  std::vector<bool> m_known_seen;
  FlatSet64 m_seen;
  FlatMap64 m_fingerprints;
  std::int64_t m_next_case = 1;
  std::int64_t m_next_stage = 1;

  std::optional<import::BatchInsert> m_ins_case;
  std::optional<import::BatchInsert> m_ins_stage;
  std::optional<import::BatchInsert> m_ins_area;
  std::optional<import::BatchInsert> m_ins_person;
  std::optional<import::BatchInsert> m_ins_event;
  std::optional<import::BatchInsert> m_ins_import;
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
