// SPDX-License-Identifier: MIT
// Reading and checking a mapping file, and the date formats it names.
#include "import/date_text.hpp"
#include "import/import_values.hpp"
#include "util/json_document.hpp"

#include <feedback/import/import_mapping.hpp>
#include <feedback/util/error.hpp>

#include <date/tz.h>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <map>

namespace feedback {

namespace {

using nlohmann::json;

constexpr std::string_view k_field_names[] = {"received",
                                              "channel",
                                              "summary",
                                              "type",
                                              "procedure",
                                              "stage",
                                              "stage_started",
                                              "service",
                                              "service_name",
                                              "status",
                                              "closure",
                                              "redirected_to",
                                              "acknowledged",
                                              "responded",
                                              "closed",
                                              "outcome",
                                              "areas",
                                              "owner",
                                              "sponsor",
                                              "sponsor_name",
                                              "info_request",
                                              "external_ref",
                                              "name",
                                              "email",
                                              "phone",
                                              "address",
                                              "preferred_format",
                                              "outcome_text",
                                              "resolution",
                                              "due",
                                              "ombudsman_ref",
                                              "ombudsman_received",
                                              "ombudsman_decision",
                                              "ombudsman_decided",
                                              "remedy_kind",
                                              "remedy_amount",
                                              "remedy_due",
                                              "remedy_done",
                                              "event_date",
                                              "event_kind",
                                              "event_text",
                                              "event_officer"};
static_assert(std::size(k_field_names) == k_import_field_count);

constexpr std::string_view k_top_keys[] = {
    "source",   "format",       "delimiter",   "records",  "identity",
    "missing",  "date_formats", "missing_day", "timezone", "duplicate_keys",
    "group_by", "fields",       "description", "comment"};
constexpr std::string_view k_spec_keys[] = {"column",    "const",   "template", "map",
                                            "otherwise", "default", "formats",  "missing_day",
                                            "extract",   "split",   "comment"};
constexpr std::string_view k_group_keys[] = {"column", "facts", "date", "comment"};

bool
listed(std::span<const std::string_view> words, std::string_view word)
{
  return std::find(words.begin(), words.end(), word) != words.end();
}

[[noreturn]] void
fail(std::string_view name, std::string_view path, std::string_view problem)
{
  throw Error(ExitCode::data_error, fmt::format("{}: {}: {}", name, path, problem));
}

// Parses `text`, refusing repeated keys and nesting past the limit every JSON input has.
json
parse_strict(std::string_view text, std::string_view name)
{
  try {
    return detail::parse_json_document(text, name);
  } catch (const json::parse_error& e) {
    fail(name, "(document)", fmt::format("not valid JSON: {}", e.what()));
  }
}

std::string
show_json(std::string_view s)
{
  return json(std::string(s)).dump();
}

class MappingReader
{
public:
  MappingReader(std::string_view name) : m_name(name) {}

