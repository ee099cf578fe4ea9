// SPDX-License-Identifier: MIT
// Personal data duties and the audit trail's hash chain (lib/src/privacy/, storage/).
#include "test_support.hpp"

#include <feedback/cases/render.hpp>
#include <feedback/privacy/equality.hpp>
#include <feedback/privacy/privacy.hpp>
#include <feedback/reports/equality.hpp>
#include <feedback/storage/personal_data.hpp>
#include <feedback/util/digest.hpp>

#include <set>
#include <string>

using namespace feedback;
using namespace feedback::test;

namespace {

Actor
officer(std::string_view today, std::string name = "olga")
{
  return {std::move(name), std::string(today) + "T10:00:00Z", d(today)};
}

// A closed complaint received on `received`, responded to and closed on `closed`, with a person
// and a note naming someone.
std::string
closed_case(TestDatabase& t, std::string_view received, std::string_view closed,
            std::string name = "A. Resident")
{
  auto n = new_case("complaint", received, "email", "HWY", "Pothole outside Mrs Smith's house");
  n.person.name = std::move(name);
  n.person.email = "a.resident@example.org";
  n.person.phone = "+44 7700 900123";
  n.person.address = "1 Elm Row, Ashbury, AB1 2CD";
  const auto ref = create_case(t.db, n, officer(received));
  add_note(t.db, ref, "Mrs Smith rang again", officer(received));
  respond_case(t.db, ref, std::string("upheld"), {}, d(closed), officer(closed));
  close_case(t.db, ref, d(closed), officer(closed));
  return ref;
}

bool
chain_ok(Database& db)
{
  return check_database(db).ok;
}

std::string
check_text(Database& db)
{
  std::string out;
  for (const auto& line : check_database(db).lines) {
    out += line + "\n";
  }
  return out;
}

} // namespace

