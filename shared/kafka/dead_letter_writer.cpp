#include "kafka/dead_letter_writer.h"

#include <QString>

#include "codec/json_writer.h"
#include "kafka/topics.h"

namespace kse {
namespace {
QByteArrayView view(std::string_view s) { return {s.data(), static_cast<qsizetype>(s.size())}; }
} // namespace

DeadLetterWriter::DeadLetterWriter(MessageSink& sink) : m_sink(sink) {}

ProduceStatus DeadLetterWriter::write(std::string_view topic, std::int32_t partition, std::int64_t offset,
                                      std::string_view error, std::string_view payload) {
    // Payloads are kept as text; bytes that are not valid UTF-8 are replaced, never dropped silently.
    const QString text = QString::fromUtf8(payload.data(), static_cast<qsizetype>(payload.size()));
    const QByteArray value = JsonWriter()
                                 .field("topic", view(topic))
                                 .field("partition", std::int64_t{partition})
                                 .field("offset", offset)
                                 .field("error", view(error))
                                 .field("payload", text.toUtf8())
                                 .finish();
    return m_sink.produce(topics::kDeadLetters, topic, std::string_view(value.constData(), value.size()));
}

} // namespace kse
