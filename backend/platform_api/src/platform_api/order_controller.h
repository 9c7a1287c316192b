#pragma once

#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <functional>
#include <mutex>

#include "contract/order_command.h"
#include "http/http_endpoint.h"
#include "kafka/message_sink.h"
#include "outbox/outbox.h"
#include "platform_api/activity_publisher.h"
#include "platform_api/authenticator.h"
#include "platform_api/ledger.h"
#include "platform_api/order_repository.h"
#include "platform_api/reference_prices.h"
#include "platform_api/user_store.h"
#include "store/group_commit.h"

namespace kse {

// POST /api/v1/orders (risk check, reservation, publish to `orders`), GET /api/v1/orders[?status=],
// GET /api/v1/orders/{id}, DELETE /api/v1/orders/{id}, and GET /api/v1/fills[?symbol=&limit=]
// (each execution of the user's orders). A user sees only their own orders: any other id is 404,
// as if it did not exist. Every route runs on any HTTP thread; a placed order's reservation is
// written in a group commit shared with the orders placed at the same time, with the `orders` and
// `user-activity` messages its 202 promises (in the outbox until Kafka has them), and answered 202
// only once that is durable. A cancel's 202 is kept the same way.
class OrderController {
public:
    OrderController(UserStore& users, OrderRepository& orders, ReferencePrices& prices, std::mutex& guard,
                    GroupCommit& commits, Authenticator& auth, const Ledger& ledger, MessageSink& producer,
                    Outbox& outbox, std::function<std::int64_t()> clock);
    void registerRoutes(HttpEndpoint& endpoint);
    // Sends every order still pending again, for a database written before the outbox: one placed
    // just before a crash may never have left the producer. The exchange refuses a second copy by
    // its id, and the platform ignores that refusal. Returns how many were sent.
    int resendPending();

    QHttpServerResponse place(const QHttpServerRequest& request);
    QHttpServerResponse list(const QHttpServerRequest& request);
    QHttpServerResponse get(const QString& id, const QHttpServerRequest& request);
    QHttpServerResponse cancel(const QString& id, const QHttpServerRequest& request);
    QHttpServerResponse fills(const QHttpServerRequest& request);

private:
    // The `orders` command and the activity event a 202 promises, kept in the outbox.
    struct Promise {
        Outbox::Message command;
        Outbox::Message activity;
        std::int64_t commandId = 0;
        std::int64_t activityId = 0;
    };
    // In the transaction the promise belongs to.
    void keep(Promise& promise);
    void drop(const Promise& promise);
    // After its commit. False when Kafka refused the command: nothing was sent, and the caller
    // undoes what it did and drops the promise.
    bool send(const Promise& promise);
    PlatformOrder ownOrder(const QString& id, const Session& session);

    UserStore& m_users;
    OrderRepository& m_orders;
    ReferencePrices& m_prices;
    std::mutex& m_guard;
    GroupCommit& m_commits;
    Authenticator& m_auth;
    const Ledger& m_ledger;
    MessageSink& m_producer;
    Outbox& m_outbox;
    std::function<std::int64_t()> m_clock;
};

} // namespace kse
