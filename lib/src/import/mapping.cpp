// SPDX-License-Identifier: MIT
// Reading and checking a mapping file, and the date formats it names.
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

constexpr std::string_view k_field_names[] = {
    "received",     "channel",         "summary",      "type",         "procedure",
    "stage",        "stage_started",   "service",      "service_name", "status",
    "closure",      "redirected_to",   "acknowledged", "responded",    "closed",
    "outcome",      "areas",           "owner",        "sponsor",      "sponsor_name",
    "info_request", "external_ref",    "name",         "email",        "phone",
    "address",      "preferred_format"};
static_assert(std::size(k_field_names) == k_import_field_count);

constexpr std::string_view k_top_keys[] = {"source",      "format",  "delimiter",    "records",
                                           "identity",    "missing", "date_formats", "fields",
                                           "description", "comment"};
constexpr std::string_view k_spec_keys[] = {"column",  "const",   "template", "map",    "otherwise",
                                            "default", "formats", "split",    "comment"};

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
    std::vector<DateFormat> date_formats;
    if (doc.contains("date_formats")) {
      date_formats = formats(doc["date_formats"], "date_formats");
    }
    if (doc.contains("identity") && !doc["identity"].is_null()) {
      m.identity = column(m, text(doc["identity"], "identity"), "identity");
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
      m.fields[static_cast<std::size_t>(*field)] = std::move(spec);
      m.named[static_cast<std::size_t>(*field)] = true;
    }
    check_map_targets(m);
    for (const auto required :
         {ImportField::received, ImportField::channel, ImportField::summary}) {
      if (!m.names(required)) {
        fail(m_name, fmt::format("fields.{}", field_name(required)),
             "required: map a column, or give a \"const\"");
      }
    }
    if (m.spec(ImportField::received) == nullptr) {
      fail(m_name, "fields.received", "must be mapped itself (a date column)");
    }
    return m;
  }

