#include "contract/dead_letter_writer.h"

#include <QString>

#include "codec/json_writer.h"
#include "contract/topics.h"

namespace kse {
DeadLetterWriter::DeadLetterWriter(MessageSink& sink) : m_sink(sink) {}

ProduceStatus DeadLetterWriter::write(std::string_view topic, std::int32_t partition, std::int64_t offset,
                                      std::string_view error, std::string_view payload) {
    // Payloads are kept as text; bytes that are not valid UTF-8 are replaced, never dropped silently.
    const QString text = QString::fromUtf8(payload.data(), static_cast<qsizetype>(payload.size()));
    const std::string value = JsonWriter()
                                  .field("topic", topic)
                                  .field("partition", std::int64_t{partition})
                                  .field("offset", offset)
                                  .field("error", error)
                                  .field("payload", text.toStdString())
                                  .finish();
    return m_sink.produce(topics::kDeadLetters, topic, value);
}

} // namespace kse
