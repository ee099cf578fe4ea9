// SPDX-License-Identifier: MIT
#include "storage/member_store.hpp"

#include "storage/stored_values.hpp"

namespace feedback::detail {

std::unordered_map<std::string, CaseSponsor>
load_open_case_sponsors(Database& db)
{
  Statement st(db, "SELECT reference, sponsor, sponsor_name, sponsor_updated FROM case_record "
                   "WHERE status <> 'closed' AND sponsor IS NOT NULL");
  std::unordered_map<std::string, CaseSponsor> out;
  while (st.step()) {
    CaseSponsor s;
    s.kind = st.column_view(1);
    s.name = st.column_text(2);
    if (!st.column_is_null(3) && is_stored_date(st.column_view(3))) {
      s.updated = stored_date(st.column_view(3), "case_record.sponsor_updated");
    }
    out.emplace(st.column_view(0), std::move(s));
  }
  return out;
}

namespace {

constexpr const char* k_restriction_columns =
    "SELECT id, name, email, phone, postcode, reason, restricts, review_on, made_on, made_by, "
    "ended_on, ended_by, end_reason FROM contact_restriction";

Restriction
read_restriction(const Statement& st)
{
  Restriction r;
  r.id = st.column_int64(0);
  r.who.name = st.column_text(1);
  r.who.email = st.column_text(2);
  r.who.phone = st.column_text(3);
  r.who.postcode = st.column_text(4);
  r.reason = st.column_view(5);
  r.restricts = st.column_view(6);
  r.review_on = stored_date(st.column_view(7), "contact_restriction.review_on");
  r.made_on = stored_date(st.column_view(8), "contact_restriction.made_on");
  r.made_by = st.column_view(9);
  r.ended_on = stored_optional_date(st, 10, "contact_restriction.ended_on");
  r.ended_by = st.column_text(11);
  r.end_reason = st.column_text(12);
  return r;
}

} // namespace

std::int64_t
insert_restriction(Database& db, const Restriction& r)
{
  Statement st(db, "INSERT INTO contact_restriction (name, email, phone, postcode, reason, "
                   "restricts, review_on, made_on, made_by) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  st.bind(1, r.who.name)
      .bind(2, r.who.email)
      .bind(3, r.who.phone)
      .bind(4, r.who.postcode)
      .bind(5, r.reason)
      .bind(6, r.restricts)
      .bind(7, format_date(r.review_on))
      .bind(8, format_date(r.made_on))
      .bind(9, r.made_by);
  st.run();
  return db.last_insert_rowid();
}

std::vector<Restriction>
load_restrictions(Database& db, bool include_ended)
{
  Statement st(db, std::string(k_restriction_columns) +
                       (include_ended ? " ORDER BY id" : " WHERE ended_on IS NULL ORDER BY id"));
  std::vector<Restriction> out;
  while (st.step()) {
    out.push_back(read_restriction(st));
  }
  return out;
}

std::optional<Restriction>
load_restriction(Database& db, std::int64_t id)
{
  Statement st(db, std::string(k_restriction_columns) + " WHERE id = ?1");
  st.bind(1, id);
  if (!st.step()) {
    return std::nullopt;
  }
  return read_restriction(st);
}

void
set_restriction_review(Database& db, std::int64_t id, Date next)
{
  Statement st(db, "UPDATE contact_restriction SET review_on = ?2 WHERE id = ?1");
  st.bind(1, id).bind(2, format_date(next));
  st.run();
}

void
delete_restriction(Database& db, std::int64_t id)
{
  Statement st(db, "DELETE FROM contact_restriction WHERE id = ?1");
  st.bind(1, id);
  st.run();
}

void
set_restriction_ended(Database& db, std::int64_t id, Date on, std::string_view by,
                      std::string_view reason)
{
  Statement st(db, "UPDATE contact_restriction SET ended_on = ?2, ended_by = ?3, end_reason = ?4 "
                   "WHERE id = ?1");
  st.bind(1, id).bind(2, format_date(on)).bind(3, by).bind(4, reason);
  st.run();
}

// ---- campaigns ----

std::vector<CampaignCase>
load_campaign_candidates(Database& db, const std::optional<std::string>& service, Date from)
{
  std::string sql = "SELECT c.reference, c.service, c.received, c.summary FROM case_record c "
                    "WHERE c.status = 'open' AND c.type = 'complaint' AND c.received >= ?1 "
                    "AND NOT EXISTS (SELECT 1 FROM campaign_case k WHERE k.case_id = c.id)";
  if (service) {
    sql += " AND c.service = ?2";
  }
  sql += " ORDER BY c.received, c.id";
  Statement st(db, sql);
  st.bind(1, format_date(from));
  if (service) {
    st.bind(2, *service);
  }
  std::vector<CampaignCase> out;
  while (st.step()) {
    if (!is_stored_date(st.column_view(2))) {
      continue; // feedback-admin check reports it
    }
    out.push_back({std::string(st.column_view(0)), st.column_text(1),
                   stored_date(st.column_view(2), "case_record.received"),
                   std::string(st.column_view(3))});
  }
  return out;
}

std::optional<StoredCampaign>
find_campaign(Database& db, std::string_view name)
{
  Statement st(db, "SELECT id, name, service FROM campaign WHERE name = ?1");
  st.bind(1, name);
  if (!st.step()) {
    return std::nullopt;
  }
  return StoredCampaign{st.column_int64(0), std::string(st.column_view(1)), st.column_text(2)};
}

std::int64_t
insert_campaign(Database& db, std::string_view name, const std::optional<std::string>& service,
                Date on, std::string_view by)
{
  Statement st(db, "INSERT INTO campaign (name, service, created_on, created_by) "
                   "VALUES (?1, ?2, ?3, ?4)");
  st.bind(1, name).bind(2, service).bind(3, format_date(on)).bind(4, by);
  st.run();
  return db.last_insert_rowid();
}

std::optional<std::string>
campaign_of_case(Database& db, std::int64_t case_id)
{
  Statement st(db, "SELECT m.name FROM campaign_case k JOIN campaign m ON m.id = k.campaign_id "
                   "WHERE k.case_id = ?1");
  st.bind(1, case_id);
  if (!st.step()) {
    return std::nullopt;
  }
  return std::string(st.column_view(0));
}

void
insert_campaign_case(Database& db, std::int64_t campaign_id, std::int64_t case_id, Date on)
{
  Statement st(db,
               "INSERT INTO campaign_case (campaign_id, case_id, added_on) VALUES (?1, ?2, ?3)");
  st.bind(1, campaign_id).bind(2, case_id).bind(3, format_date(on));
  st.run();
}

std::vector<CampaignSummary>
load_campaigns(Database& db)
{
  Statement st(db, "SELECT m.name, m.service, m.created_on, count(c.id), "
                   "coalesce(sum(CASE WHEN c.status = 'open' THEN 1 ELSE 0 END), 0) "
                   "FROM campaign m LEFT JOIN campaign_case k ON k.campaign_id = m.id "
                   "LEFT JOIN case_record c ON c.id = k.case_id GROUP BY m.id ORDER BY m.name");
  std::vector<CampaignSummary> out;
  while (st.step()) {
    out.push_back({std::string(st.column_view(0)), st.column_text(1),
                   stored_date(st.column_view(2), "campaign.created_on"), st.column_int64(3),
                   st.column_int64(4)});
  }
  return out;
}

std::vector<std::string>
campaign_awaiting(Database& db, std::int64_t campaign_id)
{
  Statement st(db, "SELECT c.reference FROM campaign_case k JOIN case_record c ON c.id = k.case_id "
                   "WHERE k.campaign_id = ?1 AND c.status = 'open' ORDER BY c.id");
  st.bind(1, campaign_id);
  std::vector<std::string> out;
  while (st.step()) {
    out.emplace_back(st.column_view(0));
  }
  return out;
}

} // namespace feedback::detail
