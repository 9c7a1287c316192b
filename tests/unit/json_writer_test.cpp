#include <QJsonDocument>
#include <QJsonObject>
#include <gtest/gtest.h>

#include "codec/json_writer.h"

TEST(JsonWriter, WritesFieldsInOrder) {
    const std::string json = kse::JsonWriter()
                                 .field("s", "x")
                                 .field("n", std::int64_t{-3})
                                 .field("p", kse::Price::fromTicks(15))
                                 .flag("f", true)
                                 .finish();
    EXPECT_EQ(json, R"({"s":"x","n":-3,"p":0.0015,"f":true})");
}

TEST(JsonWriter, EscapesStringsSoAnyTextStaysValidJson) {
    const std::string nasty("quote\" backslash\\ newline\n tab\t nul", 33);
    const std::string json = kse::JsonWriter().field("t", nasty).finish();
    QJsonParseError error{};
    const auto document = QJsonDocument::fromJson(QByteArray::fromStdString(json), &error);
    ASSERT_EQ(error.error, QJsonParseError::NoError) << json;
    EXPECT_EQ(document.object().value(QLatin1String("t")).toString().toStdString(), nasty);
}

TEST(JsonWriter, EmptyObject) { EXPECT_EQ(kse::JsonWriter().finish(), "{}"); }
