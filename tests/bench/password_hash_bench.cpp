// What one password costs the platform API: an Argon2id hash at the service's cost (each
// registration, each rehash), a verification of one (each login, and each login for an unknown
// name, against a dummy hash), and, for comparison, the PBKDF2 hashes of the earlier scheme.
#include <QByteArray>
#include <QCryptographicHash>
#include <QPasswordDigestor>
#include <benchmark/benchmark.h>

#include "platform_api/credentials.h"

namespace {

// A hash in the earlier scheme, as it was stored: "pbkdf2-sha256$ITERATIONS$SALT$KEY".
std::string pbkdf2Hash(const QByteArray& password, int iterations) {
    const QByteArray salt("0123456789abcdef");
    const QByteArray key =
        QPasswordDigestor::deriveKeyPbkdf2(QCryptographicHash::Sha256, password, salt, iterations, 32);
    return "pbkdf2-sha256$" + std::to_string(iterations) + '$' + salt.toBase64().toStdString() + '$' +
           key.toBase64().toStdString();
}

void BM_Argon2idHash(benchmark::State& state) {
    const kse::PasswordHasher hasher;
    for (auto _ : state)
        benchmark::DoNotOptimize(hasher.hash("correct horse battery"));
}
BENCHMARK(BM_Argon2idHash)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_Argon2idVerify(benchmark::State& state) {
    const kse::PasswordHasher hasher;
    const std::string stored = hasher.hash("correct horse battery");
    for (auto _ : state)
        benchmark::DoNotOptimize(hasher.verify("correct horse battery", stored));
}
BENCHMARK(BM_Argon2idVerify)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_Pbkdf2Verify100k(benchmark::State& state) {
    const kse::PasswordHasher hasher;
    const std::string stored = pbkdf2Hash("correct horse battery", 100'000);
    for (auto _ : state)
        benchmark::DoNotOptimize(hasher.verify("correct horse battery", stored));
}
BENCHMARK(BM_Pbkdf2Verify100k)->Unit(benchmark::kMillisecond)->MinTime(2.0);

} // namespace

BENCHMARK_MAIN();
