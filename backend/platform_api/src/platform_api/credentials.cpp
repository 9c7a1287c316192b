#include "platform_api/credentials.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QList>
#include <QPasswordDigestor>
#include <QRandomGenerator>
#include <algorithm>
#include <array>
#include <sodium.h>
#include <stdexcept>

namespace kse {
namespace {

constexpr std::string_view kArgon2idPrefix = "$argon2id$";
constexpr std::string_view kPbkdf2Scheme = "pbkdf2-sha256";
constexpr int kPbkdf2KeyBytes = 32;

// Names no one may register: the server's own accounts and names that pass for the operator.
// Written without separators (see normalized()).
constexpr std::array<std::string_view, 24> kReservedNames{
    "marketmaker", "admin",    "administrator", "root",     "system",     "sysadmin", "superuser",  "kse",
    "support",     "operator", "exchange",      "platform", "service",    "security", "staff",      "moderator",
    "official",    "help",     "info",          "billing",  "settlement", "noreply",  "postmaster", "webmaster"};

// Makes libsodium ready before its first use. sodium_init() is thread-safe and cheap once done
// (it returns 1), so calling it on each use needs no global flag and no particular start-up
// order from whoever uses this library.
void requireSodium() {
    if (sodium_init() < 0)
        throw std::runtime_error("libsodium cannot be initialised");
}

QByteArray randomBytes(int count) {
    QByteArray bytes(count, '\0');
    QRandomGenerator::system()->generate(reinterpret_cast<quint32*>(bytes.data()),
                                         reinterpret_cast<quint32*>(bytes.data() + count));
    return bytes;
}

bool isLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string normalized(std::string_view username) {
    std::string out;
    for (char c : username) {
        if (c == '.' || c == '_' || c == '-')
            continue;
        out += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

bool startsWith(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

bool verifyPbkdf2(std::string_view password, std::string_view stored) {
    const QList<QByteArray> parts = QByteArray(stored.data(), static_cast<qsizetype>(stored.size())).split('$');
    if (parts.size() != 4 || parts[0] != QByteArray(kPbkdf2Scheme.data(), static_cast<qsizetype>(kPbkdf2Scheme.size())))
        return false;
    bool ok = false;
    const int iterations = parts[1].toInt(&ok);
    if (!ok || iterations < 1 || iterations > 10'000'000)
        return false;
    const QByteArray salt = QByteArray::fromBase64(parts[2]);
    const QByteArray key = QByteArray::fromBase64(parts[3]);
    if (salt.isEmpty() || key.size() != kPbkdf2KeyBytes)
        return false;
    const QByteArray derived = QPasswordDigestor::deriveKeyPbkdf2(
        QCryptographicHash::Sha256, QByteArray(password.data(), static_cast<qsizetype>(password.size())), salt,
        iterations, kPbkdf2KeyBytes);
    return sodium_memcmp(derived.constData(), key.constData(), kPbkdf2KeyBytes) == 0;
}

} // namespace

std::optional<std::string> usernameError(std::string_view username) {
    if (username.size() < 3 || username.size() > 32)
        return "username must be 3 to 32 characters";
    if (!isLetter(username.front()))
        return "username must start with a letter";
    for (char c : username)
        if (!isLetter(c) && !(c >= '0' && c <= '9') && c != '.' && c != '_' && c != '-')
            return "username may hold only letters, digits, '.', '_' and '-'";
    return std::nullopt;
}

std::optional<std::string> passwordError(std::string_view password) {
    if (password.size() < 8)
        return "password must be at least 8 characters";
    if (password.size() > 256)
        return "password must be at most 256 bytes";
    return std::nullopt;
}

bool isReservedUsername(std::string_view username) {
    const std::string key = normalized(username);
    return std::find(kReservedNames.begin(), kReservedNames.end(), key) != kReservedNames.end();
}

PasswordHasher::PasswordHasher(Cost cost) : m_cost(cost) {
    if (cost.passes < crypto_pwhash_argon2id_OPSLIMIT_MIN || cost.passes > crypto_pwhash_argon2id_OPSLIMIT_MAX ||
        cost.memoryBytes < crypto_pwhash_argon2id_MEMLIMIT_MIN ||
        cost.memoryBytes > crypto_pwhash_argon2id_MEMLIMIT_MAX)
        throw std::invalid_argument("Argon2id cost out of range");
}

std::string PasswordHasher::hash(std::string_view password) const {
    requireSodium();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), m_cost.passes, m_cost.memoryBytes,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw std::runtime_error("out of memory for a password hash");
    return std::string(out);
}

bool PasswordHasher::verify(std::string_view password, std::string_view stored) const {
    if (startsWith(stored, kArgon2idPrefix)) {
        if (stored.size() >= crypto_pwhash_STRBYTES)
            return false;
        requireSodium();
        const std::string terminated(stored); // libsodium reads a C string
        return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
    }
    if (startsWith(stored, kPbkdf2Scheme)) {
        requireSodium();
        return verifyPbkdf2(password, stored);
    }
    return false;
}

bool PasswordHasher::needsRehash(std::string_view stored) const {
    if (!startsWith(stored, kArgon2idPrefix) || stored.size() >= crypto_pwhash_STRBYTES)
        return true;
    requireSodium();
    const std::string terminated(stored);
    return crypto_pwhash_str_needs_rehash(terminated.c_str(), m_cost.passes, m_cost.memoryBytes) != 0;
}

IssuedToken issueToken() {
    const QByteArray token = randomBytes(32).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    return {token.toStdString(), tokenDigest(token.toStdString())};
}

std::string tokenDigest(std::string_view token) {
    return QCryptographicHash::hash(QByteArray(token.data(), static_cast<qsizetype>(token.size())),
                                    QCryptographicHash::Sha256)
        .toHex()
        .toStdString();
}

} // namespace kse