  Mapping read(const json& doc)
  {
    Mapping m;
    m.name = std::string(m_name);
    if (!doc.is_object()) {
      fail(m_name, "(document)", "expected an object with \"source\" and \"fields\"");
    }
    for (const auto& [key, value] : doc.items()) {
      if (!listed(k_top_keys, key)) {
        fail(m_name, key, fmt::format("unknown key (expected one of: {})", join(k_top_keys)));
      }
      (void)value;
    }
    m.source = required_text(doc, "source");
    if (doc.contains("format")) {
      const auto f = text(doc["format"], "format");
      if (f == "csv") {
        m.format = InputFormat::csv;
      } else if (f == "jsonl") {
        m.format = InputFormat::json_lines;
      } else if (f == "json") {
        m.format = InputFormat::json;
      } else {
        fail(m_name, "format",
             fmt::format("unknown format {} (expected csv, jsonl or json)", show_json(f)));
      }
    }
    if (doc.contains("delimiter")) {
      const auto d = text(doc["delimiter"], "delimiter");
      if (d.size() != 1 || d == "\"" || d == "\n" || d == "\r") {
        fail(m_name, "delimiter", "expected one character other than a quote or a line break");
      }
      m.delimiter = d[0];
    }
    if (doc.contains("records")) {
      const auto r = text(doc["records"], "records");
      m.records_path = split_path(r, "records");
    }
    m.missing = {"null", "NULL", "Null"};
    if (doc.contains("missing")) {
      m.missing = text_list(doc["missing"], "missing");
    }
    if (doc.contains("missing_day")) {
      m_missing_day = missing_day(doc["missing_day"], "missing_day");
    }
    std::vector<DateFormat> date_formats;
    if (doc.contains("date_formats")) {
      date_formats = formats(doc["date_formats"], "date_formats", m_missing_day);
    }
    if (doc.contains("timezone")) {
      m.timezone = text(doc["timezone"], "timezone");
      const auto* zone = import::find_time_zone(m.timezone);
      if (zone == nullptr) {
        fail(m_name, "timezone",
             fmt::format("unknown time zone {} (an IANA name from the system's tzdata, e.g. "
                         "\"Europe/London\" or \"America/New_York\")",
                         show_json(m.timezone)));
      }
      m.zone = zone;
    }
    if (doc.contains("duplicate_keys")) {
      const auto d = text(doc["duplicate_keys"], "duplicate_keys");
      if (d == "reject") {
        m.duplicate_keys = DuplicateKeys::reject;
      } else if (d == "first") {
        m.duplicate_keys = DuplicateKeys::first;
      } else if (d == "last") {
        m.duplicate_keys = DuplicateKeys::last;
      } else {
        fail(m_name, "duplicate_keys",
             fmt::format("unknown value {} (expected reject, first or last)", show_json(d)));
      }
    }
    if (doc.contains("identity") && !doc["identity"].is_null()) {
      m.identity = column(m, text(doc["identity"], "identity"), "identity");
    }
    if (doc.contains("group_by")) {
      group_by(m, doc["group_by"], date_formats);
    }
    if (!doc.contains("fields") || !doc["fields"].is_object()) {
      fail(m_name, "fields", "required: an object of case field -> how to fill it");
    }
    for (const auto& [key, value] : doc["fields"].items()) {
      const auto field = field_from_name(key);
      if (!field) {
        fail(m_name, "fields." + key,
             fmt::format("unknown case field (expected one of: {})", join(k_field_names)));
      }
      auto spec = field_spec(m, *field, value, "fields." + key, date_formats);
      item_columns(m, *field, spec, "fields." + key);
      m.fields[static_cast<std::size_t>(*field)] = std::move(spec);
      m.named[static_cast<std::size_t>(*field)] = true;
    }
    check_map_targets(m);
    check_wildcards(m);
    check_required(m);
    return m;
  }

private:
  std::string_view m_name;
  // Mapping::columns by name: a template may name thousands of columns.
  mutable std::map<std::string, int, std::less<>> m_columns;
  int m_missing_day = 0; // the mapping's "missing_day": for every date field without its own

  static std::string join(std::span<const std::string_view> words)
  {
    std::string out;
    for (const auto w : words) {
      out += (out.empty() ? "" : ", ") + std::string(w);
    }
    return out;
  }

  std::string text(const json& v, std::string_view path) const
  {
    if (!v.is_string()) {
      fail(m_name, path, "expected a string");
    }
    return v.get<std::string>();
  }

  std::string required_text(const json& doc, const char* key) const
  {
    if (!doc.contains(key)) {
      fail(m_name, key, "required");
    }
    auto t = text(doc[key], key);
    if (t.find_first_not_of(" \t") == std::string::npos) {
      fail(m_name, key, "must not be empty");
    }
    return t;
  }

  std::vector<std::string> text_list(const json& v, std::string_view path) const
  {
    std::vector<std::string> out;
    if (v.is_string()) {
      out.push_back(v.get<std::string>());
      return out;
    }
    if (!v.is_array()) {
      fail(m_name, path, "expected a string or an array of strings");
    }
    for (std::size_t i = 0; i < v.size(); ++i) {
      out.push_back(text(v[i], fmt::format("{}[{}]", path, i)));
    }
    return out;
  }