private:
  std::string_view m_name;
  // Mapping::columns by name: a template may name thousands of columns.
  mutable std::map<std::string, int, std::less<>> m_columns;

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

  std::vector<DateFormat> formats(const json& v, std::string_view path) const
  {
    std::vector<DateFormat> out;
    const auto list = text_list(v, path);
    if (list.empty()) {
      fail(m_name, path, "give at least one date format");
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto where = fmt::format("{}[{}]", path, i);
      if (auto problem = check_date_format(list[i])) {
        fail(m_name, where, fmt::format("{}: {}", show_json(list[i]), *problem));
      }
      out.push_back({list[i]});
    }
    return out;
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
      if (v.contains("column")) {
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
      if (v.contains("formats")) {
        if (!is_date_field(field)) {
          fail(m_name, path + ".formats", "only date fields have formats");
        }
        spec.formats = formats(v["formats"], path + ".formats");
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
      if (spec.kind != FieldSpec::Kind::column) {
        fail(m_name, path, "a date is read from a column");
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

  std::vector<TemplatePart> parse_template(Mapping& m, const std::string& t,
                                           const std::string& path) const
  {
    std::vector<TemplatePart> parts;
    std::string literal;
    for (std::size_t i = 0; i < t.size(); ++i) {
      const char c = t[i];
      if ((c == '{' || c == '}') && i + 1 < t.size() && t[i + 1] == c) {
        literal += c;
        ++i;
        continue;
      }
      if (c == '}') {
        fail(m_name, path, "a lone '}' (write '}}' for the character)");
      }
      if (c != '{') {
        literal += c;
        continue;
      }
      const auto close = t.find('}', i + 1);
      if (close == std::string::npos) {
        fail(m_name, path, "a '{' without its '}' (write '{{' for the character)");
      }
      if (!literal.empty()) {
        parts.push_back({std::move(literal), -1});
        literal.clear();
      }
      parts.push_back({{}, column(m, t.substr(i + 1, close - i - 1), path)});
      i = close;
    }
    if (!literal.empty()) {
      parts.push_back({std::move(literal), -1});
    }
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

  // Why `pattern` cannot be a date format, or nullopt.
  static std::optional<std::string> check_date_format(const std::string& pattern)
  {
    if (pattern == "iso8601") {
      return std::nullopt;
    }
    bool day = false;
    bool month = false;
    bool year = false;
    bool hour12 = false;
    bool ampm = false;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
      if (pattern[i] != '%') {
        continue;
      }
      if (i + 1 == pattern.size()) {
        return "ends with a lone %";
      }
      switch (pattern[++i]) {
      case 'd':
        day = true;
        break;
      case 'm':
      case 'b':
      case 'B':
        month = true;
        break;
      case 'Y':
        year = true;
        break;
      case 'I':
        hour12 = true;
        break;
      case 'p':
        ampm = true;
        break;
      case 'H':
      case 'M':
      case 'S':
      case 'z':
      case '%':
        break;
      default:
        return fmt::format("unknown directive %{} (known: %d %m %b %B %Y %H %M %S %I %p %z %%, "
                           "or the whole format \"iso8601\")",
                           pattern[i]);
      }
    }
    if (!day || !month || !year) {
      return "needs a day (%d), a month (%m, %b or %B) and a four-digit year (%Y)";
    }
    if (hour12 != ampm) {
      return "%I (12-hour clock) and %p (AM/PM) go together";
    }
    return std::nullopt;
  }
};

const std::string_view k_month_names[] = {"january",   "february", "march",    "april",
                                          "may",       "june",     "july",     "august",
                                          "september", "october",  "november", "december"};

inline bool
read_number(std::string_view s, std::size_t& pos, std::size_t min_digits, std::size_t max_digits,
            int& out) noexcept
{
  const char* p = s.data() + pos;
  const std::size_t avail = s.size() - pos;
  const std::size_t limit = max_digits < avail ? max_digits : avail;
  std::size_t n = 0;
  int value = 0;
  while (n < limit && static_cast<unsigned char>(p[n] - '0') <= 9) {
    value = value * 10 + (p[n] - '0');
    ++n;
  }
  if (n < min_digits) {
    return false;
  }
  pos += n;
  out = value;
  return true;
}

char
lower(char c) noexcept
{
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

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
    return true;
  default:
    return false;
  }
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
parse_date_with_format(std::string_view text, const DateFormat& format)
{
  const std::string_view pattern = format.pattern;
  if (pattern == "iso8601") {
    return parse_date_or_datetime(text);
  }
  int day = 0;
  int month = 0;
  int year = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int hour12 = -1;
  int pm = -1;
  std::optional<std::chrono::minutes> offset;
  std::size_t pos = 0;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char pc = pattern[i];
    if (pc != '%') {
      if (pc == ' ') {
        // Spaces in the pattern stand for one or more in the text (several in a row for one,
        // or "%d  %m" could never match anything).
        if (pos >= text.size() || text[pos] != ' ') {
          return std::nullopt;
        }
        while (pos < text.size() && text[pos] == ' ') {
          ++pos;
        }
        while (i + 1 < pattern.size() && pattern[i + 1] == ' ') {
          ++i;
        }
        continue;
      }
      if (pos >= text.size() || text[pos] != pc) {
        return std::nullopt;
      }
      ++pos;
      continue;
    }
    if (++i == pattern.size()) {
      return std::nullopt; // a lone % at the end (parse_mapping refuses such a format)
    }
    switch (pattern[i]) {
    case 'd':
      if (!read_number(text, pos, 1, 2, day)) {
        return std::nullopt;
      }
      break;
    case 'm':
      if (!read_number(text, pos, 1, 2, month)) {
        return std::nullopt;
      }
      break;
    case 'Y':
      if (!read_number(text, pos, 4, 4, year)) {
        return std::nullopt;
      }
      break;
    case 'H':
      if (!read_number(text, pos, 1, 2, hour)) {
        return std::nullopt;
      }
      break;
    case 'I':
      if (!read_number(text, pos, 1, 2, hour12)) {
        return std::nullopt;
      }
      break;
    case 'M':
      if (!read_number(text, pos, 2, 2, minute)) {
        return std::nullopt;
      }
      break;
    case 'S':
      if (!read_number(text, pos, 2, 2, second)) {
        return std::nullopt;
      }
      if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
        int ignored = 0;
        ++pos;
        if (!read_number(text, pos, 1, 9, ignored)) {
          return std::nullopt;
        }
      }
      break;
    case 'p':
      if (pos + 2 > text.size() || lower(text[pos + 1]) != 'm') {
        return std::nullopt;
      }
      if (lower(text[pos]) == 'a') {
        pm = 0;
      } else if (lower(text[pos]) == 'p') {
        pm = 1;
      } else {
        return std::nullopt;
      }
      pos += 2;
      break;
    case 'b':
    case 'B': {
      bool found = false;
      for (std::size_t mi = 0; mi < 12 && !found; ++mi) {
        const auto full = k_month_names[mi];
        // %b: the three-letter abbreviation; %B: the full name (also accepting "Sept").
        const std::size_t want = pattern[i] == 'b' ? 3 : full.size();
        if (pos + want > text.size()) {
          continue;
        }
        bool same = true;
        for (std::size_t k = 0; k < want && same; ++k) {
          same = lower(text[pos + k]) == full[k];
        }
        if (same) {
          month = static_cast<int>(mi) + 1;
          pos += want;
          found = true;
        }
      }
      if (!found) {
        return std::nullopt;
      }
      break;
    }
    case 'z': {
      if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
        offset = std::chrono::minutes{0};
        ++pos;
        break;
      }
      if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) {
        return std::nullopt;
      }
      const bool negative = text[pos] == '-';
      ++pos;
      int oh = 0;
      int om = 0;
      if (!read_number(text, pos, 2, 2, oh)) {
        return std::nullopt;
      }
      if (pos < text.size() && text[pos] == ':') {
        ++pos;
      }
      if (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' &&
          !read_number(text, pos, 2, 2, om)) {
        return std::nullopt;
      }
      if (oh > 23 || om > 59) {
        return std::nullopt;
      }
      auto off = std::chrono::hours{oh} + std::chrono::minutes{om};
      offset = negative ? -off : off;
      break;
    }
    case '%':
      if (pos >= text.size() || text[pos] != '%') {
        return std::nullopt;
      }
      ++pos;
      break;
    default:
      return std::nullopt;
    }
  }
  if (pos != text.size()) {
    return std::nullopt;
  }
  if (hour12 >= 0) {
    if (hour12 < 1 || hour12 > 12 || pm < 0) {
      return std::nullopt;
    }
    hour = hour12 % 12 + (pm == 1 ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 60 || month < 1 || month > 12 || day < 1) {
    return std::nullopt;
  }
  const Date d{date::year{year}, date::month{static_cast<unsigned>(month)},
               date::day{static_cast<unsigned>(day)}};
  if (!d.ok()) {
    return std::nullopt;
  }
  if (!offset) {
    // A local date-time: its date is the local (Europe/London) date.
    check_calendar_range(d);
    return d;
  }
  return london_date_of(d, std::chrono::hours{hour} + std::chrono::minutes{minute} +
                               std::chrono::seconds{second} - *offset);
}

Mapping
parse_mapping(std::string_view text, std::string_view name)
{
  const auto doc = parse_strict(text, name);
  return MappingReader(name).read(doc);
}

} // namespace feedback
