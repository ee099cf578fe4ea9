// SPDX-License-Identifier: MIT
// The dimensions of `--by`, the filters, and the one place their values and names come from.
#include "reports/report_internal.hpp"

#include <feedback/cases/case_status.hpp>
#include <feedback/policy/vocabulary.hpp>
#include <feedback/util/enum_words.hpp>
#include <feedback/util/error.hpp>

#include <fmt/core.h>
#include <fmt/format.h>

#include <set>

namespace feedback {

namespace {

struct DimensionName
{
  Dimension d;
  std::string_view name;
};

constexpr DimensionName k_dimensions[] = {
    {Dimension::type, "type"},           {Dimension::classification, "classification"},
    {Dimension::channel, "channel"},     {Dimension::channel_group, "channel-group"},
    {Dimension::service, "service"},     {Dimension::directorate, "directorate"},
    {Dimension::procedure, "procedure"}, {Dimension::stage, "stage"},
    {Dimension::sponsor, "sponsor"},     {Dimension::outcome, "outcome"},
    {Dimension::area, "area"},           {Dimension::tag, "tag"},
    {Dimension::sub_type, "sub-type"},   {Dimension::month, "month"},
};

// Words that are not values of the vocabulary but that the filters and rows use.
constexpr std::string_view k_unclassified = "unclassified";
constexpr std::string_view k_undetermined = "undetermined";
constexpr std::string_view k_blank = "blank";
constexpr std::string_view k_none = "none";
constexpr std::string_view k_groups[] = {"digital", "non-digital"};

std::string
joined(const std::vector<std::string>& words)
{
  std::vector<std::string_view> views(words.begin(), words.end());
  return vocabulary::join(views);
}

[[noreturn]] void
unknown(std::string_view flag, std::string_view value, std::string_view expected)
{
  throw Error(ExitCode::usage,
              fmt::format("{}: unknown value '{}' (expected {})", flag, value, expected));
}

template <typename Words>
std::vector<std::string>
strings(const Words& words)
{
  return std::vector<std::string>(std::begin(words), std::end(words));
}

} // namespace

std::optional<Dimension>
parse_dimension(std::string_view name) noexcept
{
  for (const auto& d : k_dimensions) {
    if (d.name == name) {
      return d.d;
    }
  }
  return std::nullopt;
}

std::string_view
dimension_name(Dimension d) noexcept
{
  for (const auto& n : k_dimensions) {
    if (n.d == d) {
      return n.name;
    }
  }
  return "type";
}

std::string
dimension_names()
{
  std::vector<std::string_view> names;
  for (const auto& d : k_dimensions) {
    names.push_back(d.name);
  }
  return vocabulary::join(names);
}

std::optional<ShareOf>
parse_share(std::string_view name) noexcept
{
  constexpr std::string_view k_words[] = {"none", "total", "row", "column"};
  const auto share = find_enum_word<ShareOf>(k_words, name);
  return share == ShareOf::none ? std::nullopt : share;
}

std::optional<ChangeFrom>
parse_change_from(std::string_view name) noexcept
{
  constexpr std::string_view k_words[] = {"previous", "first"};
  return find_enum_word<ChangeFrom>(k_words, name);
}

namespace report {

Catalogue::Catalogue(Database& db, const Policy& policy)
    : m_policy(policy), m_services(list_services(db))
{
  std::set<std::string> directorates;
  for (const auto& s : m_services) {
    directorates.insert(s.directorate);
  }
  m_directorates.assign(directorates.begin(), directorates.end());
  for (const auto& w : m_policy.vocabulary.words(WordKind::channel)) {
    if (w.digital) {
      m_digital.emplace_back(w.code);
    }
  }
}

std::vector<std::string>
Catalogue::columns(Dimension d) const
{
  switch (d) {
  case Dimension::stage:
    return {"procedure", "stage"};
  case Dimension::channel_group:
    return {"channel_group"};
  case Dimension::sub_type:
    return {"sub_type"};
  default:
    return {std::string(dimension_name(d))};
  }
}

std::vector<std::string>
Catalogue::ordered_values(Dimension d, std::size_t column) const
{
  switch (d) {
  case Dimension::type: {
    auto v = strings(vocabulary::k_types);
    v.emplace_back(k_unclassified);
    return v;
  }
  case Dimension::classification: {
    auto v = strings(vocabulary::k_types);
    v.emplace_back(k_undetermined);
    v.emplace_back(k_blank);
    return v;
  }
  case Dimension::channel:
    return strings(m_policy.vocabulary.codes(WordKind::channel, Retired::allowed));
  case Dimension::channel_group:
    return strings(k_groups);
  case Dimension::service: {
    std::vector<std::string> v;
    for (const auto& s : m_services) {
      v.push_back(s.code);
    }
    return v;
  }
  case Dimension::directorate:
    return m_directorates;
  case Dimension::procedure:
    return strings(m_policy.procedure_codes(Retired::allowed));
  case Dimension::stage:
    return column == 0 ? strings(m_policy.procedure_codes(Retired::allowed))
                       : std::vector<std::string>{};
  case Dimension::sponsor:
    return strings(vocabulary::k_sponsors);
  case Dimension::outcome: {
    auto v = strings(m_policy.vocabulary.codes(WordKind::outcome, Retired::allowed));
    for (const auto c : k_case_closures) {
      v.emplace_back(c);
    }
    return v;
  }
  case Dimension::area:
    return strings(m_policy.vocabulary.codes(WordKind::area, Retired::allowed));
  case Dimension::tag:
    return strings(m_policy.vocabulary.codes(WordKind::tag, Retired::allowed));
  case Dimension::sub_type: {
    // The sub-types of every type, in the policy's order; a code two types share, once.
    std::vector<std::string> v;
    for (const auto& t : m_policy.types) {
      for (const auto& s : t.subtypes) {
        if (std::find(v.begin(), v.end(), s.code) == v.end()) {
          v.push_back(s.code);
        }
      }
    }
    return v;
  }
  case Dimension::month:
    break;
  }
  return {};
}

std::vector<GroupKey>
Catalogue::values(Dimension d, const ReportScope& scope) const
{
  std::vector<GroupKey> out;
  if (d == Dimension::stage) {
    // Every stage of the policy, in the policy's order of procedures and stages.
    for (const auto& p : m_policy.procedures) {
      for (const auto& s : p.stages) {
        out.push_back({p.code, std::to_string(s.stage)});
      }
    }
    return out;
  }
  if (d == Dimension::month) {
    for (const auto& p : scope.periods) {
      for (const auto& m : months_of(p)) {
        out.push_back({month_name(m)});
      }
    }
    return out;
  }
  for (auto& v : ordered_values(d, 0)) {
    out.push_back({std::move(v)});
  }
  return out;
}

std::string
Catalogue::display(Dimension d, const std::optional<std::string>& value) const
{
  if (!value) {
    return "(none)";
  }
  const auto word = [&](WordKind kind) {
    return std::string(m_policy.vocabulary.display_name(kind, *value));
  };
  switch (d) {
  case Dimension::channel:
    return word(WordKind::channel);
  case Dimension::outcome:
    return word(WordKind::outcome); // a closure (withdrawn...) is no word: its code
  case Dimension::area:
    return word(WordKind::area);
  case Dimension::tag:
    return word(WordKind::tag);
  case Dimension::procedure:
  case Dimension::stage:
    if (const auto* p = m_policy.procedure(*value); p != nullptr && !p->name.empty()) {
      return p->name;
    }
    break;
  case Dimension::sub_type:
    for (const auto& t : m_policy.types) {
      if (const auto* s = t.subtype(*value); s != nullptr && !s->name.empty()) {
        return s->name;
      }
    }
    break;
  default:
    break;
  }
  return *value;
}

std::string
Catalogue::display_column(std::string_view column, const std::optional<std::string>& value) const
{
  if (column == "stage") {
    return value.value_or("(none)");
  }
  if (column == "sub_type") {
    return display(Dimension::sub_type, value);
  }
  const auto d = parse_dimension(column);
  return d ? display(*d, value) : value.value_or("(none)");
}

bool
Catalogue::is_digital(std::string_view channel) const noexcept
{
  return m_policy.vocabulary.is_digital(channel);
}

std::span<const std::string_view>
Catalogue::digital_channels() const noexcept
{
  return m_digital;
}

std::optional<std::string>
Catalogue::directorate_of(std::string_view service) const
{
  for (const auto& s : m_services) {
    if (s.code == service) {
      return s.directorate;
    }
  }
  return std::nullopt;
}

detail::Conditions
Catalogue::conditions(const ReportFilter& filter) const
{
  detail::Conditions c;
  if (!filter.types.empty()) {
    std::vector<std::string> types;
    for (const auto& t : filter.types) {
      if (t == k_unclassified) {
        types.emplace_back(k_undetermined);
        types.emplace_back(k_blank);
      } else if (vocabulary::contains(vocabulary::k_types, t) || t == k_undetermined ||
                 t == k_blank) {
        types.push_back(t);
      } else {
        unknown("--type", t,
                fmt::format("{}, unclassified, undetermined or blank",
                            fmt::join(vocabulary::k_types, ", ")));
      }
    }
    c.types = std::move(types);
  }
  auto with_none = [](const std::vector<std::string>& known) {
    auto v = known;
    v.emplace_back(k_none);
    return joined(v);
  };
  auto value_set = [&](std::string_view flag, const std::vector<std::string>& values,
                       const std::vector<std::string>& known) {
    detail::ValueSet set;
    for (const auto& v : values) {
      if (v == k_none) {
        set.none = true;
      } else if (std::find(known.begin(), known.end(), v) != known.end()) {
        set.values.push_back(v);
      } else {
        unknown(flag, v, with_none(known));
      }
    }
    return set;
  };
  const auto codes = ordered_values(Dimension::service, 0);
  if (!filter.services.empty()) {
    c.services = value_set("--service", filter.services, codes);
  }
  if (!filter.directorates.empty()) {
    // A directorate stands for its services; with --service too, a case must be in both.
    const auto chosen = value_set("--directorate", filter.directorates, m_directorates);
    detail::ValueSet set;
    set.none = chosen.none;
    for (const auto& s : m_services) {
      if (std::find(chosen.values.begin(), chosen.values.end(), s.directorate) !=
          chosen.values.end()) {
        set.values.push_back(s.code);
      }
    }
    if (c.services) {
      std::erase_if(set.values, [&](const std::string& code) {
        return std::find(c.services->values.begin(), c.services->values.end(), code) ==
               c.services->values.end();
      });
      set.none = set.none && c.services->none;
    }
    c.services = std::move(set);
  }
  if (!filter.procedures.empty()) {
    std::vector<std::string> known;
    for (const auto& p : m_policy.procedures) {
      known.push_back(p.code);
    }
    c.procedures = value_set("--procedure", filter.procedures, known);
  }
  if (!filter.stages.empty()) {
    for (const auto s : filter.stages) {
      if (s < 1) {
        throw Error(ExitCode::usage,
                    fmt::format("--stage: not a stage number (1 or more): '{}'", s));
      }
    }
    c.stages = filter.stages;
  }
  if (!filter.channels.empty()) {
    const auto known = ordered_values(Dimension::channel, 0);
    std::vector<std::string> channels;
    for (const auto& ch : filter.channels) {
      if (std::find(known.begin(), known.end(), ch) != known.end()) {
        channels.push_back(ch);
      } else if (vocabulary::contains(k_groups, ch)) {
        for (const auto& all : known) {
          if (is_digital(all) == (ch == k_groups[0])) {
            channels.push_back(all);
          }
        }
      } else {
        unknown("--channel", ch, fmt::format("{}, digital or non-digital", fmt::join(known, ", ")));
      }
    }
    c.channels = std::move(channels);
  }
  if (!filter.sponsors.empty()) {
    c.sponsors = value_set("--sponsor", filter.sponsors, strings(vocabulary::k_sponsors));
  }
  return c;
}

std::vector<Dimension>
normalise(std::vector<Dimension> dims)
{
  const bool stage = std::find(dims.begin(), dims.end(), Dimension::stage) != dims.end();
  if (stage) {
    std::erase(dims, Dimension::procedure);
  }
  return dims;
}

std::vector<std::string>
key_columns(const Catalogue& catalogue, const std::vector<Dimension>& dims)
{
  std::vector<std::string> out;
  for (const auto d : dims) {
    for (auto& c : catalogue.columns(d)) {
      out.push_back(std::move(c));
    }
  }
  return out;
}

std::size_t
position(std::span<const std::string_view> words, std::string_view word) noexcept
{
  return static_cast<std::size_t>(std::find(words.begin(), words.end(), word) - words.begin());
}

std::tuple<std::size_t, std::string, long>
rank_in(std::span<const std::string_view> words, const std::optional<std::string>& word)
{
  if (!word) {
    return {words.size() + 1, std::string(), 0};
  }
  const auto p = position(words, *word);
  return {p, p == words.size() ? *word : std::string(), 0};
}

// ---- grouping ----

namespace {

// The facets a dimension reads: none for the month (the slice says it).
std::vector<Facet>
facets_of(Dimension d)
{
  switch (d) {
  case Dimension::type:
    return {Facet::type};
  case Dimension::classification:
    return {Facet::classification};
  case Dimension::channel:
  case Dimension::channel_group:
    return {Facet::channel};
  case Dimension::service:
  case Dimension::directorate:
    return {Facet::service};
  case Dimension::procedure:
    return {Facet::procedure};
  case Dimension::stage:
    return {Facet::stage_procedure, Facet::stage};
  case Dimension::sponsor:
    return {Facet::sponsor};
  case Dimension::outcome:
    return {Facet::outcome};
  case Dimension::area:
    return {Facet::area};
  case Dimension::tag:
    return {Facet::tag};
  case Dimension::sub_type:
    return {Facet::subtype};
  case Dimension::month:
    break;
  }
  return {};
}

std::optional<std::string>
text_of(std::optional<std::string_view> v)
{
  return v ? std::optional<std::string>(std::string(*v)) : std::nullopt;
}

} // namespace

Grouping::Grouping(const Catalogue& catalogue, std::vector<Dimension> dims)
    : m_catalogue(catalogue), m_dims(normalise(std::move(dims)))
{
  for (const auto d : m_dims) {
    m_index.push_back(m_facets.size());
    for (const auto f : facets_of(d)) {
      m_facets.push_back(f);
    }
    const auto columns = catalogue.columns(d);
    for (std::size_t c = 0; c < columns.size(); ++c) {
      m_known.push_back(d == Dimension::month ? std::vector<std::string>{}
                                              : catalogue.ordered_values(d, c));
      m_numeric.push_back(d == Dimension::stage && c == 1);
    }
  }
}

void
Grouping::read_from(const std::vector<Facet>& facets)
{
  for (std::size_t i = 0; i < m_dims.size(); ++i) {
    const auto mine = facets_of(m_dims[i]);
    if (mine.empty()) {
      continue;
    }
    const auto it = std::search(facets.begin(), facets.end(), mine.begin(), mine.end());
    if (it == facets.end()) {
      throw Error(ExitCode::software, "a report's query lacks a facet it groups by");
    }
    m_index[i] = static_cast<std::size_t>(it - facets.begin());
  }
}

std::vector<std::string>
Grouping::columns() const
{
  return key_columns(m_catalogue, m_dims);
}

GroupKey
Grouping::key(const FacetValues& values, const Slices& slices, std::size_t slice) const
{
  GroupKey key;
  key.reserve(m_known.size());
  for (std::size_t i = 0; i < m_dims.size(); ++i) {
    const auto& v = values[m_index[i]];
    switch (m_dims[i]) {
    case Dimension::type:
      key.push_back(v ? std::string(*v) : std::string(k_unclassified));
      break;
    case Dimension::channel_group:
      key.emplace_back(
          std::string(m_catalogue.is_digital(v.value_or("")) ? k_groups[0] : k_groups[1]));
      break;
    case Dimension::directorate:
      key.push_back(v ? m_catalogue.directorate_of(*v) : std::nullopt);
      break;
    case Dimension::stage:
      key.push_back(text_of(v));
      key.push_back(text_of(values[m_index[i] + 1]));
      break;
    case Dimension::month: {
      const auto m = slices.month(slice);
      key.push_back(m ? month_name(slices.months()[*m]) : std::string());
      break;
    }
    default:
      key.push_back(text_of(v));
    }
  }
  return key;
}

std::vector<GroupKey>
Grouping::all(const ReportScope& scope) const
{
  std::vector<GroupKey> out{GroupKey{}};
  for (const auto d : m_dims) {
    std::vector<GroupKey> next;
    for (const auto& prefix : out) {
      for (const auto& v : m_catalogue.values(d, scope)) {
        auto k = prefix;
        k.insert(k.end(), v.begin(), v.end());
        next.push_back(std::move(k));
      }
    }
    out = std::move(next);
  }
  return out;
}

Grouping::Rank
Grouping::rank(const GroupKey& key) const
{
  Rank r;
  for (std::size_t c = 0; c < key.size() && c < m_known.size(); ++c) {
    const auto& v = key[c];
    const auto& known = m_known[c];
    if (!v) {
      r.emplace_back(known.size() + 1, std::string(), 0);
    } else if (m_numeric[c]) {
      r.emplace_back(0, std::string(), std::stol(*v));
    } else {
      const auto it = std::find(known.begin(), known.end(), *v);
      r.emplace_back(static_cast<std::size_t>(it - known.begin()),
                     it == known.end() ? *v : std::string(), 0);
    }
  }
  return r;
}

// ---- interning ----

std::uint16_t
Interner::id(std::optional<std::string_view> value)
{
  if (!value) {
    return 0;
  }
  if (m_last != 0 && m_values[m_last] == *value) {
    return m_last;
  }
  if (const auto it = m_index.find(*value); it != m_index.end()) {
    m_last = it->second;
    return m_last;
  }
  if (m_values.size() > 0xffff) {
    throw Error(ExitCode::software, "a report groups by more than 65,535 values");
  }
  m_values.emplace_back(*value);
  m_last = static_cast<std::uint16_t>(m_values.size() - 1);
  m_index.emplace(m_values.back(), m_last);
  return m_last;
}

std::optional<std::string_view>
Interner::value(std::uint16_t id) const
{
  if (id == 0) {
    return std::nullopt;
  }
  return std::string_view(m_values[id]);
}

} // namespace report

// ---- what a request may ask ----

void
check_request(Database& db, const Policy& policy, const ReportRequest& request)
{
  const report::Catalogue catalogue(db, policy);
  (void)catalogue.conditions(request.filter); // throws for a value that is not one
  const auto kind = request.kind;
  const auto& by = request.by;
  const bool groups = kind == ReportKind::volumes || kind == ReportKind::ratio ||
                      kind == ReportKind::timeliness || kind == ReportKind::outcomes ||
                      kind == ReportKind::ombudsman || kind == ReportKind::satisfaction;
  if (!by.empty() && !groups) {
    throw Error(ExitCode::usage,
                "--by: this report is not grouped (volumes, ratio, timeliness, outcomes, "
                "ombudsman and satisfaction are)");
  }
  if (by.size() > 2) {
    throw Error(ExitCode::usage, "--by: one or two dimensions (e.g. --by type,channel)");
  }
  for (std::size_t i = 0; i < by.size(); ++i) {
    const auto name = dimension_name(by[i]);
    if (std::find(by.begin(), by.begin() + static_cast<long>(i), by[i]) !=
        by.begin() + static_cast<long>(i)) {
      throw Error(ExitCode::usage, fmt::format("--by: '{}' twice", name));
    }
    if (by[i] == Dimension::area && kind != ReportKind::outcomes) {
      throw Error(ExitCode::usage,
                  "--by area: a stage response may name several areas, so areas group only the "
                  "outcomes report (outcomes --by area)");
    }
  }
  if ((request.share != ShareOf::none || request.change_from != ChangeFrom::previous) &&
      kind != ReportKind::volumes) {
    throw Error(ExitCode::usage, "--share and --change-from are for volumes");
  }
  if (request.share == ShareOf::row && report::normalise(by).size() < 2) {
    throw Error(ExitCode::usage,
                "--share row: with one dimension each row is one figure; give two (--by A,B) "
                "or --share total");
  }
  if (kind == ReportKind::ratio) {
    for (const auto& [flag, type] :
         {std::pair{"--type", request.ratio_type}, std::pair{"--per-1000", request.ratio_per}}) {
      if (type.empty()) {
        throw Error(ExitCode::usage, "ratio: give the type counted and the type it is per 1,000 of "
                                     "(e.g. --type complaint --per-1000 service-request)");
      }
      if (!vocabulary::contains(vocabulary::k_types, type)) {
        unknown(flag, type, vocabulary::join(vocabulary::k_types));
      }
    }
    if (!request.filter.types.empty()) {
      throw Error(ExitCode::usage, "ratio: --type names the type counted; filter by the "
                                   "other flags");
    }
  }
}

} // namespace feedback