  std::vector<std::string> split_path(const std::string& path, std::string_view where) const
  {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
      const auto dot = path.find('.', start);
      out.push_back(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
      if (out.back().empty()) {
        fail(m_name, where, fmt::format("{}: empty key in the dotted path", show_json(path)));
      }
      if (dot == std::string::npos) {
        return out;
      }
      start = dot + 1;
    }
  }

  // "column": ["A", "B"]: the first of them with a value.
  void columns(Mapping& m, const json& v, const std::string& path, FieldSpec& spec) const
  {
    if (v.empty()) {
      fail(m_name, path, "name at least one column");
    }
    for (std::size_t i = 0; i < v.size(); ++i) {
      const int c = column(m, text(v[i], fmt::format("{}[{}]", path, i)), path);
      if (i == 0) {
        spec.column = c;
      } else {
        spec.fallbacks.push_back(c);
      }
    }
  }

  int column(Mapping& m, const std::string& name, std::string_view path) const
  {
    if (name.empty()) {
      fail(m_name, path, "the column name must not be empty");
    }
    const auto [it, added] = m_columns.try_emplace(name, static_cast<int>(m.columns.size()));
    if (added) {
      m.columns.push_back(name);
    }
    return it->second;
  }

  std::vector<DateFormat> formats(const json& v, std::string_view path, int missing_day) const
  {
    std::vector<DateFormat> out;
    const auto list = text_list(v, path);
    if (list.empty()) {
      fail(m_name, path, "give at least one date format");
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto where = fmt::format("{}[{}]", path, i);
      if (auto problem = import::check_date_pattern(list[i], missing_day > 0)) {
        fail(m_name, where, fmt::format("{}: {}", show_json(list[i]), *problem));
      }
      out.push_back({list[i]});
    }
    return out;
  }

  // The day a month-only date is read as: 1 to 31 (the month's last day at most).
  int missing_day(const json& v, std::string_view path) const
  {
    if (!v.is_number_integer() || v.get<std::int64_t>() < 1 || v.get<std::int64_t>() > 31) {
      fail(m_name, path, "expected a day of the month, 1 to 31 (31: the month's last day)");
    }
    return static_cast<int>(v.get<std::int64_t>());
  }

  // "group_by": a column, or {"column": C, "facts": "first"|"latest", "date": D}.
  void group_by(Mapping& m, const json& v, const std::vector<DateFormat>& date_formats)
  {
    const std::string path = "group_by";
    if (v.is_string()) {
      m.group_by = column(m, v.get<std::string>(), path);
    } else if (v.is_object()) {
      for (const auto& [key, value] : v.items()) {
        if (!listed(k_group_keys, key)) {
          fail(m_name, path + "." + key,
               fmt::format("unknown key (expected one of: {})", join(k_group_keys)));
        }
        (void)value;
      }
      if (!v.contains("column")) {
        fail(m_name, path + ".column", "required: the column that names each row's case");
      }
      m.group_by = column(m, text(v["column"], path + ".column"), path + ".column");
      const auto facts = v.contains("facts") ? text(v["facts"], path + ".facts") : "first";
      if (facts == "first") {
        m.group_facts = GroupFacts::first;
      } else if (facts == "latest") {
        m.group_facts = GroupFacts::latest;
      } else {
        fail(m_name, path + ".facts",
             fmt::format("unknown value {} (expected first or latest)", show_json(facts)));
      }
      if (v.contains("date") != (m.group_facts == GroupFacts::latest)) {
        fail(m_name, path + ".date",
             "\"facts\": \"latest\" needs the \"date\" column that says which row is "
             "latest (and only it has one)");
      }
      if (v.contains("date")) {
        m.group_date =
            field_spec(m, ImportField::received, v["date"], path + ".date", date_formats);
      }
    } else {
      fail(m_name, path, "expected a column name or an object");
    }
    if (!m.identity) {
      m.identity = m.group_by; // the case's reference, unless the mapping names another
    }
  }

