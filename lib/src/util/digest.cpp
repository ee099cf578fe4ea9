// SPDX-License-Identifier: MIT
#include <feedback/util/digest.hpp>
#include <feedback/util/error.hpp>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <sys/random.h>

#include <algorithm>
#include <array>
#include <cerrno>

namespace feedback {

namespace {

constexpr char k_hex[] = "0123456789abcdef";

std::string
to_hex(const unsigned char* bytes, std::size_t size)
{
  std::string out(size * 2, '0');
  for (std::size_t i = 0; i < size; ++i) {
    out[2 * i] = k_hex[bytes[i] >> 4];
    out[2 * i + 1] = k_hex[bytes[i] & 0x0f];
  }
  return out;
}

// Once, before libcrypto's first use: without the system's openssl.cnf (or $OPENSSL_CONF),
// so that neither the environment nor a machine's configuration can change what the chain's
// hashes are made with, and without the legacy tables of every cipher and digest, which
// nothing here uses. The default initialisation does both and cost a program that writes an
// event about 3 ms.
void
init_libcrypto()
{
  static const bool ok =
      OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG | OPENSSL_INIT_NO_ADD_ALL_CIPHERS |
                              OPENSSL_INIT_NO_ADD_ALL_DIGESTS,
                          nullptr) == 1;
  if (!ok) {
    throw Error(ExitCode::software, "libcrypto failed to initialise");
  }
}

// Fetched once: OpenSSL 3 looks a digest up by name on every EVP_sha256() use otherwise.
const EVP_MD*
sha256_method()
{
  init_libcrypto();
  static const EVP_MD* method = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (method == nullptr) {
    throw Error(ExitCode::software, "SHA-256 is not available from libcrypto");
  }
  return method;
}

} // namespace

// The bytes given are gathered and handed to libcrypto in one piece: the audit chain hashes
// each event as some twenty short fields, and a libcrypto call per field cost more than the
// hashing (an import hashes two messages per case).
constexpr std::size_t k_gather = 4096;

struct Sha256::Context
{
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  bool started = false;
  std::string gathered;
  ~Context() { EVP_MD_CTX_free(ctx); }

  void hand_over()
  {
    if (!started) {
      if (EVP_DigestInit_ex2(ctx, sha256_method(), nullptr) != 1) {
        throw Error(ExitCode::software, "SHA-256: cannot start a digest");
      }
      started = true;
    }
    if (EVP_DigestUpdate(ctx, gathered.data(), gathered.size()) != 1) {
      throw Error(ExitCode::software, "SHA-256: cannot hash");
    }
    gathered.clear();
  }
};

Sha256::Sha256() : m_context(std::make_unique<Context>())
{
  if (m_context->ctx == nullptr) {
    throw Error(ExitCode::software, "cannot allocate a SHA-256 context");
  }
}

Sha256::~Sha256() = default;

Sha256&
Sha256::update(std::string_view bytes)
{
  auto& c = *m_context;
  c.gathered.append(bytes);
  if (c.gathered.size() >= k_gather) {
    c.hand_over();
  }
  return *this;
}

std::string
Sha256::finish()
{
  auto& c = *m_context;
  c.hand_over();
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  c.started = false;
  if (EVP_DigestFinal_ex(c.ctx, digest.data(), &size) != 1) {
    throw Error(ExitCode::software, "SHA-256: cannot finish a digest");
  }
  return to_hex(digest.data(), size);
}

std::string
sha256_hex(std::string_view bytes)
{
  Sha256 hash;
  return hash.update(bytes).finish();
}

std::string
random_hex(std::size_t bytes)
{
  // Drawn from the generator a page at a time and handed out in order: each draw has a fixed
  // cost (locks, the generator's state checks) larger than its bytes', and an import draws a
  // 16-byte salt for every event it writes. Per thread, so that no two callers share bytes.
  constexpr std::size_t k_pool = 4096;
  thread_local std::array<unsigned char, k_pool> pool;
  thread_local std::size_t used = k_pool;
  // From the kernel's generator (getrandom), which libcrypto's own seeds itself from: setting
  // up libcrypto's generator cost each program that writes an event about 1.5 ms.
  auto draw = [](unsigned char* out, std::size_t n) {
    while (n > 0) {
      const auto got = ::getrandom(out, n, 0);
      if (got < 0) {
        if (errno == EINTR) {
          continue;
        }
        throw Error(ExitCode::software, "the system's random generator failed");
      }
      out += got;
      n -= static_cast<std::size_t>(got);
    }
  };
  if (bytes > k_pool / 4) {
    std::string raw(bytes, '\0');
    draw(reinterpret_cast<unsigned char*>(raw.data()), bytes);
    return to_hex(reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
  }
  if (k_pool - used < bytes) {
    draw(pool.data(), k_pool);
    used = 0;
  }
  const unsigned char* out = pool.data() + used;
  auto hex = to_hex(out, bytes);
  // Never handed out twice.
  std::fill_n(pool.data() + used, bytes, static_cast<unsigned char>(0));
  used += bytes;
  return hex;
}

} // namespace feedback
