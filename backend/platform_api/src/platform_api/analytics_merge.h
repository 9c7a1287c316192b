#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "domain/result.h"

namespace kse {

// The answer one user analytics instance owning every partition would give, made from the 200
// answers of instances that each own some (docs/http-api.md, "User Analytics"): counts and money
// summed, times the latest, lists merged by symbol or minute, ranked and written again in the
// instances' own member order. Pure: texts in, text out.
//
// Money is read as ticks exactly, never through a double, and sums stop at the ends of 64 bits
// rather than wrap. An answer that is not JSON of the expected shape fails the whole merge, with
// the answer and the member named; members an instance may add later are skipped.
class AnalyticsMerge {
public:
    // A series' values: counts, or money (the notional metric).
    enum class Values { Counts, Money };

    // GET /api/v1/analytics/summary. The views of a symbol are counted where its viewers'
    // partitions are, so the top `top` of the sums are exact only when every instance listed
    // every symbol it has views of (the platform asks for up to 10,000: ?top=). And
    // `users` is a user once per instance that holds them (a trade gives both its sides a row
    // where its symbol is counted): the answers do not say which users are the same.
    static Result<std::string> summaries(const std::vector<std::string>& answers, std::size_t top = 10);
    // GET /api/v1/analytics/users/{user_id}: the answers that found the user, all of whom must name
    // the same one; `fill_ratio` is computed again from the sums.
    static Result<std::string> users(const std::vector<std::string>& answers);
    // GET /api/v1/analytics/timeseries: the minutes of all answers, each minute's values summed.
    static Result<std::string> series(const std::vector<std::string>& answers, Values values);
};

} // namespace kse
