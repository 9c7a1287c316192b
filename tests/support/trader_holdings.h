#pragma once

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdint>
#include <gtest/gtest.h>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "contract/answer_object.h"
#include "support/http_client.h"
#include "support/json_reply.h"

namespace kse::test {

using Traders = std::vector<std::unique_ptr<HttpClient>>; // each signed in as one trader

// Whether none of these traders has an order still pending (every list answered).
inline bool nonePending(Traders& traders) {
    for (auto& trader : traders) {
        const auto list = trader->get(QStringLiteral("/api/v1/orders?limit=1000&status=pending"));
        if (list.status != 200 || !QJsonDocument::fromJson(list.body).array().isEmpty())
            return false;
    }
    return true;
}

// What these traders hold together, from their portfolios: for checks that money and shares
// are conserved. A portfolio not answered fails the test.
struct Holdings {
    std::int64_t cash = 0; // ticks
    std::map<std::string, std::int64_t> shares;
};

inline Holdings holdingsOf(Traders& traders) {
    Holdings out;
    for (auto& trader : traders) {
        const auto portfolio = trader->get(QStringLiteral("/api/v1/portfolio"));
        EXPECT_EQ(portfolio.status, 200) << portfolio.body.toStdString();
        const QJsonObject p = objectOf(portfolio);
        out.cash += kse::AnswerObject(p).money("cash");
        for (const auto& position : p.value(QLatin1String("positions")).toArray())
            out.shares[position.toObject().value(QLatin1String("symbol")).toString().toStdString()] +=
                position.toObject().value(QLatin1String("qty")).toInteger();
    }
    return out;
}

} // namespace kse::test
