#include "platform_api/credentials.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QList>
#include <QPasswordDigestor>
#include <QRandomGenerator>

namespace kse {
namespace {

constexpr std::string_view kScheme = "pbkdf2-sha256";
constexpr int kSaltBytes = 16;
constexpr int kKeyBytes = 32;

QByteArray randomBytes(int count) {
    QByteArray bytes(count, '\0');
    QRandomGenerator::system()->generate(reinterpret_cast<quint32*>(bytes.data()),
                                         reinterpret_cast<quint32*>(bytes.data() + count));
    return bytes;
}

QByteArray derive(std::string_view password, const QByteArray& salt, int iterations) {
    return QPasswordDigestor::deriveKeyPbkdf2(QCryptographicHash::Sha256,
                                              QByteArray(password.data(), static_cast<qsizetype>(password.size())),
                                              salt, iterations, kKeyBytes);
}

bool constantTimeEquals(const QByteArray& a, const QByteArray& b) {
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

bool isLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

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

std::string PasswordHasher::hash(std::string_view password, int iterations) {
    const QByteArray salt = randomBytes(kSaltBytes);
    const QByteArray key = derive(password, salt, iterations);
    return std::string(kScheme) + '$' + std::to_string(iterations) + '$' + salt.toBase64().toStdString() + '$' +
           key.toBase64().toStdString();
}

bool PasswordHasher::verify(std::string_view password, std::string_view stored) {
    const QList<QByteArray> parts = QByteArray(stored.data(), static_cast<qsizetype>(stored.size())).split('$');
    if (parts.size() != 4 || parts[0] != QByteArray(kScheme.data(), static_cast<qsizetype>(kScheme.size())))
        return false;
    bool ok = false;
    const int iterations = parts[1].toInt(&ok);
    if (!ok || iterations < 1 || iterations > 10'000'000)
        return false;
    const QByteArray salt = QByteArray::fromBase64(parts[2]);
    const QByteArray key = QByteArray::fromBase64(parts[3]);
    if (salt.isEmpty() || key.size() != kKeyBytes)
        return false;
    return constantTimeEquals(derive(password, salt, iterations), key);
}

IssuedToken issueToken() {
    const QByteArray token =
        randomBytes(32).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    return {token.toStdString(), tokenDigest(token.toStdString())};
}

std::string tokenDigest(std::string_view token) {
    return QCryptographicHash::hash(QByteArray(token.data(), static_cast<qsizetype>(token.size())),
                                    QCryptographicHash::Sha256)
        .toHex()
        .toStdString();
}

} // namespace kse