  // The columns `spec` reads.
  static std::vector<int> columns_of(const FieldSpec& spec)
  {
    std::vector<int> out;
    if (spec.column >= 0) {
      out.push_back(spec.column);
    }
    out.insert(out.end(), spec.fallbacks.begin(), spec.fallbacks.end());
    for (const auto& part : spec.parts) {
      if (part.column >= 0) {
        out.push_back(part.column);
      }
    }
    return out;
  }

  // A column written "notes.*.datetime" reads "datetime" of every element of the array "notes":
  // events or remedies, one per element. The array is the same for every such column of a kind.
  void item_columns(Mapping& m, ImportField field, const FieldSpec& spec, const std::string& path)
  {
    for (const int c : columns_of(spec)) {
      const auto& name = m.columns[static_cast<std::size_t>(c)];
      const auto star = name.find('*');
      if (star == std::string::npos) {
        continue;
      }
      if (!is_event_field(field) && !is_remedy_field(field)) {
        fail(m_name, path,
             fmt::format("{}: only the event_* and remedy_* fields read every element of an "
                         "array (\"*\")",
                         show_json(name)));
      }
      const bool at_start = star == 0 || name[star - 1] == '.';
      const bool at_end = star + 1 == name.size() || name[star + 1] == '.';
      if (star == 0 || !at_start || !at_end || name.find('*', star + 1) != std::string::npos) {
        fail(m_name, path,
             fmt::format("{}: write one \"*\" for the elements of an array, after its path "
                         "(\"notes.*.datetime\", or \"notes.*\" for the elements themselves)",
                         show_json(name)));
      }
      auto& array = is_event_field(field) ? m.event_array : m.remedy_array;
      const auto prefix = name.substr(0, star - 1);
      if (!array) {
        array = ItemArray{prefix, {}};
      } else if (array->path != prefix) {
        fail(m_name, path,
             fmt::format("{}: every {} field with \"*\" reads one array (here \"{}\")",
                         show_json(name), is_event_field(field) ? "event" : "remedy", array->path));
      }
      if (std::find(array->columns.begin(), array->columns.end(), c) == array->columns.end()) {
        array->columns.push_back(c);
      }
    }
  }

  // A "*" column only for the fields that read arrays: another field naming it is refused.
  void check_wildcards(const Mapping& m) const
  {
    for (std::size_t f = 0; f < k_import_field_count; ++f) {
      const auto field = static_cast<ImportField>(f);
      if (!m.fields[f] || is_event_field(field) || is_remedy_field(field)) {
        continue;
      }
      for (const int c : columns_of(*m.fields[f])) {
        if (m.columns[static_cast<std::size_t>(c)].find('*') != std::string::npos) {
          fail(m_name, fmt::format("fields.{}", field_name(field)),
               fmt::format("{}: only the event_* and remedy_* fields read every element of an "
                           "array (\"*\")",
                           show_json(m.columns[static_cast<std::size_t>(c)])));
        }
      }
    }
    for (const auto* c : {&m.identity, &m.group_by}) {
      if (*c && m.columns[static_cast<std::size_t>(**c)].find('*') != std::string::npos) {
        fail(m_name, c == &m.identity ? "identity" : "group_by",
             "a case's reference is one value, not every element of an array");
      }
    }
  }

