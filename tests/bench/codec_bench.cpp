// The per-tick CPU cost on the ingest path: JSON → Tick (with exact price parsing) → JSON.
#include <QJsonDocument>
#include <QJsonObject>
#include <benchmark/benchmark.h>

#include "contract/tick_codec.h"

static void BM_PriceParse(benchmark::State& state) {
    for (auto _ : state)
        benchmark::DoNotOptimize(kse::Price::parse("187.2534"));
}
BENCHMARK(BM_PriceParse);

static void BM_PriceFromDouble(benchmark::State& state) {
    double value = 187.25;
    for (auto _ : state) {
        benchmark::DoNotOptimize(kse::Price::fromDouble(value));
        value += 0.0001;
    }
}
BENCHMARK(BM_PriceFromDouble);

static void BM_DecodeTick(benchmark::State& state) {
    const std::string json = R"({"id":1,"name":"AAPL","price":187.25,"volume":100})";
    for (auto _ : state)
        benchmark::DoNotOptimize(kse::decodeTick(json, 1'700'000'000'000));
}
BENCHMARK(BM_DecodeTick);

static void BM_EncodeTick(benchmark::State& state) {
    const kse::Tick tick{1, "AAPL", kse::Price::fromTicks(1'872'500), 100, 1'700'000'000'000};
    for (auto _ : state)
        benchmark::DoNotOptimize(kse::encodeTick(tick));
}
BENCHMARK(BM_EncodeTick);

// For comparison: what Qt's JSON parser alone costs on the same body.
static void BM_QtJsonParse(benchmark::State& state) {
    const QByteArray body = R"({"id":1,"name":"AAPL","price":187.25,"volume":100})";
    for (auto _ : state)
        benchmark::DoNotOptimize(QJsonDocument::fromJson(body));
}
BENCHMARK(BM_QtJsonParse);

BENCHMARK_MAIN();
