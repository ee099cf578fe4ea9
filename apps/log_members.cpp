// SPDX-License-Identifier: MIT
// feedback-log restrict add|list|review|end: contact restrictions on a person.
#include "member_commands.hpp"

#include <feedback/contacts/restrictions.hpp>

#include <fmt/format.h>

#include <limits>

namespace feedback::cli {

namespace {

struct RestrictOptions
{
  std::string name;
  std::string email;
  std::string phone;
  std::string postcode;
  std::string reason;
  std::string restricts;
  std::string review;
  std::string on;
  std::string officer;
};

struct RestrictListOptions
{
  bool all = false;
  std::string due;
  std::string format = "table";
};

struct RestrictChangeOptions
{
  std::string id;
  std::string next;
  std::string reason;
  std::string on;
  std::string officer;
};

std::int64_t
restriction_id(const std::string& id)
{
  // "#3" as show prints it, or 3.
  const std::string digits = !id.empty() && id.front() == '#' ? id.substr(1) : id;
  return parse_int_arg("ID", digits, 1, std::numeric_limits<std::int64_t>::max());
}

int
run_add(const CommonOptions& common, const RestrictOptions& opt)
{
  const auto actor = make_actor(opt.officer);
  RestrictionInput input;
  input.who = {given(opt.name), given(opt.email), given(opt.phone), given(opt.postcode)};
  input.reason = opt.reason;
  input.restricts = opt.restricts;
  input.review_on = parse_date_arg("--review", opt.review);
  input.on = date_arg_or("--on", opt.on, actor.today);
  auto db = open_existing(common);
  const auto id = add_restriction(db, input, actor);
  const auto cases = find_person(db, input.who);
  std::string refs;
  for (const auto& c : cases) {
    refs += fmt::format("{}{}", refs.empty() ? "" : ", ", c.reference);
  }
  print(fmt::format("restriction #{}: {} case{} of this person{}{}\n", id, cases.size(),
                    cases.size() == 1 ? "" : "s", refs.empty() ? "" : ": ", refs));
  return 0;
}

int
run_list(const CommonOptions& common, const RestrictListOptions& opt)
{
  const auto format = parse_format_arg(opt.format);
  std::optional<Date> due;
  if (!opt.due.empty()) {
    due = opt.due == "today" ? today() : parse_date_arg("--due", opt.due);
  }
  auto db = open_existing(common);
  print(render_restrictions(
      due ? restrictions_due_for_review(db, *due) : list_restrictions(db, opt.all), format));
  return 0;
}

int
run_review(const CommonOptions& common, const RestrictChangeOptions& opt)
{
  const auto actor = make_actor(opt.officer);
  const auto id = restriction_id(opt.id);
  const auto next = parse_date_arg("--next", opt.next);
  const auto on = date_arg_or("--on", opt.on, actor.today);
  auto db = open_existing(common);
  review_restriction(db, id, on, next, actor);
  confirm("restriction #{} reviewed on {}: kept, next review {}", id, format_date(on),
          format_date(next));
  return 0;
}

int
run_end(const CommonOptions& common, const RestrictChangeOptions& opt)
{
  const auto actor = make_actor(opt.officer);
  const auto id = restriction_id(opt.id);
  const auto on = date_arg_or("--on", opt.on, actor.today);
  auto db = open_existing(common);
  end_restriction(db, id, on, opt.reason, actor);
  confirm("restriction #{} ended on {}", id, format_date(on));
  return 0;
}

} // namespace

void
setup_log_members(CLI::App& app, const CommonOptions& common, Action& action)
{
  auto* restrict = app.add_subcommand(
      "restrict", "Contact restrictions on a person (unreasonable or persistent behaviour)");
  restrict->require_subcommand(1);

  auto* add = add_subcommand<RestrictOptions>(*restrict, "add",
                                              "Restrict contact with the person whose details "
                                              "match every field given; shown on each "
                                              "of their cases",
                                              action, [&common](const RestrictOptions& o) {
                                                return run_add(common, o);
                                              });
  auto& a = add->options;
  add->add_option("--name", a.name, "The person's name (case, spaces and full stops ignored)");
  add->add_option("--email", a.email, "Their e-mail address (case ignored)");
  add->add_option("--phone", a.phone, "Their phone number (spaces ignored; +44 is 0)");
  add->add_option("--postcode", a.postcode, "The postcode of their address (spaces ignored)");
  add->add_option("--reason", a.reason, "Why, under the council's policy")->required();
  add->add_option("--restricts", a.restricts,
                  "What is restricted, e.g. \"phone calls; written contact to one officer\"")
      ->required();
  add->add_option("--review", a.review, "When it is next reviewed (YYYY-MM-DD)")->required();
  add_on_option(add, a.on);
  add->add_option("--officer", a.officer, "Who decides it (default: $USER)");

  auto* list =
      add_subcommand<RestrictListOptions>(*restrict, "list",
                                          "Restrictions in force (with --all, ended ones too)",
                                          action, [&common](const RestrictListOptions& o) {
                                            return run_list(common, o);
                                          });
  list->add_flag("--all", list->options.all, "Ended restrictions too");
  list->add_option("--due", list->options.due,
                   "Only those due for review on or before this day (YYYY-MM-DD or today)");
  add_format_option(list, list->options.format);

  auto* review = add_subcommand<
      RestrictChangeOptions>(*restrict, "review",
                             "Record a review that keeps a restriction, and its next review day",
                             action, [&common](const RestrictChangeOptions& o) {
                               return run_review(common, o);
                             });
  review->add_option("ID", review->options.id, "The restriction's number")->required();
  review->add_option("--next", review->options.next, "The next review day (YYYY-MM-DD)")
      ->required();
  add_on_option(review, review->options.on);
  review->add_option("--officer", review->options.officer, "Who reviews it (default: $USER)");

  auto* end = add_subcommand<RestrictChangeOptions>(*restrict, "end", "End a restriction", action,
                                                    [&common](const RestrictChangeOptions& o) {
                                                      return run_end(common, o);
                                                    });
  end->add_option("ID", end->options.id, "The restriction's number")->required();
  end->add_option("--reason", end->options.reason, "Why it ends")->required();
  add_on_option(end, end->options.on);
  end->add_option("--officer", end->options.officer, "Who ends it (default: $USER)");
}

} // namespace feedback::cli
