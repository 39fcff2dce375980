#pragma once
// Unguessable one-time secrets (login codes, session tokens) and the one-way hash they are kept under at rest.
#include <optional>
#include <string>
#include <string_view>

namespace dutybot {

// Where new secrets come from; production reads the OS's CSPRNG, tests may give a fixed sequence.
class SecretSource {
public:
  virtual ~SecretSource() = default;
  // A fresh secret of `bytes` random bytes as URL-safe text (base64url, no padding).
  virtual std::string fresh(std::size_t bytes) const = 0;
};

// OpenSSL's RAND_bytes; throws std::runtime_error when the CSPRNG cannot give bytes.
class SystemSecretSource final : public SecretSource {
public:
  std::string fresh(std::size_t bytes) const override;
};

// `given` when set, else the process's SystemSecretSource: the one place that default is chosen.
const SecretSource& secret_source_or_system(const SecretSource* given);

// URL-safe base64 without padding (RFC 4648 §5), and back; the decoder refuses anything an encoder cannot write.
std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);

// SHA-256 of the secret as lowercase hex: what the database keeps instead of the secret.
std::string secret_hash(std::string_view secret);
// Compares two strings in time that does not depend on where they differ.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace dutybot
