// SPDX-License-Identifier: MIT
// feedback-log hold-legal, release-legal and equality.
#include "privacy_commands.hpp"

#include <feedback/privacy/equality.hpp>
#include <feedback/privacy/privacy.hpp>

#include <fmt/format.h>

namespace feedback::cli {

namespace {

struct LegalHoldOptions
{
  std::string reference;
  std::string officer;
  std::string reason;
};

struct EqualityOptions
{
  std::string reference;
  std::string officer;
  std::vector<std::string> settings; // CHARACTERISTIC=CATEGORY
};

int
run_equality(const CommonOptions& common, const EqualityOptions& opt)
{
  const auto actor = make_actor(opt.officer);
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& s : opt.settings) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == s.size()) {
      throw Error(ExitCode::usage,
                  fmt::format("expected CHARACTERISTIC=CATEGORY (e.g. age=35-44): '{}'", s));
    }
    pairs.emplace_back(s.substr(0, eq), s.substr(eq + 1));
  }
  auto db = open_existing(common);
  for (const auto& [characteristic, category] : pairs) {
    record_equality(db, opt.reference, characteristic, category, actor);
  }
  return 0;
}

} // namespace

void
setup_log_privacy(CLI::App& app, const CommonOptions& common, Action& action)
{
  auto* hold = add_subcommand<LegalHoldOptions>(
      app, "hold-legal", "Keep the case from retention (a legal claim) until released", action,
      [&common](const LegalHoldOptions& o) {
        auto db = open_existing(common);
        place_legal_hold(db, o.reference, o.reason, make_actor(o.officer));
        return 0;
      });
  hold->add_option("REF", hold->options.reference, "Case reference")->required();
  hold->add_option("--officer", hold->options.officer, "Who places it (default: $USER)");
  hold->add_option("--reason", hold->options.reason, "Why the case must be kept")->required();

  auto* release = add_subcommand<LegalHoldOptions>(
      app, "release-legal", "End the case's legal hold: retention applies again", action,
      [&common](const LegalHoldOptions& o) {
        auto db = open_existing(common);
        release_legal_hold(db, o.reference, o.reason, make_actor(o.officer));
        return 0;
      });
  release->add_option("REF", release->options.reference, "Case reference")->required();
  release->add_option("--officer", release->options.officer, "Who releases it (default: $USER)");
  release->add_option("--reason", release->options.reason, "Why it may go")->required();

  std::string characteristics;
  for (const auto& c : equality_characteristics()) {
    characteristics += fmt::format("{}{}", characteristics.empty() ? "" : ", ", c.name);
  }
  auto* equality = add_subcommand<EqualityOptions>(
      app, "equality",
      "Record equality monitoring for the case (optional; reported only in aggregate)", action,
      [&common](const EqualityOptions& o) { return run_equality(common, o); });
  equality->add_option("REF", equality->options.reference, "Case reference")->required();
  equality
      ->add_option("SETTING", equality->options.settings,
                   "CHARACTERISTIC=CATEGORY, e.g. age=35-44 (characteristics: " + characteristics +
                       "; any may be prefer-not-to-say)")
      ->required();
  equality->add_option("--officer", equality->options.officer, "Who records it (default: $USER)");
}

} // namespace feedback::cli
