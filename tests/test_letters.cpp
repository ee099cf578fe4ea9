// SPDX-License-Identifier: MIT
// Letters: the template check, the council's templates over the shipped ones, letters filled
// from a case in each format (hand-written expected text), and sending recorded.
#include "test_support.hpp"

#include <feedback/cases/cases.hpp>
#include <feedback/escalation/escalation.hpp>
#include <feedback/letters/letters.hpp>
#include <feedback/util/digest.hpp>

using namespace feedback;
using feedback::test::d;
using feedback::test::error_code_of;
using feedback::test::message_of;

namespace {

std::string
problem_of(std::string_view body)
{
  const auto p = check_template(body);
  return p ? std::to_string(p->line) + ": " + p->reason : "none";
}

struct Fixture : test::TestDatabase
{
  Actor actor{"j.patel", "2026-11-16T10:00:00Z", d("2026-11-16")};

  Fixture() : TestDatabase({test::k_highways}) {}

  // A corporate complaint received Monday 2 November 2026, acknowledged on the 3rd and upheld on
  // Monday 16 November, from a customer who asked for large print.
  std::string responded_case(std::string name = "Ann Smith")
  {
    auto n = test::new_case("complaint", "2026-11-02", "email", "HWY", "Pothole on Elm Row");
    n.person.name = std::move(name);
    n.person.address = "1 Elm Row, Ashbury,  AB1 2CD";
    n.person.preferred_format = "large-print";
    const auto ref = create_case(db, n, actor);
    acknowledge_case(db, ref, d("2026-11-03"), actor);
    respond_case(db, ref, std::string("upheld"), {"service-failure"}, d("2026-11-16"), actor);
    return ref;
  }

  Letter letter(const std::string& ref, std::string_view name, LetterFormat format,
                std::optional<std::string> reasons = std::nullopt,
                std::vector<std::string> remedies = {})
  {
    LetterRequest request;
    request.template_name = std::string(name);
    request.format = format;
    request.reasons = std::move(reasons);
    request.remedies = std::move(remedies);
    return write_letter(db, calendar, ref, request, actor);
  }
};

} // namespace

TEST_CASE("letters: a date as a letter writes it", "[letters]")
{
  CHECK(long_date(d("2026-11-27")) == "Friday 27 November 2026");
  CHECK(long_date(d("2026-01-01")) == "Thursday 1 January 2026");
  CHECK(long_date(d("2024-02-29")) == "Thursday 29 February 2024");
}

TEST_CASE("letters: the formats by name", "[letters]")
{
  CHECK(parse_letter_format("html") == LetterFormat::html);
  CHECK(parse_letter_format("markdown") == LetterFormat::markdown);
  CHECK(parse_letter_format("text") == LetterFormat::text);
  CHECK_FALSE(parse_letter_format("pdf").has_value());
}

TEST_CASE("letters: a template is checked before it is stored", "[letters]")
{
  CHECK(problem_of("Dear {{dear}},\n{{! a comment }}\n{{#remedies}}- {{description}}\n"
                   "{{/remedies}}{{#address_lines}}{{.}}{{/address_lines}}") == "none");
  SECTION("Mustache's own errors, at their line")
  {
    CHECK(problem_of("Dear {{dear}},\n\nYours {{officer") == "3: unclosed tag");
    CHECK(problem_of("a\n{{#remedies}}\n- {{description}}\n") ==
          "2: unclosed section \"remedies\"");
    CHECK(problem_of("a\nb\n{{/remedies}}") == "3: unopened section \"remedies\"");
  }
  SECTION("values printed unescaped, partials and other delimiters")
  {
    CHECK(problem_of("{{{reference}}}") ==
          "1: '{{{reference}}}' would print a value unescaped: write {{reference}}");
    CHECK(problem_of("x\n{{& reference}}") ==
          "2: '{{& reference}}' would print a value unescaped: write {{reference}}");
    CHECK(problem_of("{{> header}}") == "1: '{{> header}}': a letter template has no partials");
    CHECK(problem_of("{{=<% %>=}}") ==
          "1: '{{=<% %>=}}': a letter template keeps the delimiters {{ and }}");
  }
  SECTION("a value a letter does not have, such as a typo")
  {
    CHECK(problem_of("Dear {{dear}},\n\nOur ref {{refrence}}") ==
          "3: unknown value 'refrence' (docs/letters.md lists the values a letter has)");
  }
  CHECK(problem_of("  \n") == "1: the template is empty");
  SECTION("every shipped template passes")
  {
    const auto shipped = shipped_templates();
    REQUIRE(shipped.size() == 5);
    CHECK(shipped[0].name == "acknowledgement");
    CHECK(shipped[1].name == "escalation");
    CHECK(shipped[2].name == "holding");
    CHECK(shipped[3].name == "ombudsman");
    CHECK(shipped[4].name == "stage-response");
    for (const auto& t : shipped) {
      INFO(t.name);
      CHECK(problem_of(t.body) == "none");
      CHECK_FALSE(t.description.empty());
    }
  }
}