TEST_CASE("digest: SHA-256 of the FIPS 180-4 examples", "[privacy]")
{
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Sha256 h;
  CHECK(h.update("a").update("bc").finish() == sha256_hex("abc"));
  // finish() starts afresh.
  CHECK(h.update("abc").finish() == sha256_hex("abc"));
  CHECK(random_hex(16).size() == 32);
  CHECK(random_hex(16) != random_hex(16));
  // A million "a" given in pieces: handed to libcrypto in gathered blocks and a remainder.
  const std::string thousand(1000, 'a');
  for (int i = 0; i < 1000; ++i) {
    h.update(thousand);
  }
  CHECK(h.finish() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("digest: random salts are never handed out twice, across the drawn pool", "[privacy]")
{
  std::set<std::string> salts;
  for (int i = 0; i < 1000; ++i) { // 16,000 bytes: four draws of the pool
    salts.insert(random_hex(16));
  }
  CHECK(salts.size() == 1000);
  CHECK(random_hex(3000).size() == 6000); // more than the pool hands out: drawn at once
}

TEST_CASE("audit chain: every event is chained, and check verifies it", "[privacy][audit][db]")
{
  TestDatabase t({k_highways});
  const auto ref = closed_case(t, "2026-01-05", "2026-01-20");
  CHECK(t.number("SELECT count(*) FROM case_event") == 5);
  CHECK(t.number("SELECT count(*) FROM case_event WHERE length(hash) = 64") == 5);
  // Each event's free text lives apart, with its digest.
  CHECK(t.text("SELECT t.body FROM case_event e JOIN event_text t ON t.id = e.text_id "
               "WHERE e.kind = 'note'") == "Mrs Smith rang again");
  const auto report = check_text(t.db);
  CHECK(report.find("audit triggers: ok") != std::string::npos);
  CHECK(report.find("audit chain: 5 events, head ") != std::string::npos);
  CHECK(chain_ok(t.db));
  // Reading a case gives its texts back unchanged.
  const auto view = find_case(t.db, t.calendar, ref, d("2026-01-20"));
  REQUIRE(view);
  CHECK(view->events[2].detail == "Mrs Smith rang again");
}

// SQLite only: SQLite's own tampering: INSERT OR REPLACE and its triggers dropped and rewritten (on
// PostgreSQL the trail's trigger functions guard it).
TEST_CASE("audit chain: REPLACE is refused, and tampering is found",
          "[privacy][audit][db][sqlite-only]")
{
  TestDatabase t({k_highways});
  closed_case(t, "2026-01-05", "2026-01-20");
  SECTION("INSERT OR REPLACE of an event is refused")
  {
    CHECK(message_of([&] {
            t.db.exec("INSERT OR REPLACE INTO case_event (id, case_id, at, on_date, officer, kind, "
                      "hash) SELECT id, case_id, at, on_date, 'mallory', kind, hash "
                      "FROM case_event WHERE id = 2");
          }).find("audit events cannot be replaced") != std::string::npos);
    CHECK(t.text("SELECT officer FROM case_event WHERE id = 2") == "olga");
  }
  SECTION("a texts's body can only be redacted")
  {
    CHECK(error_code_of([&] { t.db.exec("UPDATE event_text SET body = 'x' WHERE id = 1"); }) ==
          ExitCode::data_error);
    CHECK(error_code_of([&] { t.db.exec("DELETE FROM event_text"); }) == ExitCode::data_error);
  }
  SECTION("a dropped trigger is found")
  {
    t.db.exec("DROP TRIGGER case_event_no_replace");
    CHECK_FALSE(chain_ok(t.db));
    CHECK(check_text(t.db).find("audit trigger case_event_no_replace: missing") !=
          std::string::npos);
  }
  SECTION("a trigger made harmless is found")
  {
    t.db.exec("DROP TRIGGER case_event_no_update");
    t.db.exec("CREATE TRIGGER case_event_no_update BEFORE UPDATE ON case_event BEGIN SELECT 1; "
              "END");
    CHECK(check_text(t.db).find("audit trigger case_event_no_update: changed") !=
          std::string::npos);
  }
  SECTION("an event edited with its trigger out of the way is the first broken link")
  {
    t.db.exec("DROP TRIGGER case_event_no_update");
    t.db.exec("UPDATE case_event SET to_value = 'not-upheld' WHERE kind = 'responded'");
    const auto report = check_text(t.db);
    CHECK(report.find("audit chain: first broken link at event 4 (case FB-2026-000001, "
                      "responded") != std::string::npos);
    CHECK(report.find("1 broken link in 5 events") != std::string::npos);
  }
  SECTION("an event deleted is found at the next one")
  {
    t.db.exec("DROP TRIGGER case_event_no_delete");
    t.db.exec("DELETE FROM case_event WHERE id = 3");
    CHECK(check_text(t.db).find("first broken link at event 4 (case FB-2026-000001, responded, "
                                "recorded 2026-01-20T10:00:00Z): its hash does not match its "
                                "content and the event before it (event 2; events 3 to 3 are "
                                "missing)") != std::string::npos);
  }
  SECTION("a text edited is found")
  {
    t.db.exec("DROP TRIGGER event_text_redact_only");
    t.db.exec("UPDATE event_text SET body = 'Mr Jones rang' WHERE body = 'Mrs Smith rang again'");
    CHECK(check_text(t.db).find("its text was changed after it was recorded") != std::string::npos);
  }
  SECTION("a text removed without a redaction is found")
  {
    t.db.exec("DROP TRIGGER event_text_redact_only");
    t.db.exec("UPDATE event_text SET body = NULL, salt = NULL, redacted_by = 1 "
              "WHERE body = 'Mrs Smith rang again'");
    CHECK(check_text(t.db).find("its text was removed without a redaction") != std::string::npos);
  }
}

// SQLite only: migrates a SQLite database of schema 5, written with SQLite's schema files.
TEST_CASE("audit chain: the migration carries the old trail over, byte for byte",
          "[privacy][db][sqlite-only]")
{
  auto db = Database::open("", OpenMode::memory);
  for (const auto* file : {"0001_initial.sql", "0002_policy.sql", "0003_cases.sql",
                           "0004_escalation.sql", "0005_import.sql"}) {
    db.exec(read_file(source_dir() / "schema" / file));
  }
  db.exec(fmt::format("PRAGMA application_id = {}", k_application_id));
  db.exec("PRAGMA user_version = 5");
  db.exec("INSERT INTO service (code, name, directorate) VALUES ('HWY', 'Highways', 'Place')");
  db.exec("INSERT INTO case_record (id, reference, type, channel, service, summary, received, "
          "received_at, last_activity, current_stage) VALUES (1, 'FB-2020-000001', 'complaint', "
          "'email', 'HWY', 's', '2020-01-02', '2020-01-02', '2020-01-02', 1)");
  db.exec("INSERT INTO case_stage (id, case_id, procedure, stage, policy_version, started) "
          "VALUES (1, 1, 'corporate', 1, 1, '2020-01-02')");
  // An empty detail, a multi-byte one, and one with a line break.
  db.exec("INSERT INTO case_event (id, case_id, at, on_date, officer, kind, from_value, to_value, "
          "detail) VALUES (1, 1, '2020-01-02T09:00:00Z', '2020-01-02', 'olga', 'created', NULL, "
          "NULL, ''), (2, 1, '2020-01-02T09:00:01Z', '2020-01-02', 'olga', 'note', NULL, NULL, "
          "'Café owner said \"no\"' || char(10) || 'twice'), (5, 1, '2020-01-03T09:00:00Z', "
          "'2020-01-03', 'piotr', 'assigned', 'olga', 'piotr', '')");
  migrate(db);
  CHECK(number(db, "SELECT count(*) FROM case_event") == 3);
  CHECK(number(db, "SELECT count(*) FROM case_event WHERE text_id IS NULL") == 2);
  CHECK(text(db, "SELECT t.body FROM case_event e JOIN event_text t ON t.id = e.text_id "
                 "WHERE e.id = 2") == "Café owner said \"no\"\ntwice");
  CHECK(text(db, "SELECT group_concat(id) FROM case_event") == "1,2,5");
  CHECK(number(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'case_event_v6'") == 0);
  CHECK(check_database(db).ok);
  // New events go on from the last.
  add_note(db, "FB-2020-000001", "later", officer("2020-01-04"));
  CHECK(number(db, "SELECT max(id) FROM case_event") == 6);
  CHECK(check_database(db).ok);
}

TEST_CASE("privacy: matching normalises names, addresses, phones and postcodes", "[privacy]")
{
  CHECK(normalise_name("  A.  Resident ") == "a resident");
  CHECK(normalise_name("O'BRIEN, Mary") == "o'brien mary");
  CHECK(normalise_email(" Ann.Smith@Example.ORG ") == "ann.smith@example.org");
  CHECK(normalise_phone("+44 7700 900123") == "07700900123");
  CHECK(normalise_phone("0044 (0)7700-900123") == "007700900123");
  CHECK(normalise_phone("447700900123") == "07700900123");
  CHECK(normalise_phone("07700 900 123") == "07700900123");
  CHECK(normalise_postcode("sw1a 1aa") == "SW1A1AA");
  CHECK(is_postcode("SW1A1AA"));
  CHECK(is_postcode("M11AE"));
  CHECK(is_postcode("B338TH"));
  CHECK(is_postcode("CR26XH"));
  CHECK_FALSE(is_postcode("12345"));
  CHECK_FALSE(is_postcode("SW1A1A"));
  CHECK(postcode_of_address("1 Elm Row, Ashbury, AB1 2CD") == "AB12CD");
  CHECK(postcode_of_address("1 Elm Row\nAshbury AB1 2CD\n") == "AB12CD");
  CHECK(postcode_of_address("1 Elm Row, Ashbury") == "");
}

TEST_CASE("privacy: a person is found by any of their details, all given must match",
          "[privacy][db]")
{
  TestDatabase t({k_highways});
  const auto a = closed_case(t, "2026-01-05", "2026-01-20");
  const auto b = closed_case(t, "2026-02-05", "2026-02-20", "B. Other");
  auto refs = [&](const PersonQuery& q) {
    std::string out;
    for (const auto& c : find_person(t.db, q)) {
      out += c.reference + " ";
    }
    return out;
  };
  CHECK(refs({std::string("a resident"), {}, {}, {}}) == a + " ");
  CHECK(refs({{}, std::string("A.RESIDENT@example.org"), {}, {}}) == a + " " + b + " ");
  CHECK(refs({{}, {}, std::string("07700900123"), {}}) == a + " " + b + " ");
  CHECK(refs({{}, {}, {}, std::string("ab1 2cd")}) == a + " " + b + " ");
  CHECK(refs({std::string("B Other"), {}, std::string("447700900123"), {}}) == b + " ");
  CHECK(refs({std::string("Nobody"), {}, {}, {}}).empty());
  CHECK(error_code_of([&] { find_person(t.db, {}); }) == ExitCode::usage);
  CHECK(error_code_of([&] {
          find_person(t.db, {{}, {}, {}, std::string("AB1")});
        }) == ExitCode::usage);
}

TEST_CASE("privacy: retention redacts cases closed more than retention_years ago, audited",
          "[privacy][retention][db]")
{
  TestDatabase t({k_highways});
  // retention_years is 6: on 2026-03-10 the cutoff is 2020-03-10.
  const auto old = closed_case(t, "2020-02-03", "2020-03-09");
  const auto boundary = closed_case(t, "2020-02-04", "2020-03-10");
  const auto held = closed_case(t, "2020-02-05", "2020-03-02");
  place_legal_hold(t.db, held, "claim in the county court", officer("2026-03-01"));
  RetentionRequest request;
  request.as_of = d("2026-03-10");
  request.list_cases = true;
  request.chunk = 1; // one transaction per case: the chunks meet
  SECTION("a dry run changes nothing")
  {
    request.dry_run = true;
    const auto events = t.number("SELECT count(*) FROM case_event");
    const auto s = run_retention(t.db, request, officer("2026-03-10", "retention"));
    CHECK(s.redacted == 1);
    CHECK(s.redacted_references == std::vector<std::string>{old});
    CHECK(t.number("SELECT count(*) FROM case_event") == events);
  }
  SECTION("the run")
  {
    const auto s = run_retention(t.db, request, officer("2026-03-10", "retention"));
    CHECK(format_date(s.cutoff) == "2020-03-10");
    CHECK(s.years == 6);
    CHECK(s.redacted == 1);
    REQUIRE(s.kept.size() == 1);
    CHECK(s.kept[0].reference == held);
    CHECK(s.kept[0].why == "legal hold since 2026-03-01");
    const auto view = find_case(t.db, t.calendar, old, d("2026-03-10"));
    REQUIRE(view);
    CHECK(view->summary == "[redacted]");
    REQUIRE(view->person);
    CHECK_FALSE(view->person->name);
    CHECK_FALSE(view->person->phone);
    CHECK(view->events[2].detail == "[redacted]");
    CHECK(view->events.back().kind == "redacted");
    CHECK(view->events.back().to == "retention");
    CHECK(view->events.back().officer == "retention");
    // A redaction is no work on the case.
    CHECK(format_date(view->last_activity) == "2020-03-09");
    // The case's facts stay.
    CHECK(view->stages[0].outcome == "upheld");
    // Only the case past retention.
    CHECK(t.text("SELECT summary FROM case_record WHERE reference = '" + boundary + "'") ==
          "Pothole outside Mrs Smith's house");
    // created, classified, the note, responded: the texts before the redaction.
    CHECK(t.number("SELECT count(*) FROM event_text WHERE body IS NULL") == 4);
    CHECK(check_database(t.db).ok);
    // A second run finds nothing more to do.
    CHECK(run_retention(t.db, request, officer("2026-03-10", "retention")).redacted == 0);
    // Released, the held case goes at the next run.
    release_legal_hold(t.db, held, "claim settled", officer("2026-03-11"));
    request.as_of = d("2026-03-11");
    const auto again = run_retention(t.db, request, officer("2026-03-11", "retention"));
    CHECK(again.redacted_references == std::vector<std::string>{boundary, held});
    CHECK(t.text("SELECT group_concat(reason, ',') FROM legal_hold") == "[redacted]");
    CHECK(check_database(t.db).ok);
  }
}

TEST_CASE("privacy: erasure is refused while a case must be kept, unless forced", "[privacy][db]")
{
  TestDatabase t({k_highways});
  const auto closed = closed_case(t, "2026-01-05", "2026-01-20");
  auto n = new_case("complaint", "2026-02-02", "email", "HWY", "Bins");
  n.person.name = "A. Resident";
  const auto open = create_case(t.db, n, officer("2026-02-02"));
  record_equality(t.db, closed, "age", "35-44", officer("2026-02-02"));
  EraseRequest request{{std::string("a resident"), {}, {}, {}}, "erasure request of 2 Feb", false};
  const auto events = t.number("SELECT count(*) FROM case_event");
  CHECK(message_of([&] { erase_person(t.db, request, officer("2026-02-03")); }) ==
        "not erased: case " + open +
            " must be kept: it is still open (erase with --force and a reason to override)");
  CHECK(t.number("SELECT count(*) FROM case_event") == events);
  request.force = true;
  const auto result = erase_person(t.db, request, officer("2026-02-03"));
  CHECK(result.erased == std::vector<std::string>{closed, open});
  CHECK(t.number("SELECT count(*) FROM equality_monitoring") == 0);
  CHECK(t.text("SELECT group_concat(why, ',') FROM case_redaction") == "erasure,erasure");
  // The erasure's reason is kept: it is the record of the request.
  CHECK(t.text("SELECT t.body FROM case_event e JOIN event_text t ON t.id = e.text_id "
               "WHERE e.kind = 'redacted' LIMIT 1") == "erasure request of 2 Feb");
  CHECK(find_person(t.db, {std::string("a resident"), {}, {}, {}}).empty());
  CHECK(check_database(t.db).ok);
  CHECK(error_code_of([&] {
          erase_person(t.db, {{std::string("x"), {}, {}, {}}, "", false}, officer("2026-02-03"));
        }) == ExitCode::usage);
}

TEST_CASE("privacy: a subject access export holds the person's cases and is recorded",
          "[privacy][db]")
{
  TestDatabase t({k_highways});
  const auto ref = closed_case(t, "2026-01-05", "2026-01-20");
  const auto text = export_person(t.db, t.calendar, {std::string("A Resident"), {}, {}, {}},
                                  ExportFormat::text, officer("2026-02-01", "dpo"));
  CHECK(text.find("==== " + ref + " ====") != std::string::npos);
  CHECK(text.find("a.resident@example.org") != std::string::npos);
  CHECK(text.find("Mrs Smith rang again") != std::string::npos);
  CHECK(t.text("SELECT officer || ' ' || to_value FROM case_event "
               "WHERE kind = 'subject-access-export'") == "dpo text");
  CHECK(error_code_of([&] {
          export_person(t.db, t.calendar, {std::string("Nobody"), {}, {}, {}}, ExportFormat::json,
                        officer("2026-02-01"));
        }) == ExitCode::data_error);
}

TEST_CASE("equality: small counts and the totals that would reveal them are suppressed",
          "[privacy][equality]")
{
  using Line = std::vector<std::optional<std::int64_t>>;
  SECTION("nothing small: every count and the total shown")
  {
    const auto s = suppress_small_counts({12, 7, 5});
    CHECK(s.cells == Line{12, 7, 5});
    CHECK(s.total == 24);
  }
  SECTION("one small cell: the total would give it away (24 - 12 - 9 = 3)")
  {
    const auto s = suppress_small_counts({12, 9, 3});
    CHECK(s.cells == Line{12, 9, std::nullopt});
    CHECK_FALSE(s.total);
    CHECK_FALSE(s.total_small);
  }
  SECTION("two small cells of 1 and 3: the total leaves them ambiguous (4 = 1+3 = 2+2 ...)")
  {
    const auto s = suppress_small_counts({12, 1, 3});
    CHECK(s.cells == Line{12, std::nullopt, std::nullopt});
    CHECK(s.total == 16);
  }
  SECTION("two zeros: a total of 10 says both are 0")
  {
    const auto s = suppress_small_counts({10, 0, 0});
    CHECK_FALSE(s.total);
  }
  SECTION("two fours: a total of 18 says both are 4")
  {
    const auto s = suppress_small_counts({10, 4, 4});
    CHECK_FALSE(s.total);
  }
  SECTION("a total below 5 is small itself")
  {
    const auto s = suppress_small_counts({1, 2, 0});
    CHECK(s.cells == Line{std::nullopt, std::nullopt, std::nullopt});
    CHECK_FALSE(s.total);
    CHECK(s.total_small);
  }
}

TEST_CASE("equality: recorded apart, reported in aggregate under the personal-data guard",
          "[privacy][equality][db]")
{
  TestDatabase t({k_highways});
  // On PostgreSQL the report then counts as the reporting role, which may not read the answers:
  // through equality_counts, which runs as its owner (schema 17).
  test::create_roles_on_postgresql(t.db);
  // Seven cases: five aged 35-44, one 18-24, one prefer not to say.
  for (int i = 0; i < 7; ++i) {
    const auto ref = create_case(t.db, new_case("complaint", "2026-01-05", "web", "HWY", "s"),
                                 officer("2026-01-05"));
    record_equality(t.db, ref, "age", i < 5 ? "35-44" : (i == 5 ? "18-24" : "prefer-not-to-say"),
                    officer("2026-01-05"));
  }
  CHECK(error_code_of([&] {
          record_equality(t.db, "FB-2026-000001", "shoe-size", "9", officer("2026-01-05"));
        }) == ExitCode::usage);
  CHECK(error_code_of([&] {
          record_equality(t.db, "FB-2026-000001", "age", "35", officer("2026-01-05"));
        }) == ExitCode::usage);
  // The trail says it was recorded, not what.
  CHECK(t.number("SELECT count(*) FROM case_event WHERE kind = 'equality-monitoring' "
                 "AND to_value = 'age' AND text_id IS NULL") == 7);
  const auto csv = equality_report(t.db, d("2026-01-01"), d("2026-01-31"), Format::csv);
  CHECK(csv.find("age,35-44,5\r\n") != std::string::npos);
  CHECK(csv.find("age,18-24,<5\r\n") != std::string::npos);
  CHECK(csv.find("age,prefer-not-to-say,<5\r\n") != std::string::npos);
  // Eight small cells (1, 1 and six 0s) under a total of 7: ambiguous, so shown.
  CHECK(csv.find("age,total,7\r\n") != std::string::npos);
  CHECK(csv.find("sex,total,<5\r\n") != std::string::npos);
  // The guard still refuses every other personal read, and this one outside the report: SQLite's
  // authorizer, as the statement is prepared; PostgreSQL's server, when it runs.
  PersonalDataGuard guard(t.db);
  test::check_refused(t.db, "SELECT category FROM equality_monitoring");
}
