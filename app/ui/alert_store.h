#pragma once

#include <QString>

#include "market/alert_book.h"

namespace kse {

// The user's price alerts, kept per user in the application's settings across restarts. What is
// read back goes through AlertBook::put, as any input: an alert it refuses is dropped.
class AlertStore {
public:
    explicit AlertStore(const QString& user);

    AlertBook load() const;
    void save(const AlertBook& book);

private:
    QString m_key;
};

} // namespace kse
