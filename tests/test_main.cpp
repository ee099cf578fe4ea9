// SPDX-License-Identifier: MIT
// Catch2's runner, after one check: asked to run on PostgreSQL (FEEDBACK_TEST_ENGINE=postgresql,
// as the pg:NAME entries of CTest are) without a server to run on (FEEDBACK_PG_CLUSTER), the
// program says so and exits 77, which CTest counts as skipped (tests/test_support.hpp).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <string_view>

int
main(int argc, char* argv[])
{
  const char* engine = std::getenv("FEEDBACK_TEST_ENGINE");
  const char* cluster = std::getenv("FEEDBACK_PG_CLUSTER");
  bool listing = false;
  for (int i = 1; i < argc; ++i) {
    listing = listing || std::string_view(argv[i]).starts_with("--list");
  }
  if (!listing && engine != nullptr && std::string_view(engine) == "postgresql" &&
      (cluster == nullptr || *cluster == '\0')) {
    std::puts("skipped: FEEDBACK_TEST_ENGINE=postgresql needs FEEDBACK_PG_CLUSTER, the directory "
              "of a server of scripts/postgresql_cluster.sh (scripts/test.sh starts one)");
    return 77;
  }
  return Catch::Session().run(argc, argv);
}
