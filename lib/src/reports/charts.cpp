// SPDX-License-Identifier: MIT
// The annual report's charts, as inline SVG: the page needs no scripts, fonts or images from
// elsewhere, so it opens offline and prints as it shows. Each chart is a <figure> with an id
// (chart-volumes, chart-channels, chart-timeliness, chart-outcomes) and a text description.
#include "reports/report_internal.hpp"

#include <feedback/policy/vocabulary.hpp>

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

namespace feedback::report {

namespace {

constexpr int k_width = 720;
// Light to dark: the period asked for is the darkest.
constexpr std::string_view k_blues[] = {"#c6dbef", "#9ecae1", "#6baed6",
                                        "#4292c6", "#2171b5", "#08519c"};
constexpr std::string_view k_outcome_colours[] = {"#d95f02", "#7570b3", "#1b9e77"};
constexpr std::string_view k_target_colour = "#c0392b";

std::string_view
period_colour(std::size_t i, std::size_t n)
{
  const std::size_t palette = std::size(k_blues);
  if (n <= 1) {
    return k_blues[palette - 1];
  }
  // Every other shade when there are few periods, so that neighbours differ clearly.
  const std::size_t step = std::min<std::size_t>(2, (palette - 1) / (n - 1));
  if (step > 0) {
    return k_blues[palette - 1 - (n - 1 - i) * step];
  }
  return k_blues[i * (palette - 1) / (n - 1)];
}

std::string
num(double v)
{
  return fmt::format("{:.1f}", v);
}

// A round number at or above `max` for the top of an axis: 1, 2 or 5 times a power of ten.
std::int64_t
nice_max(std::int64_t max)
{
  if (max <= 0) {
    return 1;
  }
  for (std::int64_t p = 1;; p *= 10) {
    for (const std::int64_t m : {1, 2, 5}) {
      if (m * p >= max) {
        return m * p;
      }
    }
  }
}

std::string
text(double x, double y, std::string_view content, std::string_view anchor = "start", int size = 11,
     std::string_view fill = "#333")
{
  return fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{}\" "
                     "fill=\"{}\">{}</text>\n",
                     num(x), num(y), size, anchor, fill, escape_html(content));
}

std::string
rect(double x, double y, double w, double h, std::string_view fill, std::string_view tip)
{
  return fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\">"
                     "<title>{}</title></rect>\n",
                     num(x), num(y), num(std::max(w, 0.0)), num(std::max(h, 0.0)), fill,
                     escape_html(tip));
}

std::string
line(double x1, double y1, double x2, double y2, std::string_view stroke,
     std::string_view extra = "")
{
  return fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\"{}{}/>\n", num(x1),
                     num(y1), num(x2), num(y2), stroke, extra.empty() ? "" : " ", extra);
}

std::string
figure(std::string_view id, std::string_view caption, std::string_view description, int height,
       const std::string& body)
{
  return fmt::format("<figure class=\"chart\" id=\"chart-{0}\">\n<figcaption>{1}</figcaption>\n"
                     "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {2} {3}\" "
                     "width=\"{2}\" height=\"{3}\" role=\"img\" aria-labelledby=\"chart-{0}-desc\" "
                     "font-family=\"Segoe UI, Arial, Helvetica, sans-serif\">\n"
                     "<desc id=\"chart-{0}-desc\">{4}</desc>\n"
                     "<rect x=\"0\" y=\"0\" width=\"{2}\" height=\"{3}\" fill=\"#ffffff\"/>\n"
                     "{5}</svg>\n</figure>\n",
                     id, escape_html(caption), k_width, height, escape_html(description), body);
}

// A legend in one row from (x, y): a swatch and a label for each entry.
std::string
legend(double x, double y, const std::vector<std::pair<std::string, std::string>>& entries)
{
  std::string out;
  for (const auto& [label, colour] : entries) {
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/>\n", num(x),
                       num(y - 10), colour);
    out += text(x + 16, y, label);
    x += 28 + 6.5 * static_cast<double>(label.size());
  }
  return out;
}

