#include "api/stream_messages.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "contract/answer_object.h"

namespace kse {
namespace {

QByteArray compact(const QJsonValue& value) {
    return value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                           : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
}

// One object of a list shape, decoded by that list's decoder.
template <typename Row, typename Decode>
Result<StreamMessage> one(const QJsonObject& message, const char* member, Decode decode) {
    const QJsonValue value = message.value(QLatin1String(member));
    if (!value.isObject())
        return Result<StreamMessage>::failure(std::string(member) + ": must be an object");
    const auto rows = decode(compact(QJsonArray{value}));
    if (!rows)
        return Result<StreamMessage>::failure(rows.error());
    return Result<StreamMessage>::success(rows.value().front());
}

} // namespace

Result<StreamMessage> decodeStreamMessage(const QByteArray& json) {
    using R = Result<StreamMessage>;
    const QJsonDocument document = QJsonDocument::fromJson(json);
    if (!document.isObject())
        return R::failure("a stream message is a JSON object");
    const QJsonObject message = document.object();
    const QString type = message.value(QLatin1String("type")).toString();
    if (type == QLatin1String("order"))
        return one<OrderRow>(message, "order", decodeOrders);
    if (type == QLatin1String("fill"))
        return one<FillRow>(message, "fill", decodeFills);
    if (type == QLatin1String("portfolio")) {
        const QJsonValue value = message.value(QLatin1String("portfolio"));
        if (!value.isObject())
            return R::failure("portfolio: must be an object");
        const auto portfolio = decodePortfolio(compact(value));
        return portfolio ? R::success(portfolio.value()) : R::failure(portfolio.error());
    }
    if (type == QLatin1String("book")) {
        const auto book = decodeBook(json);
        return book ? R::success(book.value()) : R::failure(book.error());
    }
    if (type == QLatin1String("top")) {
        const auto top = decodeTop(json);
        return top ? R::success(top.value()) : R::failure(top.error());
    }
    if (type == QLatin1String("welcome")) {
        AnswerObject fields(message);
        const std::int64_t heartbeatMs = fields.whole("heartbeat_ms");
        if (!fields.ok() || heartbeatMs < 100 || heartbeatMs > 3'600'000)
            return R::failure("welcome: heartbeat_ms must be between 100 and 3,600,000");
        return R::success(StreamWelcome{message.value(QLatin1String("username")).toString().left(64), heartbeatMs});
    }
    if (type.isEmpty())
        return R::failure("a stream message has a type");
    // Shown to people at most: cut short, whatever a hostile server sends.
    return R::success(StreamNote{type.left(32), message.value(QLatin1String("error")).toString().left(200)});
}

} // namespace kse
