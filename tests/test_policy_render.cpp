// SPDX-License-Identifier: MIT
// Policy as text: the seeded defaults (DOMAIN.md's table) and a policy with every part filled.
#include "test_support.hpp"

#include <feedback/policy/policy.hpp>
#include <feedback/policy/render.hpp>
#include <feedback/storage/migrate.hpp>

#include <catch2/catch.hpp>

using namespace feedback;

TEST_CASE("policy render: the seeded version 1, part by part", "[policy_render][db]")
{
  auto db = test::migrated_database();
  // Each stage as the defaults give it: corporate 3/10 (+10) then 3/20 (+10) then the
  // Ombudsman; children's statutory 10 (up to 20 in all: +10), 25 (up to 65: +40), 30; adults'
  // 20 as agreed; SEND 20 (+10) then corporate stage 2; enquiry 5; priority correspondence 10.
  const std::string expected = R"(policy version 1

procedures
procedure                name                                                       target  escalation_window
corporate                Corporate complaints procedure                             80%                    20
childrens-statutory      Children's social care statutory procedure                 60%                    20
adults-statutory         Adult social care statutory procedure                      60%                     -
send                     Special educational needs and disabilities                 80%                    20
enquiry                  Enquiries                                                  80%                     -
priority-correspondence  Priority correspondence (chief executive, MPs, directors)  80%                     -

stages (working days)
procedure                stage  name                                acknowledge  respond  max_extension  next
corporate                    1  Stage 1                                       3       10             10  stage 2
corporate                    2  Stage 2: independent review                   3       20             10  ombudsman
childrens-statutory          1  Stage 1                                       3       10             10  stage 2
childrens-statutory          2  Stage 2: independent investigation            3       25             40  stage 3
childrens-statutory          3  Stage 3: review panel                         3       30              0  ombudsman
adults-statutory             1  Single stage                                  3       20      as agreed  ombudsman
send                         1  Stage 1                                       3       20             10  corporate stage 2
enquiry                      1  Enquiry                                       -        5              0  -
priority-correspondence      1  Priority correspondence                       -       10              0  -

types
type             procedure  acknowledge  respond
unclassified     -                    3        -
complaint        corporate            -        -
compliment       -                    5        -
comment          -                    5        -
suggestion       -                    5        -
enquiry          enquiry              -        -
service-request  -                    -        -

service overrides
(none)

escalation ladder (negative: due within that many days)
level            days_overdue  notify
due-soon                   -2  owner
past-due                    1  team-manager
head-of-service             5  head-of-service
director                   10  director

classification rules (first match decides)
#  name                         sponsors                       info_request  types                                           set_type   set_procedure
1  member-input-is-a-complaint  councillor,mp                  no            unclassified,complaint,enquiry,service-request  complaint  -
2  member-information-request   councillor,mp,chief-executive  yes           unclassified,enquiry                            enquiry    priority-correspondence
3  chief-executive-complaint    chief-executive                no            unclassified,complaint,enquiry,service-request  complaint  -

settings
key                  value
retention_years          6
sponsor_update_days      5
)";
  CHECK(render_policy(load_policy(db)) == expected);
}

TEST_CASE("policy render: overrides, rules without conditions and a stage with no next",
          "[policy_render]")
{
  Policy p;
  p.version = 3;
  p.procedures = {
      {"local",
       "A local procedure",
       75,
       std::nullopt,
       {{1, "Only stage", std::nullopt, 15, std::nullopt, std::nullopt, std::nullopt}}}};
  p.service_overrides = {{"HWY", "local", 1, 4}};
  p.rules = {{"anything", {}, std::nullopt, {}, std::nullopt, std::string("local"), ""}};
  const std::string expected = R"(policy version 3

procedures
procedure  name               target  escalation_window
local      A local procedure  75%                     -

stages (working days)
procedure  stage  name        acknowledge  respond  max_extension  next
local          1  Only stage            -       15      as agreed  -

types
(none)

service overrides
service  procedure  stage  respond
HWY      local          1        4

escalation ladder (negative: due within that many days)
(none)

classification rules (first match decides)
#  name      sponsors  info_request  types  set_type  set_procedure
1  anything  any       any           any    -         local

settings
(none)
)";
  CHECK(render_policy(p) == expected);
}