// Horizontal grid lines and their labels for a vertical axis of 0..`top`.
std::string
y_axis(double left, double right, double top_y, double bottom_y, std::int64_t top,
       std::string_view suffix = "")
{
  std::string out;
  for (int i = 0; i <= 5; ++i) {
    const double y = bottom_y - (bottom_y - top_y) * i / 5.0;
    out += line(left, y, right, y, i == 0 ? "#666" : "#e0e0e0");
    out += text(left - 6, y + 4, format_count(top * i / 5) + std::string(suffix), "end", 10);
  }
  return out;
}

std::string
volumes_chart(const AnnualFigures& f)
{
  const auto& months = *f.monthly;
  const auto& kpi = *f.kpi;
  const int height = 300;
  const double left = 64;
  const double right = k_width - 16;
  const double top_y = 34;
  const double bottom_y = height - 56;
  std::int64_t max = 0;
  for (const auto& [m, n] : months) {
    max = std::max(max, n);
  }
  const auto top = nice_max(max);
  std::string body = y_axis(left, right, top_y, bottom_y, top);
  const auto n = months.size();
  auto x_of = [&](std::size_t i) {
    return n <= 1 ? (left + right) / 2
                  : left + (right - left) * static_cast<double>(i) / static_cast<double>(n - 1);
  };
  auto y_of = [&](std::int64_t v) {
    return bottom_y - (bottom_y - top_y) * static_cast<double>(v) / static_cast<double>(top);
  };
  // A period's label under its months, and a line where each period starts.
  const auto& periods = f.scope->periods;
  for (std::size_t p = 0; p < periods.size(); ++p) {
    std::size_t first = n;
    std::size_t last = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const auto d = date::sys_days{months[i].first.from};
      if (d >= date::sys_days{periods[p].from} && d <= date::sys_days{periods[p].to}) {
        first = std::min(first, i);
        last = std::max(last, i);
      }
    }
    if (first == n) {
      continue;
    }
    if (p > 0) {
      body += line(x_of(first), top_y, x_of(first), bottom_y, "#999", "stroke-dasharray=\"4 3\"");
    }
    body +=
        text((x_of(first) + x_of(last)) / 2, bottom_y + 18, period_label(periods[p]), "middle", 11);
  }
  auto series = [&](const std::vector<std::int64_t>& values, std::string_view colour,
                    std::string_view name) {
    std::string points;
    std::string dots;
    for (std::size_t i = 0; i < values.size(); ++i) {
      points += fmt::format("{}{},{}", i ? " " : "", num(x_of(i)), num(y_of(values[i])));
      dots += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"2.5\" fill=\"{}\"><title>{} {}: {}"
                          "</title></circle>\n",
                          num(x_of(i)), num(y_of(values[i])), colour, escape_html(name),
                          period_label(months[i].first), format_count(values[i]));
    }
    return fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" "
                       "stroke-width=\"2\"/>\n{}",
                       points, colour, dots);
  };
  std::vector<std::int64_t> all;
  std::vector<std::int64_t> complaints;
  for (std::size_t i = 0; i < n; ++i) {
    all.push_back(months[i].second);
    complaints.push_back(i < kpi.size() ? kpi[i].received : 0);
  }
  body += series(all, "#08519c", "All cases");
  body += series(complaints, "#d95f02", "Complaints");
  body += legend(left, 20, {{"All cases received", "#08519c"}, {"Complaints", "#d95f02"}});
  std::int64_t total = 0;
  for (const auto v : all) {
    total += v;
  }
  return figure("volumes", "Cases received each month",
                fmt::format("Line chart of cases received each month over {} months ({} in all), "
                            "with complaints shown separately.",
                            n, format_count(total)),
                height, body);
}

