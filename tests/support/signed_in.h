#pragma once

#include <QByteArray>
#include <QString>
#include <gtest/gtest.h>
#include <memory>

#include "support/http_client.h"
#include "support/json_reply.h"

namespace kse::test {

// A client of the platform API at `baseUrl`, signed in as `name`: it sends the token with every
// request. A refused sign-in fails the test.
inline std::unique_ptr<HttpClient> signedIn(const QString& baseUrl, const QString& name, const QByteArray& password) {
    auto http = std::make_unique<HttpClient>(baseUrl);
    const auto reply = http->post(QStringLiteral("/api/v1/login"),
                                  R"({"username":")" + name.toUtf8() + R"(","password":")" + password + R"("})");
    EXPECT_EQ(reply.status, 200) << reply.body.toStdString();
    http->setBearer(objectOf(reply).value(QLatin1String("token")).toString().toUtf8());
    return http;
}

} // namespace kse::test