  // What each kind of mapping cannot do without.
  void check_required(Mapping& m) const
  {
    bool only_events = true;
    bool any = false;
    for (std::size_t f = 0; f < k_import_field_count; ++f) {
      if (m.named[f]) {
        any = true;
        only_events = only_events && is_event_field(static_cast<ImportField>(f));
      }
    }
    auto require = [&](ImportField field, std::string_view why) {
      if (!m.names(field)) {
        fail(m_name, fmt::format("fields.{}", field_name(field)), why);
      }
    };
    auto needs = [&](bool (*kind)(ImportField), ImportField field, std::string_view what) {
      for (std::size_t f = 0; f < k_import_field_count; ++f) {
        if (m.named[f] && kind(static_cast<ImportField>(f))) {
          require(field, fmt::format("required with fields.{}: {}",
                                     field_name(static_cast<ImportField>(f)), what));
        }
      }
    };
    needs(is_event_field, ImportField::event_date, "an event is put in the timeline by its date");
    if (any && only_events) {
      // An events file: each record is one event of a case imported before.
      m.events_only = true;
      if (!m.identity) {
        fail(m_name, "identity",
             "required for an events file (a mapping of event fields only): the column with "
             "the reference of the case each event belongs to");
      }
      if (m.group_by) {
        fail(m_name, "group_by", "an events file has one event per record: nothing to group");
      }
      return;
    }
    needs(is_remedy_field, ImportField::remedy_kind, "what the remedy is");
    needs(is_remedy_field, ImportField::remedy_due, "when the remedy is due");
    needs(is_remedy_field, ImportField::ombudsman_decision, "a remedy follows the decision");
    needs(is_ombudsman_field, ImportField::ombudsman_ref, "the Ombudsman's reference");
    needs(is_ombudsman_field, ImportField::ombudsman_received,
          "the date the complaint reached the Ombudsman");
    if (m.names(ImportField::ombudsman_decision)) {
      require(ImportField::ombudsman_decided, "required with fields.ombudsman_decision: the date "
                                              "of the decision");
    }
    for (const auto required :
         {ImportField::received, ImportField::channel, ImportField::summary}) {
      require(required, "required: map a column, or give a \"const\"");
    }
    if (m.spec(ImportField::received) == nullptr) {
      fail(m_name, "fields.received", "must be mapped itself (a date column)");
    }
  }

  static bool is_ombudsman_field(ImportField f)
  {
    return f == ImportField::ombudsman_ref || f == ImportField::ombudsman_received ||
           f == ImportField::ombudsman_decision || f == ImportField::ombudsman_decided ||
           is_remedy_field(f);
  }

  // A constant, map or default value as text: strings, whole numbers and booleans.
  std::string scalar(const json& v, std::string_view path) const
  {
    if (v.is_string()) {
      return v.get<std::string>();
    }
    if (v.is_number_integer()) {
      return std::to_string(v.get<std::int64_t>());
    }
    if (v.is_boolean()) {
      return v.get<bool>() ? "yes" : "no";
    }
    fail(m_name, path, "expected a string, a whole number or true/false");
  }

  // A value as the toolkit stores it for `field`; refuses one it would refuse in a record.
  std::string value_for(ImportField field, const json& v, std::string_view path) const
  {
    if (is_date_field(field)) {
      fail(m_name, path,
           fmt::format("{} is a date: it cannot be given as a constant or by a map",
                       field_name(field)));
    }
    auto value = scalar(v, path);
    if (field == ImportField::areas) {
      // One area per map value; a list is written in the source column.
      if (auto problem = import::check_word(field, value)) {
        fail(m_name, path, *problem);
      }
      return value;
    }
    if (auto problem = import::check_word(field, value)) {
      fail(m_name, path, *problem);
    }
    return value;
  }

  MapTarget target(ImportField field, const json& v, std::string_view path) const
  {
    MapTarget t;
    if (v.is_null()) {
      return t; // the value means "none": e.g. a sponsor column's "Customer"
    }
    if (!v.is_object()) {
      t.values.emplace_back(field, value_for(field, v, path));
      return t;
    }
    if (field == ImportField::areas) {
      fail(m_name, path, "an area map gives one area, not an object");
    }
    if (is_event_field(field) || is_remedy_field(field)) {
      fail(m_name, path, "an event's or a remedy's field maps to its own value, not an object");
    }
    if (v.empty()) {
      fail(m_name, path, "an empty object sets nothing");
    }
    for (const auto& [key, value] : v.items()) {
      const auto target_field = field_from_name(key);
      if (!target_field) {
        fail(m_name, fmt::format("{}.{}", path, key),
             fmt::format("unknown case field (expected one of: {})", join(k_field_names)));
      }
      if (*target_field == ImportField::areas) {
        fail(m_name, fmt::format("{}.{}", path, key), "areas cannot be set by another field's map");
      }
      if (is_event_field(*target_field) || is_remedy_field(*target_field)) {
        fail(m_name, fmt::format("{}.{}", path, key),
             "an event's or a remedy's field cannot be set by another field's map");
      }
      t.values.emplace_back(*target_field,
                            value_for(*target_field, value, fmt::format("{}.{}", path, key)));
    }
    return t;
  }

