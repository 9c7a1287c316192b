// The platform's stream reads two kinds of outside input: a client's messages
// (stream::parseCommand) and the order processor's books (stream::parseBook). A command it
// accepts names a channel and, for a public one only, a valid symbol; a book it accepts is
// within the bounds and survives being sent on and read again.
#include "domain/limits.h"
#include "domain/tick.h"
#include "fuzz_check.h"
#include "platform_api/stream_protocol.h"

#include <cstdint>
#include <string_view>

using kse::fuzz::check;
namespace stream = kse::stream;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (const auto command = stream::parseCommand(text); command) {
        const stream::Topic& topic = command.value().topic;
        if (command.value().op != stream::Command::Op::Ping) {
            check(stream::isPrivate(topic.channel) == topic.symbol.empty(), "a symbol exactly for public channels");
            check(topic.symbol.empty() || !kse::symbolError(topic.symbol), "an accepted symbol is valid");
            check(!stream::hubKey(topic, 1).empty(), "every topic has a key");
        }
    } else {
        check(!command.error().empty(), "a refusal says why");
    }
    constexpr std::size_t kLevels = 20;
    const auto book = stream::parseBook(text, kLevels);
    if (!book) {
        check(!book.error().empty(), "a refusal says why");
        return 0;
    }
    const stream::Book& b = book.value();
    check(b.bids.size() <= kLevels && b.asks.size() <= kLevels, "at most the levels asked for");
    for (const auto* side : {&b.bids, &b.asks})
        for (const stream::Level& level : *side)
            check(!kse::priceBoundError(level.price) && !kse::quantityError(level.qty), "levels within bounds");
    // What the stream sends reads back as the same book (its "type" member aside).
    const auto again = stream::parseBook(stream::book(b), kLevels);
    check(again.ok(), "a book sent on reads again");
    check(again.value().symbol == b.symbol && again.value().bids == b.bids && again.value().asks == b.asks &&
              again.value().seq == b.seq,
          "a book survives being sent on");
    return 0;
}