TEST_CASE("letters: the council's templates over the shipped ones", "[letters][db]")
{
  Fixture f;
  CHECK(list_templates(f.db).size() == 5);
  add_template(f.db, "apology", "Dear {{dear}},\nSorry.\n", "A short apology", Replace::no,
               f.actor);
  const auto apology = find_template(f.db, "apology");
  REQUIRE(apology.has_value());
  CHECK(apology->source == TemplateSource::council);
  CHECK(apology->added_by == "j.patel");
  CHECK(apology->description == "A short apology");
  CHECK(list_templates(f.db).size() == 6);

  SECTION("the same name again needs --replace")
  {
    CHECK(message_of([&] { add_template(f.db, "apology", "x", "", Replace::no, f.actor); }) ==
          "the council has a template 'apology' already (--replace writes over it)");
    add_template(f.db, "apology", "Dear {{dear}}", "", Replace::yes, f.actor);
    CHECK(find_template(f.db, "apology")->body == "Dear {{dear}}");
  }
  SECTION("a template that does not parse is refused with its line, the database unchanged")
  {
    const auto e = test::error_of([&] {
      add_template(f.db, "broken", "Dear {{dear}},\n{{#remedies}}\n", "", Replace::no, f.actor);
    });
    CHECK(e.code() == ExitCode::data_error);
    CHECK(std::string(e.what()) == "template 'broken' line 2: unclosed section \"remedies\"");
    CHECK(f.number("SELECT count(*) FROM letter_template") == 1);
  }
  SECTION("names are lower-case words")
  {
    CHECK(error_code_of([&] {
            add_template(f.db, "Stage Response", "x", "", Replace::no, f.actor);
          }) == ExitCode::usage);
  }
  SECTION("a council template replaces the shipped one until it is removed")
  {
    add_template(f.db, "holding", "Wait, {{dear}}.", "", Replace::no, f.actor);
    const auto holding = find_template(f.db, "holding");
    CHECK(holding->source == TemplateSource::council);
    CHECK(holding->replaces_shipped);
    CHECK(list_templates(f.db).size() == 6);
    remove_template(f.db, "holding");
    CHECK(find_template(f.db, "holding")->source == TemplateSource::shipped);
    CHECK(message_of([&] { remove_template(f.db, "holding"); }) ==
          "template 'holding' is shipped with the programs and cannot be removed (add one of "
          "that name to use instead)");
    CHECK(message_of([&] { remove_template(f.db, "nope"); }) == "unknown template 'nope'");
  }
}

