// SPDX-License-Identifier: MIT
#include <feedback/calendar/bank_holidays.hpp>
#include <feedback/util/enum_words.hpp>
#include <feedback/util/error.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <array>

// Sources for the rules below (cited again where each one is used):
//  [act]   Banking and Financial Dealings Act 1971 (c. 80), Schedule 1, and s.1(3), under
//          which a royal proclamation appoints extra or substitute days
//          (legislation.gov.uk/ukpga/1971/80).
//  [asp]   St Andrew's Day Bank Holiday (Scotland) Act 2007 (asp 2), Royal Assent
//          15 January 2007, which inserts 30 November (or the following Monday) into
//          Schedule 1 para 2 (legislation.gov.uk/asp/2007/2/section/1).
//  [wiki]  Wikipedia, "Bank holidays in Scotland": Boxing Day has been a bank holiday in
//          Scotland since 1974 and the last Monday in May since 1978; substitute days are
//          customarily proclaimed for any bank holiday that falls on a Saturday or Sunday.
//          "Public holidays in the United Kingdom": New Year's Day first became a bank
//          holiday in England, Wales and Northern Ireland on 1 January 1974, May Day in 1978.
//  [1995]  Hansard, HC Deb 2 March 1995 vol 255 c709W: in 1995 the early May bank holiday
//          moved from 1 to 8 May in England, Wales and Northern Ireland, but in Scotland
//          8 May was a bank holiday in addition to 1 May.
//  [sct-jan] dracos.co.uk/wrote/bad-bank-holidays (update of 21 January 2014): the Scottish
//          Government confirmed, via the Privy Council, the Crown Office and the Edinburgh
//          Gazette, that no royal proclamation was made for Scotland's Saturday New Year
//          holidays of 2010 and 2011, so Monday 4 January was not a bank holiday in either
//          year (2011-01-03 still was: the Act itself moves a Sunday 2 January to 3 January).
//  [govuk] gov.uk/bank-holidays.json, 2012 onwards: titles, and every day from 2012.
//  [2026]  Proclamation of 4 February 2026 (privycouncil.independent.gov.uk, "Scotland Bank
//          Holiday Proclamation"): Monday 15 June 2026 is a bank holiday in Scotland.
//  [1973]  Princess Anne's wedding day, 14 November 1973, was declared a national holiday
//          (Downing Street, as reported by Business Insider on 27 November 2017). No
//          proclamation text was found, so this is the least well-documented day here.

