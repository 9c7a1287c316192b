#pragma once

#include <string>

#include "platform_api/ledger.h"
#include "platform_api/order_repository.h"
#include "platform_api/platform_order.h"
#include "platform_api/reference_prices.h"

namespace kse {

// The JSON a user sees of their orders, fills and portfolio: one shape wherever it is shown
// (GET /api/v1/orders, /fills, /portfolio and the stream's order, fill and portfolio messages).

// {"order_id","symbol","side","order_type","tif","qty","price"? (limit),"protection"? (market),"status",
//  "filled_qty","avg_price","reason"?,"cancel_refusal"?,"created","updated"}
std::string orderJson(const PlatformOrder& order);
// {"trade_id","order_id","symbol","side","price","qty","ts"}
std::string fillJson(const OrderRepository::Fill& fill);
// {"cash","reserved","available","realized_pnl","unrealized_pnl","positions":[…]}, positions
// valued at the reference price. Call with the Users DB guard held (ReferencePrices reads it).
std::string portfolioJson(const Account& account, ReferencePrices& prices);

} // namespace kse
