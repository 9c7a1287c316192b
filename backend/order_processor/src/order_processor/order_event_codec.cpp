#include "order_processor/order_event_codec.h"

#include "codec/json_writer.h"
#include "domain/price.h"

namespace kse {
namespace {

void appendLevels(std::string& out, const std::vector<OrderBook::Level>& levels) {
    out += '[';
    char price[Price::kMaxChars];
    for (std::size_t i = 0; i < levels.size(); ++i) {
        if (i > 0)
            out += ',';
        out += '[';
        out.append(price, Price::fromTicks(levels[i].price).toChars(price));
        out += ',';
        out += std::to_string(levels[i].qty);
        out += ']';
    }
    out += ']';
}

} // namespace

std::string encodeBook(const std::string& symbol, const OrderBook::Snapshot& book) {
    std::string out = R"({"symbol":")" + symbol + R"(","bids":)";
    appendLevels(out, book.bids);
    out += R"(,"asks":)";
    appendLevels(out, book.asks);
    out += R"(,"seq":)" + std::to_string(book.seq) + '}';
    return out;
}

} // namespace kse