namespace feedback {

namespace {

using date::days;
using date::sys_days;

// Which jurisdictions a rule or a proclaimed day covers.
using RegionMask = unsigned;
constexpr RegionMask k_ew = 1U;
constexpr RegionMask k_sct = 2U;
constexpr RegionMask k_ni = 4U;
constexpr RegionMask k_all = k_ew | k_sct | k_ni;

RegionMask
mask_of(Region region) noexcept
{
  switch (region) {
  case Region::england_and_wales:
    return k_ew;
  case Region::scotland:
    return k_sct;
  case Region::northern_ireland:
    return k_ni;
  }
  return 0;
}

// The recurring holidays that a proclamation has ever moved to another date.
enum class Movable
{
  none,
  early_may,
  spring
};

// A day proclaimed for one year: either an extra holiday (`replaces` is none) or the new date
// of a recurring holiday, which then does not happen on its usual date in `regions`.
struct Proclaimed
{
  int year;
  unsigned month;
  unsigned day;
  RegionMask regions;
  Movable replaces;
  const char* name;
};

// Facts, not rules: each row is one proclamation since 1971 (sources at the top of the file).
constexpr std::array k_proclaimed{
    Proclaimed{1973, 11, 14, k_all, Movable::none, "Royal wedding of Princess Anne"}, // [1973]
    Proclaimed{1977, 6, 7, k_all, Movable::none, "Queen’s Silver Jubilee"},
    Proclaimed{1981, 7, 29, k_all, Movable::none, "Royal wedding of the Prince of Wales"},
    Proclaimed{1995, 5, 8, k_ew | k_ni, Movable::early_may, "Early May bank holiday (VE day)"},
    Proclaimed{1995, 5, 8, k_sct, Movable::none, "VE day bank holiday"}, // [1995]: an extra day
    Proclaimed{1999, 12, 31, k_all, Movable::none, "Millennium bank holiday"},
    Proclaimed{2002, 6, 3, k_all, Movable::none, "Queen’s Golden Jubilee"},
    Proclaimed{2002, 6, 4, k_all, Movable::spring, "Spring bank holiday"},
    Proclaimed{2011, 4, 29, k_all, Movable::none, "Royal wedding"},
    Proclaimed{2012, 6, 4, k_all, Movable::spring, "Spring bank holiday"},
    Proclaimed{2012, 6, 5, k_all, Movable::none, "Queen’s Diamond Jubilee"},
    Proclaimed{2020, 5, 8, k_all, Movable::early_may, "Early May bank holiday (VE day)"},
    Proclaimed{2022, 6, 2, k_all, Movable::spring, "Spring bank holiday"},
    Proclaimed{2022, 6, 3, k_all, Movable::none, "Platinum Jubilee bank holiday"},
    Proclaimed{2022, 9, 19, k_all, Movable::none,
               "Bank Holiday for the State Funeral of Queen Elizabeth II"},
    Proclaimed{2023, 5, 8, k_all, Movable::none,
               "Bank holiday for the coronation of King Charles III"},
    Proclaimed{2026, 6, 15, k_sct, Movable::none, "World Cup bank holiday"}, // [2026]
};

// Weekend holidays for which, exceptionally, no substitute day was proclaimed ([sct-jan]).
struct Unsubstituted
{
  int year;
  unsigned month;
  unsigned day;
  RegionMask regions;
};

constexpr std::array k_unsubstituted{
    Unsubstituted{2010, 1, 2, k_sct}, // 2nd January on a Saturday
    Unsubstituted{2011, 1, 1, k_sct}, // New Year's Day on a Saturday
};

Date
ymd(int year, unsigned month, unsigned day) noexcept
{
  return date::year{year} / date::month{month} / date::day{day};
}

Date
first_monday(int year, unsigned month) noexcept
{
  return Date{sys_days{date::year{year} / date::month{month} / date::Monday[1]}};
}

Date
last_monday(int year, unsigned month) noexcept
{
  return Date{sys_days{date::year{year} / date::month{month} / date::Monday[date::last]}};
}

Date
shift(Date d, int n) noexcept
{
  return Date{sys_days{d} + days{n}};
}

struct Nominal
{
  Date date;
  std::string_view name;
};

class YearBuilder
{
public:
  YearBuilder(Region region, int year) : m_mask{mask_of(region)}, m_year{year} {}

  bool in(RegionMask regions) const noexcept { return (regions & m_mask) != 0; }

  // Adds a recurring holiday unless a proclamation moved it elsewhere this year.
  void add(Date date, std::string_view name, Movable kind = Movable::none)
  {
    if (kind != Movable::none && moved(kind)) {
      return;
    }
    m_days.push_back({date, name});
  }

  void add_proclaimed()
  {
    for (const auto& p : k_proclaimed) {
      if (p.year == m_year && in(p.regions)) {
        m_days.push_back({ymd(p.year, p.month, p.day), p.name});
      }
    }
  }

