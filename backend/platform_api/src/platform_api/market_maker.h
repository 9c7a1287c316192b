#pragma once

#include <QNetworkAccessManager>
#include <QObject>
#include <QTimer>
#include <QUrl>
#include <functional>
#include <map>
#include <set>
#include <string>

#include "log/logger.h"
#include "platform_api/quote_planner.h"

class QNetworkReply;

namespace kse {

// The demo's liquidity: an ordinary trader account that quotes both sides of every listed
// symbol around its reference price, through the public API like any client (prices from
// GET /api/v1/stocks, its own state from /portfolio and /orders?status=open, quotes by POST and
// DELETE /orders). Each round (one at a time) re-plans every symbol with QuotePlanner.
//
// Inventory comes from a deposit: when the maker holds none of a symbol and has no ask resting,
// `depositShares` gives it `inventoryShares` at the reference price. Its session comes from
// `openSession`, asked again whenever the API answers 401.
class MarketMaker : public QObject {
    Q_OBJECT
public:
    struct Options {
        QUrl api; // the platform API's base URL
        int roundMs = 1'000;
        int maxSymbols = 50;
        std::int64_t inventoryShares = 5'000;
        QuotePlanner::Policy policy;
        std::function<std::string()> openSession;
        std::function<void(const std::string& symbol, std::int64_t qty, std::int64_t price)> depositShares;
    };

    MarketMaker(Options options, Logger& logger, QObject* parent = nullptr);
    void start();
    void stop();
    // Rounds completed; orders placed and cancels sent (for tests and metrics).
    std::uint64_t rounds() const { return m_rounds; }
    std::uint64_t placed() const { return m_placed; }
    std::uint64_t cancelled() const { return m_cancelled; }

private:
    struct Snapshot {
        std::map<std::string, std::int64_t> references; // symbol → price ticks
        std::int64_t availableCash = 0;
        std::map<std::string, std::int64_t> availableShares;
        std::map<std::string, std::vector<QuotePlanner::OwnOrder>> open;
        int awaited = 0;
        bool failed = false;
    };

    void round();
    void act();
    void finishRound();
    QNetworkReply* send(const QByteArray& verb, const QString& path, const QByteArray& body = {});
    // Runs `handle` with the reply's JSON when it is a success; notes a failure otherwise.
    void expect(QNetworkReply* reply, std::function<void(const QByteArray&)> handle);
    void settle(QNetworkReply* reply, std::uint64_t& counter);

    Options m_options;
    Logger& m_logger;
    QuotePlanner m_planner;
    QNetworkAccessManager m_network;
    QTimer m_timer;
    QByteArray m_token;
    Snapshot m_snapshot;
    std::map<std::string, std::int64_t> m_centres;
    std::set<std::string> m_stocked;
    bool m_busy = false;
    int m_inFlight = 0;
    std::uint64_t m_rounds = 0, m_placed = 0, m_cancelled = 0;
};

} // namespace kse