TEST_CASE("letters: a stage response filled from the case, as text", "[letters][db]")
{
  Fixture f;
  const auto ref = f.responded_case();
  // The window: 20 working days after Monday 16 November is Monday 14 December (no bank
  // holiday between), the last day escalate_stage accepts.
  CHECK(f.calendar.working_days_between(d("2026-11-16"), d("2026-12-14")) == 20);
  const auto letter = f.letter(ref, "stage-response", LetterFormat::text,
                               "The pothole was reported twice and not repaired within the "
                               "five working days our highways standard sets.",
                               {"an apology", "a repair of the road surface"});
  CHECK(letter.large_print);
  CHECK(letter.text == "Ann Smith\n"
                       "1 Elm Row\n"
                       "Ashbury\n"
                       "AB1 2CD\n"
                       "\n"
                       "Monday 16 November 2026\n"
                       "\n"
                       "Our reference: " +
                           ref +
                           "\n"
                           "\n"
                           "Dear Ann Smith,\n"
                           "\n"
                           "Our response to your complaint\n"
                           "==============================\n"
                           "\n"
                           "This is our response to your complaint of Monday 2 November 2026 "
                           "about\n"
                           "Highways, at Stage 1 of our Corporate complaints procedure.\n"
                           "\n"
                           "Our decision\n"
                           "============\n"
                           "\n"
                           "Our decision: Upheld.\n"
                           "\n"
                           "The reasons for our decision:\n"
                           "\n"
                           "The pothole was reported twice and not repaired within the five "
                           "working days\n"
                           "our highways standard sets.\n"
                           "\n"
                           "Putting things right\n"
                           "====================\n"
                           "\n"
                           "- an apology\n"
                           "- a repair of the road surface\n"
                           "\n"
                           "What is still to be done\n"
                           "========================\n"
                           "\n"
                           "Nothing more is outstanding on your complaint.\n"
                           "\n"
                           "If you are still unhappy\n"
                           "========================\n"
                           "\n"
                           "If you are not satisfied with this response, you can ask us to "
                           "consider your\n"
                           "complaint at stage 2 of the Corporate complaints procedure. Please "
                           "ask within\n"
                           "20 working days of this response, that is by Monday 14 December "
                           "2026. Reply to\n"
                           "this letter, quoting your reference " +
                           ref +
                           ", and tell us why you are\n"
                           "still unhappy.\n"
                           "\n"
                           "Yours sincerely,\n"
                           "\n"
                           "j.patel\n");
}

TEST_CASE("letters: a case with no stages leaves the stage out", "[letters][db]")
{
  Fixture f;
  const auto ref = create_case(
      f.db, test::new_case(std::nullopt, "2026-11-16", "phone", "HWY", "Gritting"), f.actor);
  const auto letter = f.letter(ref, "stage-response", LetterFormat::text, "We grit main roads.");
  // Unclassified, it follows no procedure yet.
  CHECK(letter.text.find("This is our response to your contact of Monday 16 November 2026 about\n"
                         "Highways.\n") != std::string::npos);
}

TEST_CASE("letters: the stage response needs the decision's reasons", "[letters][db]")
{
  Fixture f;
  const auto ref = f.responded_case();
  const auto e = test::error_of([&] { f.letter(ref, "stage-response", LetterFormat::text); });
  CHECK(e.code() == ExitCode::usage);
  CHECK(std::string(e.what()) == "template 'stage-response' states the decision's reasons: give "
                                 "them with --reasons TEXT or --reasons-file FILE");
  CHECK(error_code_of([&] { f.letter("FB-2026-999999", "holding", LetterFormat::text); }) ==
        ExitCode::data_error);
  CHECK(message_of([&] { f.letter(ref, "nope", LetterFormat::text); }) ==
        "unknown template 'nope' (templates: acknowledgement, escalation, holding, ombudsman, "
        "stage-response)");
}