  // A holiday on a weekday is taken on its day. One on a weekend is taken on the next weekday
  // that is not already a holiday, in date order, which reproduces every substitute pattern
  // of the official list: Christmas on Saturday gives 27 and 28 December, Christmas on
  // Sunday gives 26 (Boxing Day) and 27, and likewise 1 and 2 January in Scotland.
  std::vector<Holiday> resolve() const
  {
    auto nominal = m_days;
    std::stable_sort(nominal.begin(), nominal.end(),
                     [](const Nominal& a, const Nominal& b) { return a.date < b.date; });
    std::vector<Holiday> out;
    for (const auto& n : nominal) {
      if (!is_weekend(n.date)) {
        out.push_back({n.date, std::string{n.name}});
      }
    }
    const auto taken = [&out](Date d) {
      return std::any_of(out.begin(), out.end(), [d](const Holiday& h) { return h.date == d; });
    };
    for (const auto& n : nominal) {
      if (!is_weekend(n.date) || unsubstituted(n.date)) {
        continue;
      }
      auto d = shift(n.date, 1);
      while (is_weekend(d) || taken(d)) {
        d = shift(d, 1);
      }
      out.push_back({d, fmt::format("{} (substitute day)", n.name)});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
    return out;
  }

private:
  bool moved(Movable kind) const noexcept
  {
    return std::any_of(k_proclaimed.begin(), k_proclaimed.end(), [&](const Proclaimed& p) {
      return p.year == m_year && p.replaces == kind && in(p.regions);
    });
  }

  bool unsubstituted(Date d) const noexcept
  {
    return std::any_of(k_unsubstituted.begin(), k_unsubstituted.end(), [&](const Unsubstituted& u) {
      return in(u.regions) && ymd(u.year, u.month, u.day) == d;
    });
  }

  RegionMask m_mask;
  int m_year;
  std::vector<Nominal> m_days;
};

} // namespace

namespace {
constexpr std::string_view k_region_words[] = {"england-and-wales", "scotland", "northern-ireland"};
} // namespace

FEEDBACK_ENUM_WORD_FUNCTIONS(Region, region_name, parse_region, k_region_words)

Date
easter_sunday(int year) noexcept
{
  // The anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const int a = year % 19;
  const int b = year / 100;
  const int c = year % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return ymd(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

std::vector<Holiday>
bank_holidays(Region region, int year)
{
  if (year < k_first_rule_year || year > k_last_rule_year) {
    throw Error(ExitCode::data_error,
                fmt::format("no bank-holiday rules for years outside {}-{}: {}", k_first_rule_year,
                            k_last_rule_year, year));
  }
  YearBuilder b{region, year};
  const Date easter = easter_sunday(year);

  // Scotland has 1 and 2 January [act]; the rest of the UK has had New Year's Day since 1974
  // [wiki]. The Act only received Royal Assent in December 1971, but its schedule is applied
  // to all of 1971: the one date this may get wrong, Scotland's Monday 4 January 1971 in lieu
  // of Saturday 2 January, is unverified.
  if (b.in(k_sct) || year >= 1974) {
    b.add(ymd(year, 1, 1), "New Year’s Day");
  }
  if (b.in(k_sct)) {
    b.add(ymd(year, 1, 2), "2nd January");
  }
  if (b.in(k_ni)) {
    b.add(ymd(year, 3, 17), "St Patrick’s Day"); // [act] Sch 1 para 3
  }
  b.add(shift(easter, -2), "Good Friday");
  if (b.in(k_ew | k_ni)) {
    b.add(shift(easter, 1), "Easter Monday");
  }
  // Scotland's first Monday in May is statutory [act]; England, Wales and Northern Ireland
  // have had it since 1978 [wiki].
  if (b.in(k_sct) || year >= 1978) {
    b.add(first_monday(year, 5), "Early May bank holiday", Movable::early_may);
  }
  // The last Monday in May replaced Whit Monday in England, Wales and Northern Ireland in
  // 1971 [act]; Scotland gained it only in 1978 [wiki].
  if (b.in(k_ew | k_ni) || year >= 1978) {
    b.add(last_monday(year, 5), "Spring bank holiday", Movable::spring);
  }
  if (b.in(k_ni)) {
    b.add(ymd(year, 7, 12), "Battle of the Boyne (Orangemen’s Day)"); // proclaimed yearly
  }
  // Scotland kept the 1871 August date; the rest of the UK moved to the end of the month [act].
  b.add(b.in(k_sct) ? first_monday(year, 8) : last_monday(year, 8), "Summer bank holiday");
  // The first St Andrew's Day bank holiday was 30 November 2007 [asp].
  if (b.in(k_sct) && year >= 2007) {
    b.add(ymd(year, 11, 30), "St Andrew’s Day");
  }
  b.add(ymd(year, 12, 25), "Christmas Day");
  if (!b.in(k_sct) || year >= 1974) {
    b.add(ymd(year, 12, 26), "Boxing Day"); // Scotland from 1974 [wiki]
  }
  b.add_proclaimed();
  return b.resolve();
}

} // namespace feedback
