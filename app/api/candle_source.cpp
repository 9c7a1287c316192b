#include "api/candle_source.h"

#include "api/platform_client.h"
#include "api/platform_resources.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrlQuery>

namespace kse {

Result<ChartSeries> CandleSource::fetch(const Query& query) const {
    using R = Result<ChartSeries>;
    QUrlQuery parameters;
    parameters.addQueryItem(QStringLiteral("interval"), query.interval);
    parameters.addQueryItem(QStringLiteral("limit"), QString::number(query.limit));
    if (query.from)
        parameters.addQueryItem(QStringLiteral("from"), QString::number(*query.from));
    if (query.to)
        parameters.addQueryItem(QStringLiteral("to"), QString::number(*query.to));
    const QUrl url = PlatformClient::resourceUrl(
        m_api, QStringLiteral("/api/v1/stocks/%1/candles").arg(PlatformClient::segment(query.symbol)), parameters);

    QNetworkAccessManager network;
    QNetworkRequest request(url);
    request.setTransferTimeout(m_timeoutMs);
    QNetworkReply* reply = network.get(request);
    QEventLoop loop; // a command-line tool: nothing else runs meanwhile
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    if (status == 0)
        return R::failure("cannot reach " + m_api.toString().toStdString() + ": " + reply->errorString().toStdString());
    if (status != 200) {
        const QString error = QJsonDocument::fromJson(body).object().value(QLatin1String("error")).toString();
        return R::failure("the API answered " + std::to_string(status) + ": " +
                          (error.isEmpty() ? std::string("no reason given") : error.toStdString()));
    }
    auto candles = decodeCandles(body);
    if (!candles)
        return R::failure(candles.error());
    return R::success(ChartSeries{query.symbol, query.interval, std::move(candles.value())});
}

} // namespace kse
