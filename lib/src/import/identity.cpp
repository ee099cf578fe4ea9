// SPDX-License-Identifier: MIT
#include "import/identity.hpp"

#include "import/import_values.hpp"

#include <feedback/import/importer.hpp>

#include <fmt/core.h>

#include <algorithm>

namespace feedback::import {

namespace {

constexpr std::uint64_t k_ref_seed = 0x6A09E667F3BCC908ULL;

} // namespace

IdentityIndex::IdentityIndex(std::vector<detail::ImportKey> known) : m_known(std::move(known))
{
  std::sort(
      m_known.begin(), m_known.end(),
      [](const detail::ImportKey& a, const detail::ImportKey& b) { return a.ref_key < b.ref_key; });
  m_known_seen.assign(m_known.size(), 0);
}

const std::string&
IdentityIndex::identify(const Row& row)
{
  if (!row.ref.empty()) {
    m_ref.assign(row.ref);
    m_is_fingerprint = false;
    return m_ref;
  }
  m_ref.clear();
  m_is_fingerprint = true;
  auto opt = [&](ImportField f) {
    return row.present(f) ? std::string_view(row.value(f)) : std::string_view();
  };
  m_ref =
      identity_fingerprint(format_date(row.date(ImportField::received)), opt(ImportField::summary),
                           opt(ImportField::external_ref), opt(ImportField::name),
                           opt(ImportField::email), opt(ImportField::phone));
  // Identical records are told apart by their order among themselves, which a re-export
  // keeps whatever else it reorders (they are identical).
  const auto [count, inserted] = m_fingerprints.insert(fnv1a64(m_ref), 1);
  if (!inserted) {
    ++*count;
    m_ref += fmt::format("-{}", *count);
  }
  return m_ref;
}

void
IdentityIndex::prefetch(const Row& row) const noexcept
{
  if (!row.ref.empty()) {
    m_seen.prefetch(hash_bytes(row.ref, k_ref_seed));
  }
}

IdentityIndex::Match
IdentityIndex::match(std::uint64_t line)
{
  Match m;
  m.ref_key = hash_bytes(m_ref, k_ref_seed);
  const auto it = std::lower_bound(
      m_known.begin(), m_known.end(), m.ref_key,
      [](const detail::ImportKey& k, std::uint64_t key) { return k.ref_key < key; });
  m.known = it != m_known.end() && it->ref_key == m.ref_key;
  if (m.known) {
    m.fingerprint = it->fingerprint;
    m.case_id = it->case_id;
  }
  if (!m_is_fingerprint) {
    // A reference seen before in this file: the line kept in m_known_seen for cases imported
    // before, in m_seen for new ones.
    if (m.known) {
      auto& seen = m_known_seen[static_cast<std::size_t>(it - m_known.begin())];
      m.repeated_line = seen;
      if (seen == 0) {
        seen = line;
      }
    } else {
      const auto [seen, inserted] = m_seen.insert(m.ref_key, line);
      m.repeated_line = inserted ? 0 : *seen;
    }
  }
  return m;
}

std::int64_t
IdentityIndex::known_case(std::string_view ref) const
{
  const auto key = hash_bytes(ref, k_ref_seed);
  const auto it = std::lower_bound(
      m_known.begin(), m_known.end(), key,
      [](const detail::ImportKey& k, std::uint64_t want) { return k.ref_key < want; });
  return it != m_known.end() && it->ref_key == key ? it->case_id : 0;
}

} // namespace feedback::import