std::string
channels_chart(const AnnualFigures& f)
{
  const auto& v = *f.by_channel;
  const auto& periods = f.scope->periods;
  const int height = 320;
  const double left = 64;
  const double right = k_width - 16;
  const double top_y = 34;
  const double bottom_y = height - 64;
  std::int64_t max = 0;
  for (const auto& r : v.rows) {
    for (const auto c : r.counts) {
      max = std::max(max, c);
    }
  }
  const auto top = nice_max(max);
  std::string body = y_axis(left, right, top_y, bottom_y, top);
  const double group =
      (right - left) / static_cast<double>(std::max<std::size_t>(v.rows.size(), 1));
  const double bar = (group - 14) / static_cast<double>(periods.size());
  for (std::size_t g = 0; g < v.rows.size(); ++g) {
    const auto& r = v.rows[g];
    const double x0 = left + group * static_cast<double>(g) + 7;
    for (std::size_t p = 0; p < periods.size(); ++p) {
      const double h =
          (bottom_y - top_y) * static_cast<double>(r.counts[p]) / static_cast<double>(top);
      body += rect(x0 + bar * static_cast<double>(p), bottom_y - h, bar - 1, h,
                   period_colour(p, periods.size()),
                   fmt::format("{} {}: {}", r.key[0].value_or(""), period_label(periods[p]),
                               format_count(r.counts[p])));
    }
    const auto name = f.catalogue->display(Dimension::channel, r.key[0]);
    body += text(x0 + (group - 14) / 2, bottom_y + 16, name, "middle", 10);
    if (r.key[0] && f.catalogue->is_digital(*r.key[0])) {
      body += text(x0 + (group - 14) / 2, bottom_y + 29, "digital", "middle", 9, "#777");
    }
  }
  std::vector<std::pair<std::string, std::string>> entries;
  for (std::size_t p = 0; p < periods.size(); ++p) {
    entries.emplace_back(period_label(periods[p]), std::string(period_colour(p, periods.size())));
  }
  body += legend(left, 20, entries);
  std::vector<std::string> digital;
  for (const auto c : f.catalogue->digital_channels()) {
    digital.push_back(f.catalogue->display(Dimension::channel, std::string(c)));
  }
  return figure("channels", "Cases received by channel",
                fmt::format("Grouped bar chart of cases received by each channel in each year; "
                            "the digital channels are {}.",
                            digital.empty() ? std::string("none")
                                            : fmt::format("{}", fmt::join(digital, ", "))),
                height, body);
}

std::string
timeliness_chart(const AnnualFigures& f)
{
  const auto& periods = f.scope->periods;
  // Response rows only, for the procedure stages that had responses in some period.
  struct Category
  {
    std::string label;
    std::optional<int> target;
    std::vector<const TimelinessRow*> rows;
  };
  std::vector<Category> categories;
  std::map<std::tuple<std::string, int>, std::size_t> index;
  for (const auto& r : *f.timeliness) {
    if (r.measure != Measure::response) {
      continue;
    }
    const auto key = std::tuple(r.procedure.value_or(""), r.stage.value_or(0));
    auto it = index.find(key);
    if (it == index.end()) {
      it = index.emplace(key, categories.size()).first;
      categories.push_back({fmt::format("{}{}", r.procedure.value_or("no procedure"),
                                        r.stage ? fmt::format(" stage {}", *r.stage) : ""),
                            r.target_percent, std::vector<const TimelinessRow*>(periods.size())});
    }
    categories[it->second].rows[r.period] = &r;
  }
  std::erase_if(categories, [](const Category& c) {
    return std::none_of(c.rows.begin(), c.rows.end(),
                        [](const TimelinessRow* r) { return r != nullptr && r->total > 0; });
  });
  const double left = 190;
  const double right = k_width - 60;
  const double top_y = 40;
  const double bar = 13;
  const double group = bar * static_cast<double>(periods.size()) + 12;
  const int height = static_cast<int>(
      top_y + group * static_cast<double>(std::max<std::size_t>(categories.size(), 1)) + 40);
  const double bottom_y = height - 34;
  std::string body;
  for (int pct = 0; pct <= 100; pct += 20) {
    const double x = left + (right - left) * pct / 100.0;
    body += line(x, top_y - 6, x, bottom_y, pct == 0 ? "#666" : "#e0e0e0");
    body += text(x, bottom_y + 14, fmt::format("{}%", pct), "middle", 10);
  }
  if (categories.empty()) {
    body += text(left, top_y + 20, "No stage responses in these periods.");
  }
  for (std::size_t c = 0; c < categories.size(); ++c) {
    const auto& cat = categories[c];
    const double y0 = top_y + group * static_cast<double>(c);
    body += text(left - 8, y0 + group / 2, cat.label, "end", 11);
    for (std::size_t p = 0; p < periods.size(); ++p) {
      const auto* r = cat.rows[p];
      const double y = y0 + bar * static_cast<double>(p);
      const auto pct = r != nullptr ? percentage(r->in_time, r->total) : std::nullopt;
      if (!pct) {
        body += text(left + 4, y + bar - 3,
                     fmt::format("{}: no responses", period_label(periods[p])), "start", 9, "#777");
        continue;
      }
      const double w = (right - left) * static_cast<double>(pct->value) / 10000.0;
      body += rect(left, y, w, bar - 2, period_colour(p, periods.size()),
                   fmt::format("{} {}: {}% in time ({} of {})", cat.label, period_label(periods[p]),
                               format_hundredths(*pct), format_count(r->in_time),
                               format_count(r->total)));
      body += text(left + w + 4, y + bar - 4, format_hundredths(*pct) + "%", "start", 9);
    }
    if (cat.target) {
      const double x = left + (right - left) * *cat.target / 100.0;
      body += line(x, y0 - 3, x, y0 + group - 9, std::string(k_target_colour),
                   "stroke-width=\"2\" stroke-dasharray=\"3 2\"");
    }
  }
  std::vector<std::pair<std::string, std::string>> entries;
  for (std::size_t p = 0; p < periods.size(); ++p) {
    entries.emplace_back(period_label(periods[p]), std::string(period_colour(p, periods.size())));
  }
  entries.emplace_back("target", std::string(k_target_colour));
  body += legend(left, 20, entries);
  return figure("timeliness", "Stage responses within timescale, against target",
                "Horizontal bar chart of the percentage of stage responses made within "
                "timescale, for each procedure stage and year, with the procedure's target "
                "marked by a dashed line.",
                height, body);
}

