// Copyright 2026 The orderdesk-mcp Authors.

#include "sandbox/model.h"

#include <cmath>

namespace odmcp::sandbox {

void ComputeOrderTotals(Order* order) {
  order->quantity_total = 0;
  order->weight_total = 0;
  order->product_total = 0;
  for (const OrderItem& item : order->order_items) {
    order->quantity_total += item.quantity;
    order->weight_total += item.weight * static_cast<double>(item.quantity);
    order->product_total += item.price * item.quantity;
  }
  // Weights are decimals; round away the binary noise of the sum (0.1 * 3).
  order->weight_total = std::round(order->weight_total * 10000) / 10000;
  order->discount_total = 0;
  for (const Discount& discount : order->discount_list) order->discount_total += discount.amount;
  order->order_total = order->product_total + order->shipping_total + order->handling_total +
                       order->tax_total - order->discount_total;
}

}  // namespace odmcp::sandbox
