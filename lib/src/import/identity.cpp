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
  m_known_seen.assign(m_known.size(), false);
}

const std::string&
IdentityIndex::identify(const Mapping& mapping, const std::vector<Cell>& cells, const Row& row)
{
  m_ref.clear();
  if (mapping.identity) {
    const auto& cell = cells[static_cast<std::size_t>(*mapping.identity)];
    if (cell.state == Cell::State::value) {
      const auto v = trim(cell.text);
      if (!v.empty() &&
          std::find(mapping.missing.begin(), mapping.missing.end(), v) == mapping.missing.end()) {
        m_ref.assign(v);
        m_is_fingerprint = false;
        return m_ref;
      }
    }
  }
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

IdentityIndex::Match
IdentityIndex::match()
{
  Match m;
  m.ref_key = hash_bytes(m_ref, k_ref_seed);
  const auto it = std::lower_bound(
      m_known.begin(), m_known.end(), m.ref_key,
      [](const detail::ImportKey& k, std::uint64_t key) { return k.ref_key < key; });
  m.known = it != m_known.end() && it->ref_key == m.ref_key;
  if (m.known) {
    m.fingerprint = it->fingerprint;
  }
  if (!m_is_fingerprint) {
    // A reference seen before in this file: marked in m_known_seen for cases imported before,
    // in m_seen for new ones (8 bytes each: no line numbers kept for a million).
    if (m.known) {
      const auto k = static_cast<std::size_t>(it - m_known.begin());
      m.repeated = m_known_seen[k];
      m_known_seen[k] = true;
    } else {
      m.repeated = !m_seen.insert(m.ref_key);
    }
  }
  return m;
}

} // namespace feedback::import
