#include <QJsonDocument>
#include <QJsonObject>
#include <gtest/gtest.h>

#include "codec/json_writer.h"

TEST(JsonWriter, WritesFieldsInOrder) {
    const QByteArray json = kse::JsonWriter()
                                .field("s", QByteArrayView("x"))
                                .field("n", std::int64_t{-3})
                                .field("p", kse::Price::fromTicks(15))
                                .flag("f", true)
                                .finish();
    EXPECT_EQ(json.toStdString(), R"({"s":"x","n":-3,"p":0.0015,"f":true})");
}

TEST(JsonWriter, EscapesStringsSoAnyTextStaysValidJson) {
    const QByteArray nasty("quote\" backslash\\ newline\n tab\t nul", 33);
    const QByteArray json = kse::JsonWriter().field("t", nasty).finish();
    QJsonParseError error{};
    const auto document = QJsonDocument::fromJson(json, &error);
    ASSERT_EQ(error.error, QJsonParseError::NoError) << json.toStdString();
    EXPECT_EQ(document.object().value(QLatin1String("t")).toString().toUtf8(), nasty);
}

TEST(JsonWriter, EmptyObject) { EXPECT_EQ(kse::JsonWriter().finish().toStdString(), "{}"); }