  FieldSpec field_spec(Mapping& m, ImportField field, const json& v, const std::string& path,
                       const std::vector<DateFormat>& default_formats) const
  {
    FieldSpec spec;
    if (v.is_string()) {
      spec.column = column(m, v.get<std::string>(), path);
    } else if (v.is_array()) {
      columns(m, v, path, spec);
    } else if (v.is_object()) {
      for (const auto& [key, value] : v.items()) {
        if (!listed(k_spec_keys, key)) {
          fail(m_name, path + "." + key,
               fmt::format("unknown key (expected one of: {})", join(k_spec_keys)));
        }
        (void)value;
      }
      const int sources = static_cast<int>(v.contains("column")) +
                          static_cast<int>(v.contains("const")) +
                          static_cast<int>(v.contains("template"));
      if (sources != 1) {
        fail(m_name, path, "give exactly one of \"column\", \"const\" or \"template\"");
      }
      if (v.contains("column") && v["column"].is_array()) {
        columns(m, v["column"], path + ".column", spec);
      } else if (v.contains("column")) {
        spec.column = column(m, text(v["column"], path + ".column"), path + ".column");
      } else if (v.contains("const")) {
        spec.kind = FieldSpec::Kind::constant;
        spec.constant = value_for(field, v["const"], path + ".const");
      } else {
        spec.kind = FieldSpec::Kind::template_text;
        spec.parts = parse_template(m, text(v["template"], path + ".template"), path + ".template");
      }
      if (v.contains("map")) {
        const auto& map = v["map"];
        if (!map.is_object()) {
          fail(m_name, path + ".map", "expected an object: source value -> value");
        }
        // The first key that repeats an earlier one once folded, found by sorting: a search
        // per key made a map of 100,000 values take minutes.
        std::vector<std::pair<std::string, std::size_t>> folded;
        for (const auto& [key, value] : map.items()) {
          folded.emplace_back(import::fold(import::trim(key)), folded.size());
          (void)value;
        }
        std::sort(folded.begin(), folded.end());
        std::size_t repeat = folded.size();
        for (std::size_t i = 1; i < folded.size(); ++i) {
          if (folded[i].first == folded[i - 1].first) {
            repeat = std::min(repeat, folded[i].second);
          }
        }
        std::size_t n = 0;
        for (const auto& [key, value] : map.items()) {
          const auto where = fmt::format("{}.map[{}]", path, show_json(key));
          if (n++ == repeat) {
            fail(m_name, where,
                 "repeats a value already mapped (values are compared trimmed "
                 "and ignoring ASCII case)");
          }
          spec.map.emplace_back(import::fold(import::trim(key)), target(field, value, where));
        }
        std::sort(spec.map.begin(), spec.map.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        for (std::size_t i = 0; i < spec.map.size(); ++i) {
          spec.index.emplace_back(import::hash_bytes(spec.map[i].first, 0), i);
        }
        std::sort(spec.index.begin(), spec.index.end());
      }
      if (v.contains("otherwise")) {
        if (!v.contains("map")) {
          fail(m_name, path + ".otherwise", "only with a \"map\"");
        }
        spec.otherwise = target(field, v["otherwise"], path + ".otherwise");
      }
      if (v.contains("default")) {
        spec.default_value = value_for(field, v["default"], path + ".default");
      }
      if (v.contains("missing_day")) {
        if (!is_date_field(field)) {
          fail(m_name, path + ".missing_day", "only date fields have a missing day");
        }
        spec.missing_day = missing_day(v["missing_day"], path + ".missing_day");
      }
      if (v.contains("formats")) {
        if (!is_date_field(field)) {
          fail(m_name, path + ".formats", "only date fields have formats");
        }
        spec.formats = formats(v["formats"], path + ".formats",
                               spec.missing_day > 0 ? spec.missing_day : m_missing_day);
      }
      if (v.contains("extract")) {
        if (spec.kind == FieldSpec::Kind::constant) {
          fail(m_name, path + ".extract", "a constant has nothing to cut out");
        }
        spec.extract_text = text(v["extract"], path + ".extract");
        try {
          spec.extract = std::make_shared<const std::regex>(spec.extract_text);
        } catch (const std::regex_error& e) {
          fail(m_name, path + ".extract",
               fmt::format("{}: not a regular expression (ECMAScript): {}",
                           show_json(spec.extract_text), e.what()));
        }
      }
      if (v.contains("split")) {
        if (field != ImportField::areas) {
          fail(m_name, path + ".split", "only areas are split");
        }
        spec.split = text(v["split"], path + ".split");
        if (spec.split.empty()) {
          fail(m_name, path + ".split", "must not be empty");
        }
      }
    } else {
      fail(m_name, path, "expected a column name or an object");
    }
    if (is_date_field(field)) {
      if (spec.kind == FieldSpec::Kind::constant) {
        fail(m_name, path, "a date is read from a column (or a template of columns)");
      }
      if (spec.missing_day == 0) {
        spec.missing_day = m_missing_day;
      }
      if (!spec.map.empty()) {
        fail(m_name, path + ".map", "a date has formats, not a map");
      }
      if (spec.formats.empty()) {
        spec.formats = default_formats;
      }
      if (spec.formats.empty()) {
        fail(m_name, path,
             "give \"formats\" (or \"date_formats\" for every date), e.g. "
             "[\"%d/%m/%Y\"] or [\"iso8601\"]");
      }
    }
    if (field == ImportField::areas && spec.split.empty()) {
      spec.split = ";";
    }
    return spec;
  }

  // Columns in { }, optional parts in [ ] (left out unless every column in them has a value);
  // {{ }} [[ ]] for the characters themselves.
  std::vector<TemplatePart> parse_template(Mapping& m, const std::string& t,
                                           const std::string& path) const
  {
    std::vector<TemplatePart> parts;
    std::string literal;
    int group = -1; // the group being read, or -1
    int groups = 0; // groups so far
    bool group_has_column = false;
    auto flush = [&] {
      if (!literal.empty()) {
        parts.push_back({std::move(literal), -1, group});
        literal.clear();
      }
    };
    for (std::size_t i = 0; i < t.size(); ++i) {
      const char c = t[i];
      if ((c == '{' || c == '}' || c == '[' || c == ']') && i + 1 < t.size() && t[i + 1] == c) {
        literal += c;
        ++i;
        continue;
      }
      if (c == '}') {
        fail(m_name, path, "a lone '}' (write '}}' for the character)");
      }
      if (c == '[') {
        if (group >= 0) {
          fail(m_name, path,
               "a '[' inside [ ] (optional parts do not nest; '[[' for the "
               "character)");
        }
        flush();
        group = groups++;
        group_has_column = false;
        continue;
      }
      if (c == ']') {
        if (group < 0) {
          fail(m_name, path, "a lone ']' (write ']]' for the character)");
        }
        if (!group_has_column) {
          fail(m_name, path, "[ ] without a column: it would never be left out");
        }
        flush();
        group = -1;
        continue;
      }
      if (c != '{') {
        literal += c;
        continue;
      }
      const auto close = t.find('}', i + 1);
      if (close == std::string::npos) {
        fail(m_name, path, "a '{' without its '}' (write '{{' for the character)");
      }
      flush();
      parts.push_back({{}, column(m, t.substr(i + 1, close - i - 1), path), group});
      group_has_column = group_has_column || group >= 0;
      i = close;
    }
    if (group >= 0) {
      fail(m_name, path, "a '[' without its ']' (write '[[' for the character)");
    }
    flush();
    if (std::none_of(parts.begin(), parts.end(), [](const auto& p) { return p.column >= 0; })) {
      fail(m_name, path, "names no column: use \"const\" for a fixed value");
    }
    return parts;
  }

  // A field set by another field's map must not be filled any other way: which would win?
  void check_map_targets(Mapping& m) const
  {
    std::array<std::string, k_import_field_count> set_by{};
    for (std::size_t f = 0; f < k_import_field_count; ++f) {
      const auto& spec = m.fields[f];
      if (!spec) {
        continue;
      }
      const auto owner = std::string(field_name(static_cast<ImportField>(f)));
      auto visit = [&](const MapTarget& t, const std::string& where) {
        for (const auto& [target_field, value] : t.values) {
          const auto tf = static_cast<std::size_t>(target_field);
          if (tf == f) {
            continue;
          }
          if (m.fields[tf]) {
            fail(m_name, where,
                 fmt::format("sets {}, which fields.{} fills already", field_name(target_field),
                             field_name(target_field)));
          }
          if (!set_by[tf].empty() && set_by[tf] != owner) {
            fail(m_name, where,
                 fmt::format("sets {}, which the map of fields.{} sets already",
                             field_name(target_field), set_by[tf]));
          }
          set_by[tf] = owner;
          m.named[tf] = true;
          (void)value;
        }
      };
      for (const auto& [key, t] : spec->map) {
        visit(t, fmt::format("fields.{}.map[{}]", owner, show_json(key)));
      }
      if (spec->otherwise) {
        visit(*spec->otherwise, fmt::format("fields.{}.otherwise", owner));
      }
    }
  }
};

} // namespace

std::string_view
format_name(InputFormat format) noexcept
{
  switch (format) {
  case InputFormat::csv:
    return "csv";
  case InputFormat::json_lines:
    return "jsonl";
  case InputFormat::json:
    return "json";
  }
  return "?";
}

std::string_view
field_name(ImportField field) noexcept
{
  return k_field_names[static_cast<std::size_t>(field)];
}

std::optional<ImportField>
field_from_name(std::string_view name) noexcept
{
  for (std::size_t i = 0; i < k_import_field_count; ++i) {
    if (k_field_names[i] == name) {
      return static_cast<ImportField>(i);
    }
  }
  return std::nullopt;
}

bool
is_date_field(ImportField field) noexcept
{
  switch (field) {
  case ImportField::received:
  case ImportField::stage_started:
  case ImportField::acknowledged:
  case ImportField::responded:
  case ImportField::closed:
  case ImportField::due:
  case ImportField::ombudsman_received:
  case ImportField::ombudsman_decided:
  case ImportField::remedy_due:
  case ImportField::remedy_done:
  case ImportField::event_date:
    return true;
  default:
    return false;
  }
}

bool
is_remedy_field(ImportField field) noexcept
{
  return field >= ImportField::remedy_kind && field <= ImportField::remedy_done;
}

bool
is_event_field(ImportField field) noexcept
{
  return field >= ImportField::event_date && field <= ImportField::event_officer;
}

const MapTarget*
FieldSpec::find(std::string_view folded) const noexcept
{
  const auto h = import::hash_bytes(folded, 0);
  auto it = std::lower_bound(index.begin(), index.end(), std::make_pair(h, std::size_t{0}));
  for (; it != index.end() && it->first == h; ++it) {
    if (map[it->second].first == folded) {
      return &map[it->second].second;
    }
  }
  return nullptr;
}

std::optional<Date>
parse_date_with_format(std::string_view text, const DateFormat& format, const date::time_zone* zone)
{
  const auto written = import::read_written_time(text, format.pattern);
  if (!written) {
    return std::nullopt;
  }
  const auto london = import::london_time(*written, zone);
  if (!london.in_range) {
    return std::nullopt;
  }
  return london.day;
}

Mapping
parse_mapping(std::string_view text, std::string_view name)
{
  const auto doc = parse_strict(text, name);
  return MappingReader(name).read(doc);
}

} // namespace feedback
