// SPDX-License-Identifier: MIT
// Private to the library: the statements behind members' digests, campaigns and contact
// restrictions (schema/0012_members.sql).
#pragma once

#include <feedback/calendar/dates.hpp>
#include <feedback/cases/campaigns.hpp>
#include <feedback/contacts/restrictions.hpp>
#include <feedback/storage/database.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace feedback::detail {

// Who sponsors a case and when they were last told.
struct CaseSponsor
{
  std::string kind;
  std::optional<std::string> name;
  std::optional<Date> updated;
};

// The sponsor of every sponsored case not closed, by reference. Throws BadStoredValue for a
// bad stored date (the caller has skipped that case already, or skips it).
std::unordered_map<std::string, CaseSponsor> load_open_case_sponsors(Database& db);

// ---- contact restrictions ----

std::int64_t insert_restriction(Database& db, const Restriction& r);
// Every restriction (or those not ended) by id.
std::vector<Restriction> load_restrictions(Database& db, bool include_ended);
// The restriction with `id`, or nullopt.
std::optional<Restriction> load_restriction(Database& db, std::int64_t id);
void set_restriction_review(Database& db, std::int64_t id, Date next);
void delete_restriction(Database& db, std::int64_t id);
void set_restriction_ended(Database& db, std::int64_t id, Date on, std::string_view by,
                           std::string_view reason);

} // namespace feedback::detail

namespace feedback::detail {

// ---- campaigns ----

struct StoredCampaign
{
  std::int64_t id = 0;
  std::string name;
  std::optional<std::string> service;
};

// Open complaints not yet responded to and in no campaign, received on or after `from`, of
// `service` when given, by date received then id: (reference, service, received, summary).
// A case with a bad stored date is left out.
std::vector<CampaignCase>
load_campaign_candidates(Database& db, const std::optional<std::string>& service, Date from);
std::optional<StoredCampaign> find_campaign(Database& db, std::string_view name);
std::int64_t insert_campaign(Database& db, std::string_view name,
                             const std::optional<std::string>& service, Date on,
                             std::string_view by);
// The name of the campaign `case_id` belongs to, or nullopt.
std::optional<std::string> campaign_of_case(Database& db, std::int64_t case_id);
void insert_campaign_case(Database& db, std::int64_t campaign_id, std::int64_t case_id, Date on);
std::vector<CampaignSummary> load_campaigns(Database& db);
// The references of the campaign's cases still open and not responded to, by id.
std::vector<std::string> campaign_awaiting(Database& db, std::int64_t campaign_id);

} // namespace feedback::detail
