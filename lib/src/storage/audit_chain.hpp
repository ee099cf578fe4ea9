// SPDX-License-Identifier: MIT
// Private to the storage layer: the audit trail's hash chain (docs/privacy.md). One chain for
// the whole database, in event id order: each event's hash covers the previous event's hash,
// its own fields and the digest of its free text (kept apart, in event_text, so that it can
// be redacted). The one event writer (CaseWriter::add_event) extends it; check_audit_trail
// verifies it.
#pragma once

#include "storage/backend.hpp"
#include "storage/bulk.hpp"

#include <feedback/storage/database.hpp>
#include <feedback/storage/migrate.hpp>
#include <feedback/util/digest.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace feedback::detail {

// The "previous hash" of the first event.
inline constexpr std::string_view k_chain_start =
    "0000000000000000000000000000000000000000000000000000000000000000";

// What an event's hash covers, besides the previous hash.
struct ChainedEvent
{
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::string_view at;
  std::string_view on_date;
  std::string_view officer;
  std::string_view kind;
  std::optional<std::string_view> from;
  std::optional<std::string_view> to;
  std::optional<std::int64_t> text_id;
  std::optional<std::string_view> text_digest; // set exactly when text_id is
};

// SHA-256 (hex) of "feedback-event-v1\n" and, each as "<byte length>:<bytes>\n" (NULL as
// "-\n"): `previous`, id, case_id, at, on_date, officer, kind, from, to, text_id, text digest.
std::string event_hash(Sha256& sha, std::string_view previous, const ChainedEvent& event);

// SHA-256 (hex) of "feedback-text-v1\n", `salt`, "\n" and `body`.
std::string text_digest(Sha256& sha, std::string_view salt, std::string_view body);

// Seals an event's free text `body` as text `text_id`: a fresh salt, the digest kept in `digest`
// and viewed by `e`, and the text's row in `texts` (columns id, salt, body, digest).
void add_text_row(Sha256& sha, BatchInsert& texts, std::int64_t text_id, std::string_view body,
                  ChainedEvent& e, std::string& digest);

// The event's row in `events` (columns id, case_id, at, on_date, officer, kind, from_value,
// to_value, text_id, hash), with its hash.
void add_event_row(BatchInsert& events, const ChainedEvent& e, std::string_view hash);

// The end of the chain in this connection's transaction: read from the database the first time
// a transaction asks (after taking the engine's chain lock, where it has one), then kept as
// the writer extends it.
Connection::ChainTail& chain_tail(Database& db);

// The reads chain_tail makes, for a change to send ahead with its own first reads (read_ahead)
// inside its write transaction: their answers are kept while it writes, since only the event
// writer changes the tail and the writers' lock keeps other writers out. None when the tail is
// known already, or outside a transaction.
std::vector<AheadStatement> chain_tail_reads(Database& db);

// Forgets the tail after a write made outside a transaction (each statement its own).
void forget_chain_tail_outside_transaction(Database& db) noexcept;

// Part of the migration schema/*_personal_data.sql: carries the events of case_event_v6 (the trail
// before the chain) into case_event and event_text, keeping their ids, and drops case_event_v6.
// Does nothing if there is no case_event_v6.
void carry_audit_trail(Database& db);

// Verifies the chain, each text against its digest, each redacted text against its redaction,
// and the triggers that keep the trail append-only, adding a line per finding to `result`.
void check_audit_trail(Database& db, CheckResult& result);

} // namespace feedback::detail