std::string
outcomes_chart(const AnnualFigures& f)
{
  const auto& periods = f.scope->periods;
  std::vector<OutcomeRow> totals(periods.size());
  for (const auto& r : f.outcomes->by_service) {
    totals[r.period].upheld += r.upheld;
    totals[r.period].partially_upheld += r.partially_upheld;
    totals[r.period].not_upheld += r.not_upheld;
  }
  const double left = 170;
  const double right = k_width - 20;
  const double top_y = 40;
  const double bar = 30;
  const int height =
      static_cast<int>(top_y + (bar + 12) * static_cast<double>(periods.size()) + 34);
  std::string body;
  for (std::size_t p = 0; p < periods.size(); ++p) {
    const auto& t = totals[p];
    const double y = top_y + (bar + 12) * static_cast<double>(p);
    body += text(
        left - 8, y + bar / 2 + 4,
        fmt::format("{} ({} responses)", period_label(periods[p]), format_count(t.responses())),
        "end", 11);
    if (t.responses() == 0) {
      body += text(left + 4, y + bar / 2 + 4, "no responses with an outcome", "start", 10, "#777");
      continue;
    }
    const std::int64_t parts[] = {t.upheld, t.partially_upheld, t.not_upheld};
    const std::string_view names[] = {"upheld", "partially upheld", "not upheld"};
    double x = left;
    for (std::size_t i = 0; i < 3; ++i) {
      const double w =
          (right - left) * static_cast<double>(parts[i]) / static_cast<double>(t.responses());
      const auto pct = percentage(parts[i], t.responses());
      body += rect(x, y, w, bar, k_outcome_colours[i],
                   fmt::format("{} {}: {} ({}%)", period_label(periods[p]), names[i],
                               format_count(parts[i]), format_hundredths(*pct)));
      if (w > 44) {
        body += text(x + w / 2, y + bar / 2 + 4,
                     fmt::format("{}%", divide_rounded(parts[i] * 100, t.responses())), "middle",
                     11, "#ffffff");
      }
      x += w;
    }
  }
  body += legend(left, 20,
                 {{"upheld", std::string(k_outcome_colours[0])},
                  {"partially upheld", std::string(k_outcome_colours[1])},
                  {"not upheld", std::string(k_outcome_colours[2])}});
  return figure("outcomes", "Outcomes of complaint responses",
                "Stacked bar chart of the share of stage responses upheld, partially upheld and "
                "not upheld in each year.",
                height, body);
}

} // namespace

std::vector<Chart>
annual_charts(const AnnualFigures& figures)
{
  return {
      {"volumes", "volumes_monthly", volumes_chart(figures)},
      {"channels", "volumes_by_channel", channels_chart(figures)},
      {"timeliness", "timeliness", timeliness_chart(figures)},
      {"outcomes", "outcomes_by_service", outcomes_chart(figures)},
  };
}

} // namespace feedback::report
