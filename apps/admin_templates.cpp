// SPDX-License-Identifier: MIT
// feedback-admin template add, list, show, remove and values: letter templates as data.
#include "cli_files.hpp"
#include "letters_commands.hpp"

#include <feedback/letters/letters.hpp>
#include <feedback/util/table.hpp>

#include <fmt/format.h>

namespace feedback::cli {

namespace {

struct TemplateOptions
{
  std::string name;
  std::string file;
  std::string description;
  std::string officer;
  std::string format = "table";
  bool replace = false;
};

std::string
source_text(const LetterTemplate& t)
{
  if (t.source == TemplateSource::council && t.replaces_shipped) {
    return "council (replaces shipped)";
  }
  return std::string(template_source_name(t.source));
}

int
run_list(const CommonOptions& common, const TemplateOptions& opt)
{
  const auto format = parse_format_arg(opt.format);
  auto db = open_existing(common);
  std::vector<Row> rows;
  for (const auto& t : list_templates(db)) {
    rows.push_back({t.name, source_text(t), t.description});
  }
  print(render(format, {"name", "source", "description"}, rows));
  return 0;
}

int
run_show(const CommonOptions& common, const TemplateOptions& opt)
{
  auto db = open_existing(common);
  const auto t = find_template(db, opt.name);
  if (!t) {
    throw Error(ExitCode::data_error, fmt::format("unknown template '{}'", opt.name));
  }
  print(t->body);
  return 0;
}

int
run_add(const CommonOptions& common, const TemplateOptions& opt)
{
  const auto actor = make_actor(opt.officer);
  const auto body = read_input(opt.file);
  auto db = open_existing(common);
  add_template(db, opt.name, body, opt.description, opt.replace ? Replace::yes : Replace::no,
               actor);
  confirm("template {} added", opt.name);
  return 0;
}

int
run_remove(const CommonOptions& common, const TemplateOptions& opt)
{
  auto db = open_existing(common);
  remove_template(db, opt.name);
  confirm("template {} removed", opt.name);
  return 0;
}

int
run_values(const TemplateOptions& opt)
{
  const auto format = parse_format_arg(opt.format);
  std::vector<Row> rows;
  for (const auto& v : template_values()) {
    rows.push_back({v.name, v.meaning});
  }
  print(render(format, {"value", "meaning"}, rows));
  return 0;
}

} // namespace

void
setup_admin_templates(CLI::App& app, const CommonOptions& common, Action& action)
{
  auto* group = app.add_subcommand(
      "template", "Letter templates: the shipped ones and the council's own (docs/letters.md)");
  group->require_subcommand(1);
  group->fallthrough();

  auto* list = add_subcommand<TemplateOptions>(
      *group, "list", "List the templates a letter may use", action,
      [&common](const TemplateOptions& o) { return run_list(common, o); });
  add_format_option(list, list->options.format);

  auto* show = add_subcommand<TemplateOptions>(
      *group, "show", "Print a template as written", action,
      [&common](const TemplateOptions& o) { return run_show(common, o); });
  show->add_option("NAME", show->options.name, "The template, e.g. stage-response")->required();

  auto* add = add_subcommand<TemplateOptions>(
      *group, "add", "Store the council's template (checked first; replaces a shipped one)", action,
      [&common](const TemplateOptions& o) { return run_add(common, o); });
  add->add_option("NAME", add->options.name, "The template's name: a-z, 0-9 and -")->required();
  add->add_option("FILE", add->options.file, "The Mustache template, or - for stdin")->required();
  add->add_option("--description", add->options.description, "What the letter is for");
  add->add_flag("--replace", add->options.replace, "Write over the council's template NAME");
  add->add_option("--officer", add->options.officer, "Who adds it (default: $USER)");

  auto* remove = add_subcommand<TemplateOptions>(
      *group, "remove", "Remove the council's template (a shipped one is used again)", action,
      [&common](const TemplateOptions& o) { return run_remove(common, o); });
  remove->add_option("NAME", remove->options.name, "The template")->required();

  auto* values = add_subcommand<TemplateOptions>(
      *group, "values", "List the values a template may use", action,
      [](const TemplateOptions& o) { return run_values(o); });
  add_format_option(values, values->options.format);
}

} // namespace feedback::cli
