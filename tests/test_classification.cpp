// SPDX-License-Identifier: MIT
#include "test_support.hpp"

#include <feedback/policy/classification.hpp>
#include <feedback/policy/policy.hpp>

using namespace feedback;

namespace {

Policy
default_policy()
{
  auto db = test::migrated_database();
  return load_policy(db);
}

} // namespace

TEST_CASE("classification: a councillor's contact is a complaint unless it only asks",
          "[classification][db]")
{
  const auto policy = default_policy();
  ClassificationInput in;
  in.type = "enquiry";
  in.sponsor = "councillor";
  auto c = classify(policy, in);
  CHECK(c.type == "complaint");
  CHECK(c.procedure == "corporate");
  CHECK(c.explanation.find("member-input-is-a-complaint") != std::string::npos);

  in.info_request = true;
  c = classify(policy, in);
  CHECK(c.type == "enquiry");
  CHECK(c.procedure == "priority-correspondence");
  CHECK(c.explanation.find("member-information-request") != std::string::npos);

  SECTION("an MP with no type given")
  {
    ClassificationInput mp;
    mp.sponsor = "mp";
    CHECK(classify(policy, mp).type == "complaint");
  }
  SECTION("a councillor passing on a compliment")
  {
    ClassificationInput compliment;
    compliment.type = "compliment";
    compliment.sponsor = "councillor";
    const auto r = classify(policy, compliment);
    CHECK(r.type == "compliment");
    CHECK_FALSE(r.procedure.has_value());
  }
}

TEST_CASE("classification: the procedure comes from the officer, the service, or corporate",
          "[classification][db]")
{
  const auto policy = default_policy();
  ClassificationInput in;
  in.type = "complaint";
  CHECK(classify(policy, in).procedure == "corporate");

  in.service = "CSC";
  in.service_procedure = "childrens-statutory";
  auto c = classify(policy, in);
  CHECK(c.procedure == "childrens-statutory");
  CHECK(c.explanation.find("service CSC") != std::string::npos);

  in.procedure = "send";
  CHECK(classify(policy, in).procedure == "send");

  // The service's default is for complaints: an enquiry follows the enquiry procedure.
  ClassificationInput enquiry;
  enquiry.type = "enquiry";
  enquiry.service_procedure = "childrens-statutory";
  CHECK(classify(policy, enquiry).procedure == "enquiry");
}

TEST_CASE("classification: unclassified contacts and officers' reclassification",
          "[classification][db]")
{
  const auto policy = default_policy();
  ClassificationInput in;
  auto c = classify(policy, in);
  CHECK_FALSE(c.type.has_value());
  CHECK_FALSE(c.procedure.has_value());

  // An officer reclassifies a councillor's "complaint" as the service request it really is.
  ClassificationInput officer;
  officer.type = "service-request";
  officer.sponsor = "councillor";
  officer.officer_decides_type = true;
  c = classify(policy, officer);
  CHECK(c.type == "service-request");
  CHECK_FALSE(c.procedure.has_value());
}
