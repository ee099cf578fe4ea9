// SPDX-License-Identifier: MIT
// Private to the library: hash containers of 64-bit keys, for a few million of them.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <utility>
#include <vector>

namespace feedback {

namespace detail {

// Memory for a table of millions of keys in the kernel's 2 MiB pages where it has them (Linux's
// transparent huge pages, given to memory that asks): a look-up at a random place of a table of
// tens of MiB missed the processor's page cache (TLB) as well as its data cache, and that was
// most of an import's identity check. Smaller tables come from the usual allocator.
template <typename T> struct LargeTableAllocator
{
  using value_type = T;
  static constexpr std::size_t k_huge = std::size_t{2} << 20;

  LargeTableAllocator() noexcept = default;
  template <typename U> LargeTableAllocator(const LargeTableAllocator<U>&) noexcept {}

  T* allocate(std::size_t n)
  {
    const std::size_t bytes = n * sizeof(T);
    if (bytes < 2 * k_huge) {
      return std::allocator<T>().allocate(n);
    }
    const std::size_t rounded = (bytes + k_huge - 1) / k_huge * k_huge;
    void* p = std::aligned_alloc(k_huge, rounded);
    if (p == nullptr) {
      throw std::bad_alloc();
    }
    // Advice only: without huge pages the table works the same.
    ::madvise(p, rounded, MADV_HUGEPAGE);
    return static_cast<T*>(p);
  }

  void deallocate(T* p, std::size_t n) noexcept
  {
    if (n * sizeof(T) < 2 * k_huge) {
      std::allocator<T>().deallocate(p, n);
    } else {
      std::free(p);
    }
  }

  template <typename U> bool operator==(const LargeTableAllocator<U>&) const noexcept
  {
    return true;
  }
};

// Open addressing over slots of a 64-bit key (a hash) and what goes with it: at most half full,
// for millions of keys without an allocation each. Key 0 marks an empty slot, so a key of 0 is
// stored as 1 (harmless for hashes, which is what it is for). A key and its value share a slot:
// one cache miss a look-up, not two (a table of millions of keys is far larger than the cache,
// and an import looks up one key per record).
template <typename Slot> class FlatTable64
{
protected:
  FlatTable64() : m_slots(1024), m_mask(1023) {}

  // The slot of `slot.key`, `slot` itself stored when the key is new; second: whether it was.
  std::pair<Slot*, bool> insert_slot(Slot slot)
  {
    if (slot.key == 0) {
      slot.key = 1;
    }
    if ((m_size + 1) * 2 > m_slots.size()) {
      grow();
    }
    Slot& found = find(slot.key);
    if (found.key == slot.key) {
      return {&found, false};
    }
    found = slot;
    ++m_size;
    return {&found, true};
  }

  // Starts loading the slot where `key` would be, for a look-up a little later.
  void prefetch_slot(std::uint64_t key) const noexcept
  {
    __builtin_prefetch(&m_slots[home(key == 0 ? 1 : key)]);
  }

private:
  std::size_t home(std::uint64_t key) const noexcept
  {
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> 20) & m_mask;
  }

  // The slot holding `key`, or the empty slot where it goes.
  Slot& find(std::uint64_t key) noexcept
  {
    auto i = home(key);
    while (m_slots[i].key != 0 && m_slots[i].key != key) {
      i = (i + 1) & m_mask;
    }
    return m_slots[i];
  }

  void grow()
  {
    const auto slots = std::exchange(m_slots, Slots(m_slots.size() * 2));
    m_mask = m_slots.size() - 1;
    for (const auto& s : slots) {
      if (s.key != 0) {
        find(s.key) = s;
      }
    }
  }

  using Slots = std::vector<Slot, LargeTableAllocator<Slot>>;
  Slots m_slots;
  std::size_t m_mask;
  std::size_t m_size = 0;
};

struct KeyValueSlot
{
  std::uint64_t key = 0;
  std::uint64_t value = 0;
};

struct KeySlot
{
  std::uint64_t key = 0;
};

} // namespace detail

// A map from 64-bit keys (hashes) to 64-bit values: 16 bytes a slot.
class FlatMap64 : private detail::FlatTable64<detail::KeyValueSlot>
{
public:
  // The value of `key`, inserting `value` if it is new; second: whether it was inserted.
  std::pair<std::uint64_t*, bool> insert(std::uint64_t key, std::uint64_t value)
  {
    const auto [slot, inserted] = insert_slot({key, value});
    return {&slot->value, inserted};
  }
  void prefetch(std::uint64_t key) const noexcept { prefetch_slot(key); }
};

// A set of 64-bit keys (hashes): 8 bytes a slot.
class FlatSet64 : private detail::FlatTable64<detail::KeySlot>
{
public:
  // Whether `key` was new (and is now in the set).
  bool insert(std::uint64_t key) { return insert_slot({key}).second; }
};

} // namespace feedback
