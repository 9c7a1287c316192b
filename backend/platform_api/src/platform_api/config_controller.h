#pragma once

#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QMap>
#include <QString>

#include <cstdint>

#include "http/http_endpoint.h"

namespace kse {

// GET /api/v1/config (public): the Kafka brokers, the contract's topic names, the services' URLs
// and the orders' rules a ticket shows before sending (the market orders' protection), so that a
// client needs only the platform's address.
class ConfigController {
public:
    ConfigController(QString brokers, QMap<QString, QString> services, std::int64_t marketProtectionBps);
    void registerRoutes(HttpEndpoint& endpoint);
    // Adds or replaces a service's URL (the platform's own, once it listens); before serving.
    void setService(const QString& name, const QString& url) { m_services.insert(name, url); }
    QHttpServerResponse config() const;

private:
    QString m_brokers;
    QMap<QString, QString> m_services; // name → URL
    std::int64_t m_marketProtectionBps;
};

} // namespace kse
