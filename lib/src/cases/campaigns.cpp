// SPDX-License-Identifier: MIT
// Campaigns: near-identical complaints found, grouped, answered together and counted once.
#include "storage/case_store.hpp"
#include "storage/member_store.hpp"
#include "storage/service_store.hpp"

#include <feedback/cases/campaigns.hpp>
#include <feedback/util/error.hpp>
#include <feedback/util/table.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <unordered_map>

namespace feedback {

namespace {

bool
word_byte(unsigned char ch) noexcept
{
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
         ch >= 0x80;
}

// Union-find over indexes, each root the smallest index of its set.
struct Groups
{
  std::vector<std::size_t> parent;

  explicit Groups(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }

  std::size_t root(std::size_t i)
  {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  void join(std::size_t a, std::size_t b)
  {
    a = root(a);
    b = root(b);
    if (a != b) {
      parent[std::max(a, b)] = std::min(a, b);
    }
  }
};

void
require_not_blank(std::string_view what, std::string_view text)
{
  if (text.find_first_not_of(" \t") == std::string_view::npos) {
    throw Error(ExitCode::data_error, fmt::format("{}: must not be empty", what));
  }
}

detail::StoredCampaign
require_campaign(Database& db, std::string_view name)
{
  auto c = detail::find_campaign(db, name);
  if (!c) {
    throw Error(ExitCode::data_error, fmt::format("no campaign named '{}'", name));
  }
  return *c;
}

void
add_cases(Database& db, const detail::StoredCampaign& campaign,
          const std::vector<std::string>& references, Date on, const Actor& actor)
{
  if (date::sys_days{on} > date::sys_days{actor.today}) {
    throw Error(ExitCode::data_error, fmt::format("--on {} is after today ({})", format_date(on),
                                                  format_date(actor.today)));
  }
  for (const auto& reference : references) {
    const auto c = detail::load_state(db, reference);
    if (c.status == CaseStatus::closed) {
      throw Error(ExitCode::data_error,
                  fmt::format("case {} is closed: a campaign groups open cases", c.reference));
    }
    if (const auto other = detail::campaign_of_case(db, c.id)) {
      throw Error(ExitCode::data_error,
                  fmt::format("case {} is in campaign '{}' already", c.reference, *other));
    }
    if (campaign.service && c.service != campaign.service) {
      throw Error(ExitCode::data_error,
                  fmt::format("case {} is for service {}, campaign '{}' for {}", c.reference,
                              c.service.value_or("(none)"), campaign.name, *campaign.service));
    }
    detail::insert_campaign_case(db, campaign.id, c.id, on);
    detail::record_event(db, c.id, actor, on, "campaign", std::nullopt, campaign.name,
                         fmt::format("added to campaign {}", campaign.name));
  }
}

} // namespace

std::vector<std::string>
word_shingles(std::string_view text)
{
  std::vector<std::string> words;
  std::string word;
  for (const char ch : text) {
    const auto byte = static_cast<unsigned char>(ch);
    if (word_byte(byte)) {
      word += byte >= 'A' && byte <= 'Z' ? static_cast<char>(byte - 'A' + 'a') : ch;
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) {
    words.push_back(std::move(word));
  }
  std::vector<std::string> out;
  if (words.size() == 1) {
    out.push_back(words.front());
  }
  for (std::size_t i = 1; i < words.size(); ++i) {
    out.push_back(words[i - 1] + ' ' + words[i]);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

double
jaccard(const std::vector<std::string>& a, const std::vector<std::string>& b)
{
  if (a.empty() && b.empty()) {
    return 0.0;
  }
  std::size_t shared = 0;
  for (auto i = a.begin(), j = b.begin(); i != a.end() && j != b.end();) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      ++shared;
      ++i;
      ++j;
    }
  }
  return static_cast<double>(shared) / static_cast<double>(a.size() + b.size() - shared);
}

std::vector<std::vector<std::size_t>>
group_similar(const std::vector<std::string>& summaries, double threshold, std::size_t min_size)
{
  std::vector<std::vector<std::string>> sets;
  sets.reserve(summaries.size());
  for (const auto& s : summaries) {
    sets.push_back(word_shingles(s));
  }
  // Only pairs sharing a shingle can reach a threshold above 0: find them through an index.
  std::unordered_map<std::string_view, std::vector<std::size_t>> holders;
  Groups groups(summaries.size());
  for (std::size_t i = 0; i < sets.size(); ++i) {
    std::vector<std::size_t> candidates;
    for (const auto& sh : sets[i]) {
      auto& list = holders[sh];
      candidates.insert(candidates.end(), list.begin(), list.end());
      list.push_back(i);
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    for (const auto j : candidates) {
      if (groups.root(i) != groups.root(j) && jaccard(sets[i], sets[j]) >= threshold) {
        groups.join(i, j);
      }
    }
  }
  std::map<std::size_t, std::vector<std::size_t>> by_root;
  for (std::size_t i = 0; i < summaries.size(); ++i) {
    by_root[groups.root(i)].push_back(i);
  }
  std::vector<std::vector<std::size_t>> out;
  for (auto& [root, members] : by_root) {
    if (members.size() >= min_size) {
      out.push_back(std::move(members));
    }
  }
  return out;
}

std::vector<ProposedCampaign>
detect_campaigns(Database& db, const DetectOptions& options, Date as_of)
{
  if (options.within_days < 1) {
    throw Error(ExitCode::usage, "--within: at least 1 day");
  }
  if (!(options.threshold > 0.0 && options.threshold <= 1.0)) {
    throw Error(ExitCode::usage, "--threshold: a share above 0 and at most 1, e.g. 0.5");
  }
  if (options.min_size < 2) {
    throw Error(ExitCode::usage, "--min-size: at least 2 cases");
  }
  if (options.service && !detail::load_service(db, *options.service)) {
    throw Error(ExitCode::data_error, fmt::format("unknown service '{}'", *options.service));
  }
  const Date from{date::sys_days{as_of} - date::days{options.within_days - 1}};
  auto candidates = detail::load_campaign_candidates(db, options.service, from);
  // A campaign is one service's: group each service's complaints apart.
  std::map<std::optional<std::string>, std::vector<std::size_t>> by_service;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (date::sys_days{candidates[i].received} <= date::sys_days{as_of}) {
      by_service[candidates[i].service].push_back(i);
    }
  }
  std::vector<ProposedCampaign> out;
  for (const auto& [service, indexes] : by_service) {
    std::vector<std::string> summaries;
    summaries.reserve(indexes.size());
    for (const auto i : indexes) {
      summaries.push_back(candidates[i].summary);
    }
    for (const auto& group : group_similar(summaries, options.threshold, options.min_size)) {
      ProposedCampaign p{service, {}};
      for (const auto k : group) {
        p.cases.push_back(candidates[indexes[k]]);
      }
      out.push_back(std::move(p));
    }
  }
  return out;
}

std::string
render_proposed_campaigns(const std::vector<ProposedCampaign>& groups, Format format)
{
  if (format == Format::table) {
    std::string out;
    for (std::size_t g = 0; g < groups.size(); ++g) {
      const auto& p = groups[g];
      if (!out.empty()) {
        out += '\n';
      }
      out += fmt::format("group {}: service {}, {} complaints\n", g + 1,
                         p.service.value_or("(none)"), p.cases.size());
      TextTable table({"reference", "received", "summary"});
      table.fit(100, 20, TextTable::Overflow::cut);
      for (const auto& c : p.cases) {
        table.add_row({{c.reference}, {format_date(c.received)}, {c.summary}});
      }
      out += table.render();
    }
    return out;
  }
  std::vector<Row> rows;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    for (const auto& c : groups[g].cases) {
      rows.push_back({static_cast<int>(g + 1), c.reference, Cell(c.service),
                      format_date(c.received), c.summary});
    }
  }
  return render(format, {"group", "reference", "service", "received", "summary"}, rows);
}

void
create_campaign(Database& db, std::string_view name, const std::optional<std::string>& service,
                const std::vector<std::string>& references, Date on, const Actor& actor)
{
  require_not_blank("campaign name", name);
  Transaction tx(db);
  if (detail::find_campaign(db, name)) {
    throw Error(ExitCode::data_error, fmt::format("a campaign named '{}' exists already", name));
  }
  if (service && !detail::load_service(db, *service)) {
    throw Error(ExitCode::data_error, fmt::format("unknown service '{}'", *service));
  }
  const auto id = detail::insert_campaign(db, name, service, on, actor.officer);
  add_cases(db, {id, std::string(name), service}, references, on, actor);
  tx.commit();
}

void
add_to_campaign(Database& db, std::string_view name, const std::vector<std::string>& references,
                Date on, const Actor& actor)
{
  Transaction tx(db);
  add_cases(db, require_campaign(db, name), references, on, actor);
  tx.commit();
}

std::vector<CampaignSummary>
list_campaigns(Database& db)
{
  return detail::load_campaigns(db);
}

std::string
render_campaigns(const std::vector<CampaignSummary>& campaigns, Format format)
{
  std::vector<Row> rows;
  rows.reserve(campaigns.size());
  for (const auto& c : campaigns) {
    rows.push_back({c.name, Cell(c.service), format_date(c.created_on),
                    static_cast<long long>(c.cases), static_cast<long long>(c.awaiting)});
  }
  return render(format, {"campaign", "service", "created", "cases", "awaiting_response"}, rows);
}

std::vector<std::string>
respond_campaign(Database& db, std::string_view name, const ResponseInput& input,
                 const Actor& actor)
{
  const auto campaign = require_campaign(db, name);
  auto references = detail::campaign_awaiting(db, campaign.id);
  if (references.empty()) {
    throw Error(ExitCode::data_error,
                fmt::format("campaign '{}' has no case awaiting a response", name));
  }
  respond_cases(db, references, input, actor);
  return references;
}

} // namespace feedback
