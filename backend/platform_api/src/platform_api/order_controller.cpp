#include "platform_api/order_controller.h"

#include <QJsonObject>
#include <QRandomGenerator>
#include <QUrlQuery>

#include "codec/json_writer.h"
#include "contract/order_command.h"
#include "contract/topics.h"
#include "domain/price.h"
#include "domain/tick.h"
#include "http/http_error.h"
#include "http/json_body.h"
#include "http/query_parameters.h"
#include "platform_api/account_views.h"
#include "platform_api/request_fields.h"

namespace kse {
namespace {

std::string newOrderId() {
    quint32 words[3];
    QRandomGenerator::system()->generate(std::begin(words), std::end(words));
    char out[32];
    std::snprintf(out, sizeof out, "o-%08x%08x%08x", words[0], words[1], words[2]);
    return out;
}

QHttpServerResponse::StatusCode conflict() { return QHttpServerResponse::StatusCode::Conflict; }

} // namespace

OrderController::OrderController(UserStore& users, OrderRepository& orders, ReferencePrices& prices, std::mutex& guard,
                                 GroupCommit& commits, Authenticator& auth, const Ledger& ledger, MessageSink& producer,
                                 Outbox& outbox, std::function<std::int64_t()> clock)
    : m_users(users)
    , m_orders(orders)
    , m_prices(prices)
    , m_guard(guard)
    , m_commits(commits)
    , m_auth(auth)
    , m_ledger(ledger)
    , m_producer(producer)
    , m_outbox(outbox)
    , m_clock(std::move(clock)) {}

int OrderController::resendPending() {
    std::vector<std::pair<PlatformOrder, std::string>> pending;
    {
        const std::lock_guard lock(m_guard);
        for (auto& order : m_orders.pending())
            if (auto user = m_users.user(order.userId))
                pending.emplace_back(std::move(order), user->username);
    }
    for (const auto& [order, username] : pending)
        m_producer.produce(topics::kOrders, order.symbol, encodeOrderCommand(commandFor(order, username)));
    return static_cast<int>(pending.size());
}

void OrderController::registerRoutes(HttpEndpoint& endpoint) {
    using M = QHttpServerRequest::Method;
    constexpr auto any = HttpEndpoint::Threading::Any;
    endpoint.route(
        QStringLiteral("/api/v1/orders"), M::Post, [this](const QHttpServerRequest& r) { return place(r); }, any);
    endpoint.route(
        QStringLiteral("/api/v1/orders"), M::Get, [this](const QHttpServerRequest& r) { return list(r); }, any);
    endpoint.route(
        QStringLiteral("/api/v1/orders/<arg>"), M::Get,
        [this](const QString& id, const QHttpServerRequest& r) { return get(id, r); }, any);
    endpoint.route(
        QStringLiteral("/api/v1/orders/<arg>"), M::Delete,
        [this](const QString& id, const QHttpServerRequest& r) { return cancel(id, r); }, any);
    endpoint.route(
        QStringLiteral("/api/v1/fills"), M::Get, [this](const QHttpServerRequest& r) { return fills(r); }, any);
}

QHttpServerResponse OrderController::place(const QHttpServerRequest& request) {
    const Session session = m_auth.require(request);
    const QJsonValue body = parseJsonBody(request);
    if (!body.isObject())
        throw HttpError::badRequest(QStringLiteral("a JSON object is expected"));
    const QJsonObject object = body.toObject();
    const RequestFields fields(object);

    PlatformOrder order;
    order.symbol = fields.requiredString("symbol");
    if (auto error = symbolError(order.symbol))
        throw HttpError::badRequest(QStringLiteral("symbol: %1").arg(QString::fromStdString(*error)));
    const auto side = parseSide(fields.requiredString("side"));
    if (!side)
        throw HttpError::badRequest(QStringLiteral("side must be buy or sell"));
    order.side = *side;
    const auto type = parseOrderType(fields.optionalString("order_type").value_or("limit"));
    if (!type)
        throw HttpError::badRequest(QStringLiteral("order_type must be limit or market"));
    order.type = *type;
    const auto tif = fields.optionalString("tif");
    const auto parsedTif =
        tif ? parseTimeInForce(*tif) : std::optional(*type == OrderType::Market ? TimeInForce::Ioc : TimeInForce::Gtc);
    if (!parsedTif)
        throw HttpError::badRequest(QStringLiteral("tif must be gtc, ioc or fok"));
    order.tif = *parsedTif;
    order.qty = fields.requiredInteger("qty", 1, kMaxOrderQty);
    const auto price = fields.optionalMoney("price");
    if (order.type == OrderType::Limit) {
        if (!price || *price <= 0 || *price > kMaxOrderPriceTicks)
            throw HttpError::badRequest(QStringLiteral("a limit order needs a price above 0 and at most 10000000"));
        order.price = Price::fromTicks(*price);
    } else if (price) {
        throw HttpError::badRequest(QStringLiteral("a market order takes no price"));
    }
    order.id = newOrderId();
    order.userId = session.userId;
    order.created = order.updated = m_clock();

    // Durable before the 202: a kill -9 after it loses neither the order, nor its reservation,
    // nor the messages the 202 promises.
    Promise promise{
        {topics::kOrders, order.symbol, {}},
        ActivityPublisher::message(session.username, actions::kPlaceOrder, order.created, order.symbol, order.id)};
    m_commits.run([&] {
        Account account = m_users.account(session.userId);
        // Only a market order needs a reference price (for its protection price).
        const bool market = order.type == OrderType::Market;
        auto reservation = m_ledger.reserve(account, {order.symbol, order.side, order.type, order.qty, order.price},
                                            market ? m_prices.of(order.symbol) : std::nullopt);
        if (!reservation)
            throw HttpError(conflict(), QString::fromStdString(reservation.error()));
        order.reservation = reservation.value();
        m_orders.insert(order);
        m_users.saveAccount(session.userId, account);
        promise.command.value = encodeOrderCommand(commandFor(order, session.username));
        keep(promise);
    });

    if (!send(promise)) {
        // Not sent: the order ends here and gives its reservation back, and nothing is promised.
        m_commits.run([&] {
            Account account = m_users.account(session.userId);
            Ledger::release(account, order.reservation, 0);
            order.status = OrderStatus::Rejected;
            order.reason = "the exchange is unavailable";
            m_orders.update(order);
            m_users.saveAccount(session.userId, account);
            drop(promise);
        });
        throw HttpError(QHttpServerResponse::StatusCode::ServiceUnavailable,
                        QStringLiteral("the exchange is unavailable; the order was not placed"));
    }
    return jsonResponse(
        QByteArray::fromStdString(
            JsonWriter().field("order_id", order.id).field("status", statusName(OrderStatus::Pending)).finish()),
        QHttpServerResponse::StatusCode::Accepted);
}

QHttpServerResponse OrderController::list(const QHttpServerRequest& request) {
    const Session session = m_auth.require(request);
    const QUrlQuery query(request.url());
    std::optional<std::string> status;
    if (query.hasQueryItem(QStringLiteral("status")))
        status = query.queryItemValue(QStringLiteral("status")).toStdString();
    const auto limit = integerParameter(query, QStringLiteral("limit"), 1, 1'000).value_or(100);
    std::vector<std::string> items;
    const std::lock_guard lock(m_guard);
    for (const auto& order : m_orders.ofUser(session.userId, status, static_cast<int>(limit)))
        items.push_back(orderJson(order));
    return jsonArray(items);
}

QHttpServerResponse OrderController::fills(const QHttpServerRequest& request) {
    const Session session = m_auth.require(request);
    const QUrlQuery query(request.url());
    std::optional<std::string> symbol;
    if (query.hasQueryItem(QStringLiteral("symbol"))) {
        symbol = query.queryItemValue(QStringLiteral("symbol")).toStdString();
        if (auto error = symbolError(*symbol))
            throw HttpError::badRequest(QStringLiteral("symbol: %1").arg(QString::fromStdString(*error)));
    }
    const auto limit = integerParameter(query, QStringLiteral("limit"), 1, 1'000).value_or(100);
    std::vector<std::string> items;
    const std::lock_guard lock(m_guard);
    for (const auto& f : m_orders.fillsOfUser(session.userId, symbol, static_cast<int>(limit)))
        items.push_back(fillJson(f));
    return jsonArray(items);
}

void OrderController::keep(Promise& promise) {
    promise.commandId = m_outbox.add(promise.command);
    promise.activityId = m_outbox.add(promise.activity);
}

void OrderController::drop(const Promise& promise) {
    m_outbox.discard(promise.commandId);
    m_outbox.discard(promise.activityId);
}

bool OrderController::send(const Promise& promise) {
    if (m_outbox.send(promise.commandId, promise.command) != ProduceStatus::Queued)
        return false;
    // The command is on its way: its event follows it, now or once Kafka takes it.
    if (m_outbox.send(promise.activityId, promise.activity) != ProduceStatus::Queued)
        m_outbox.retryLater(promise.activityId, promise.activity.topic);
    return true;
}

PlatformOrder OrderController::ownOrder(const QString& id, const Session& session) {
    const std::lock_guard lock(m_guard);
    auto order = m_orders.find(id.toStdString());
    if (!order || order->userId != session.userId)
        throw HttpError::notFound(QStringLiteral("no order %1").arg(id));
    return *order;
}

QHttpServerResponse OrderController::get(const QString& id, const QHttpServerRequest& request) {
    const Session session = m_auth.require(request);
    return jsonResponse(QByteArray::fromStdString(orderJson(ownOrder(id, session))));
}

QHttpServerResponse OrderController::cancel(const QString& id, const QHttpServerRequest& request) {
    const Session session = m_auth.require(request);
    const PlatformOrder order = ownOrder(id, session);
    if (order.finished())
        throw HttpError(conflict(), QStringLiteral("the order is already %1")
                                        .arg(QString::fromStdString(std::string(statusName(order.status)))));
    OrderCommand command;
    command.kind = OrderCommand::Kind::Cancel;
    command.orderId = order.id;
    command.userId = session.username;
    command.symbol = order.symbol;
    command.ts = m_clock();
    Promise promise{
        {topics::kOrders, order.symbol, encodeOrderCommand(command)},
        ActivityPublisher::message(session.username, actions::kCancelOrder, command.ts, order.symbol, order.id)};
    m_commits.run([&] { keep(promise); });
    if (!send(promise)) {
        m_commits.run([&] { drop(promise); });
        throw HttpError(QHttpServerResponse::StatusCode::ServiceUnavailable,
                        QStringLiteral("the exchange is unavailable; try again"));
    }
    return jsonResponse(QByteArray::fromStdString(
                            JsonWriter().field("order_id", order.id).field("status", "cancel_requested").finish()),
                        QHttpServerResponse::StatusCode::Accepted);
}

} // namespace kse
