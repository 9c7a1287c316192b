#include <gtest/gtest.h>

#include "http/metrics_registry.h"

TEST(MetricsRegistry, RendersCountersAndGaugesInPrometheusFormat) {
    kse::MetricsRegistry metrics;
    auto& created = metrics.counter("kse_requests_total", "Requests", {{"route", "/a"}, {"status", "201"}});
    created += 3;
    metrics.counter("kse_requests_total", "Requests", {{"route", "/a"}, {"status", "400"}}).fetch_add(1);
    metrics.gauge("kse_queue_depth", "Backlog", [] { return 42.0; });
    const std::string text = metrics.render();
    EXPECT_NE(text.find("# TYPE kse_requests_total counter\n"), std::string::npos) << text;
    EXPECT_NE(text.find("kse_requests_total{route=\"/a\",status=\"201\"} 3\n"), std::string::npos) << text;
    EXPECT_NE(text.find("kse_requests_total{route=\"/a\",status=\"400\"} 1\n"), std::string::npos) << text;
    EXPECT_NE(text.find("# TYPE kse_queue_depth gauge\nkse_queue_depth 42\n"), std::string::npos) << text;
}

TEST(MetricsRegistry, SameNameAndLabelsGiveTheSameCounter) {
    kse::MetricsRegistry metrics;
    auto& a = metrics.counter("c", "h", {{"k", "v"}});
    auto& b = metrics.counter("c", "h", {{"k", "v"}});
    EXPECT_EQ(&a, &b);
}

TEST(MetricsRegistry, EscapesLabelValues) {
    kse::MetricsRegistry metrics;
    metrics.counter("c", "h", {{"k", "a\"b\\c"}}).fetch_add(1);
    EXPECT_NE(metrics.render().find(R"(c{k="a\"b\\c"} 1)"), std::string::npos) << metrics.render();
}
