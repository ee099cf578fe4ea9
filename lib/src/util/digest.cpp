// SPDX-License-Identifier: MIT
#include <feedback/util/digest.hpp>
#include <feedback/util/error.hpp>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>

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

struct Sha256::Context
{
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  bool started = false;
  ~Context() { EVP_MD_CTX_free(ctx); }
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
  if (!c.started) {
    if (EVP_DigestInit_ex2(c.ctx, sha256_method(), nullptr) != 1) {
      throw Error(ExitCode::software, "SHA-256: cannot start a digest");
    }
    c.started = true;
  }
  if (EVP_DigestUpdate(c.ctx, bytes.data(), bytes.size()) != 1) {
    throw Error(ExitCode::software, "SHA-256: cannot hash");
  }
  return *this;
}

std::string
Sha256::finish()
{
  if (!m_context->started) {
    update({});
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  m_context->started = false;
  if (EVP_DigestFinal_ex(m_context->ctx, digest.data(), &size) != 1) {
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
  init_libcrypto();
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1) {
    throw Error(ExitCode::software, "the system's random generator failed");
  }
  return to_hex(reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
}

} // namespace feedback
