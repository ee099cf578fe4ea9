// SPDX-License-Identifier: MIT
// Campaigns: a coordinated campaign floods the council with near-identical complaints.
// detect_campaigns proposes groups of open complaints with near-identical summaries; a
// campaign groups them so that they are answered in one command and counted once.
//
// Similarity: the Jaccard index of the summaries' sets of word 2-shingles (pairs of adjacent
// words, after lower-casing and dropping punctuation). Campaign complaints are copies of one
// template, so they share long runs of words in the same order; shingles keep that order, so
// two ordinary complaints about the same service that merely share its vocabulary ("missed",
// "bin", "collection") score low, while a copy with a name or a sentence added loses only the
// few shingles around the change. Jaccard (shared over all) is symmetric and does not let a
// long summary swallow a short one.
#pragma once

#include <feedback/calendar/dates.hpp>
#include <feedback/cases/cases.hpp>
#include <feedback/storage/database.hpp>
#include <feedback/util/output.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedback {

// The word 2-shingles of `text`, sorted and unique: words are runs of ASCII letters and digits
// (any byte above 127 counts as a letter, so other scripts stay words), lower-cased; a text of
// one word has that word as its only shingle, a text of none has none.
std::vector<std::string> word_shingles(std::string_view text);

// The Jaccard index |a ∩ b| / |a ∪ b| of two sorted, unique sets; 0 when both are empty.
double jaccard(const std::vector<std::string>& a, const std::vector<std::string>& b);

// Groups of `summaries` (indexes, ascending; groups by their first index) linked by a chain of
// pairs at least `threshold` similar, keeping groups of at least `min_size`.
std::vector<std::vector<std::size_t>> group_similar(const std::vector<std::string>& summaries,
                                                    double threshold, std::size_t min_size);

struct DetectOptions
{
  std::optional<std::string> service; // only this service
  int within_days = 14;               // received in the last N calendar days, up to as_of
  double threshold = 0.5;
  std::size_t min_size = 3;
};

struct CampaignCase
{
  std::string reference;
  std::optional<std::string> service;
  Date received;
  std::string summary;
};

// A proposed campaign: complaints of one service, by date received.
struct ProposedCampaign
{
  std::optional<std::string> service;
  std::vector<CampaignCase> cases;
};

// Groups of open complaints (not yet responded, in no campaign) of one service received within
// the window, whose summaries are near-identical. Throws Error(data_error) for an unknown
// service, Error(usage) for a window below 1 day, a threshold outside (0, 1] or a size below 2.
std::vector<ProposedCampaign> detect_campaigns(Database& db, const DetectOptions& options,
                                               Date as_of);

// Proposed groups for people: "group 1: service HWY, 3 complaints" and a table of reference,
// received and summary, a blank line between groups; CSV and JSON one row per case with its
// group number.
std::string render_proposed_campaigns(const std::vector<ProposedCampaign>& groups, Format format);

// Creates campaign `name` (for `service`, which must exist, when given) with `references`.
// Throws Error(data_error) for a name taken, and as add_to_campaign.
void create_campaign(Database& db, std::string_view name, const std::optional<std::string>& service,
                     const std::vector<std::string>& references, Date on, const Actor& actor);

// Adds each of `references` to campaign `name`, each an audited event ('campaign') on the case,
// all or none. Throws Error(data_error) for an unknown campaign or case, a closed case, a case
// in a campaign already, or one of another service than the campaign's.
void add_to_campaign(Database& db, std::string_view name,
                     const std::vector<std::string>& references, Date on, const Actor& actor);

struct CampaignSummary
{
  std::string name;
  std::optional<std::string> service;
  Date created_on;
  std::int64_t cases = 0;
  std::int64_t awaiting = 0; // open, not yet responded
};

// Every campaign by name, with its counts.
std::vector<CampaignSummary> list_campaigns(Database& db);
std::string render_campaigns(const std::vector<CampaignSummary>& campaigns, Format format);

// The response recorded on every case of campaign `name` still awaiting one, in one
// transaction (all or none); returns their references. Throws Error(data_error) for an
// unknown campaign or one with no case awaiting a response, and as respond_case.
std::vector<std::string> respond_campaign(Database& db, std::string_view name,
                                          const ResponseInput& input, const Actor& actor);

} // namespace feedback