TEST_CASE("letters: HTML escapes every value and honours large print", "[letters][db]")
{
  Fixture f;
  const auto ref = f.responded_case("Ann <b>Smith</b> & \"Co\"");
  add_template(f.db, "short",
               "# Hello & welcome\n\nDear {{dear}},\n{{#address_lines}}\n{{.}}\n"
               "{{/address_lines}}\n\n{{#remedies}}\n- {{description}}\n"
               "{{/remedies}}\n",
               "", Replace::no, f.actor);
  const auto letter = f.letter(ref, "short", LetterFormat::html, std::nullopt, {"a <refund>"});
  CHECK(letter.text == "<!DOCTYPE html>\n"
                       "<html lang=\"en-GB\">\n"
                       "<head>\n"
                       "<meta charset=\"utf-8\">\n"
                       "<title>" +
                           ref +
                           " short</title>\n"
                           "<style>\n"
                           "body { font-family: Arial, Helvetica, sans-serif; font-size: 18pt; "
                           "line-height: 1.6; max-width: 40em; margin: 2em auto; }\n"
                           "h2 { font-size: 1.2em; }\n"
                           "</style>\n"
                           "</head>\n"
                           "<body class=\"large-print\">\n"
                           "<h2>Hello &amp; welcome</h2>\n"
                           "<p>Dear Ann &lt;b&gt;Smith&lt;/b&gt; &amp; &quot;Co&quot;,<br>\n"
                           "1 Elm Row<br>\n"
                           "Ashbury<br>\n"
                           "AB1 2CD</p>\n"
                           "<ul>\n"
                           "<li>a &lt;refund&gt;</li>\n"
                           "</ul>\n"
                           "</body>\n"
                           "</html>\n");
  SECTION("Markdown escapes a value's markup and keeps the template's line breaks")
  {
    const auto md = f.letter(ref, "short", LetterFormat::markdown, std::nullopt, {"a *refund*"});
    CHECK(md.text == "# Hello & welcome\n"
                     "\n"
                     "Dear Ann \\<b\\>Smith\\</b\\> & \"Co\",\\\n"
                     "1 Elm Row\\\n"
                     "Ashbury\\\n"
                     "AB1 2CD\n"
                     "\n"
                     "- a \\*refund\\*\n");
  }
}

TEST_CASE("letters: the Ombudsman's decision and remedies", "[letters][db]")
{
  Fixture f;
  const auto ref = f.responded_case();
  open_ombudsman(f.db, ref, "26 001 234", d("2026-11-16"), f.actor);
  record_decision(f.db, ref, "upheld", d("2026-11-16"), f.actor);
  add_remedy(f.db, ref, "payment", 25000, d("2026-12-14"), f.actor);
  const auto letter = f.letter(ref, "ombudsman", LetterFormat::text);
  CHECK(letter.text.find("The Local Government and Social Care Ombudsman has considered your "
                         "complaint\n(their reference 26 001 234) and on Monday 16 November 2026 "
                         "made this\ndecision: Upheld.\n\nWe will put things right as follows:\n\n"
                         "- a payment of £250.00, by Monday 14 December 2026\n") !=
        std::string::npos);
}

TEST_CASE("letters: sending is recorded on the case", "[letters][db]")
{
  Fixture f;
  const auto ref = f.responded_case();
  const auto letter = f.letter(ref, "acknowledgement", LetterFormat::html);
  record_letter_sent(f.db, ref, letter, d("2026-11-16"), f.actor);
  CHECK(f.text("SELECT kind || '|' || to_value || '|' || on_date || '|' || officer FROM "
               "case_event ORDER BY id DESC LIMIT 1") ==
        "letter|acknowledgement|2026-11-16|j.patel");
  CHECK(f.text("SELECT t.body FROM case_event e JOIN event_text t ON t.id = e.text_id "
               "ORDER BY e.id DESC LIMIT 1") ==
        "html (large print), sha256 " + sha256_hex(letter.text));
  CHECK(error_code_of([&] { record_letter_sent(f.db, ref, letter, d("2026-11-17"), f.actor); }) ==
        ExitCode::data_error);
}

TEST_CASE("letters: only a complaint is decided and taken further", "[letters][db]")
{
  Fixture f;
  add_template(f.db, "which",
               "{{#complaint}}complaint{{/complaint}}{{^complaint}}answer{{/complaint}}"
               "{{#next_stage}} then {{next_stage}}{{/next_stage}}"
               "{{#next_ombudsman}} then the Ombudsman{{/next_ombudsman}}\n",
               "Which", Replace::no, f.actor);
  const auto complaint = f.responded_case();
  CHECK(f.letter(complaint, "which", LetterFormat::text).text ==
        "complaint then stage 2 of the Corporate complaints procedure\n");
  // The enquiry procedure has no next stage: for a complaint that would be the Ombudsman.
  const auto enquiry = create_case(
      f.db, test::new_case("enquiry", "2026-11-10", "email", "HWY", "Bin days"), f.actor);
  respond_case(f.db, enquiry, std::nullopt, {}, d("2026-11-16"), f.actor);
  CHECK(f.letter(enquiry, "which", LetterFormat::text).text == "answer\n");
}
