// Copyright 2026 The orderdesk-mcp Authors.

#include "sandbox/seed_generator.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "sandbox/deterministic_random.h"
#include "sandbox/seed_vocabulary.h"
#include "sandbox/text_util.h"
#include "sandbox/tracking_url.h"

namespace odmcp::sandbox {
namespace {

namespace vocab = vocabulary;

constexpr UnixSeconds kSeedWindowStart = kSeedWindowEnd - kSeedWindowLength;
constexpr UnixSeconds kHour = 3600;

template <typename T, size_t N>
const T& Pick(DeterministicRandom& random, const T (&choices)[N]) {
  return choices[random.Below(N)];
}

std::string Digits(DeterministicRandom& random, int count) {
  std::string digits;
  for (int i = 0; i < count; ++i) digits += static_cast<char>('0' + random.Below(10));
  return digits;
}

std::string Alphanumerics(DeterministicRandom& random, int count) {
  static constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  std::string text;
  for (int i = 0; i < count; ++i) text += kAlphabet[random.Below(kAlphabet.size())];
  return text;
}

// Compact JSON text for an object of string values, or "[]" when empty.
std::string StringMapJson(std::initializer_list<std::pair<std::string_view, std::string_view>> entries) {
  if (entries.size() == 0) return kEmptyJsonMap;
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  for (const auto& [key, value] : entries) {
    writer.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
    writer.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
  }
  writer.EndObject();
  return buffer.GetString();
}

std::string Slug(std::string_view name) {
  std::string slug;
  for (char c : AsciiLower(name)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      slug += c;
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug.empty() ? "store" : slug;
}

struct Customer {
  Address address;
  std::string email;
  std::string customer_id;
};

// One catalog entry as orders copy it into their items.
struct CatalogEntry {
  std::string name;
  std::string code;
  Cents price;
  double weight;
  std::string delivery_type;
  std::string category;
  std::string variation_list;
};

// Generates one store's data. Holds the store's own random stream so that
// adding a store never changes the data of the stores before it.
class StoreSeeder {
 public:
  StoreSeeder(const SeedOptions& options, size_t store_ordinal, StoreData* store, IdSequences* ids)
      : options_(options),
        random_(DeterministicRandom::Derive(options.seed, store_ordinal)),
        store_(store),
        ids_(ids) {}

  void Run() {
    SeedFolders();
    SeedInventory();
    SeedCustomers();
    SeedOrders();
  }

 private:
  void SeedFolders() {
    for (std::string_view name : {"New", "Prepared", "Closed", "Canceled"}) {
      store_->AddFolder({ids_->NextFolderId(), std::string(name)});
    }
  }

  void SeedInventory() {
    constexpr size_t kTemplateCount = std::size(vocab::kProducts);
    constexpr size_t kSizeCount = std::size(vocab::kSizes);
    constexpr size_t kColorCount = std::size(vocab::kColors);
    for (int64_t i = 0; i < options_.products_per_store; ++i) {
      const vocab::ProductTemplate& product = vocab::kProducts[static_cast<size_t>(i) % kTemplateCount];
      const size_t variant = static_cast<size_t>(i) / kTemplateCount;
      const size_t size = variant % kSizeCount;
      const size_t color = variant / kSizeCount % kColorCount;
      CatalogEntry entry;
      entry.name = std::string(product.name);
      entry.code = std::string(product.code);
      entry.variation_list = kEmptyJsonMap;
      switch (product.variations) {
        case vocab::VariationKind::kSizeAndColor:
          entry.name += ", " + std::string(vocab::kSizes[size]) + " / " + std::string(vocab::kColors[color]);
          entry.code += "-" + std::string(vocab::kSizeCodes[size]) + "-" + std::string(vocab::kColorCodes[color]);
          entry.variation_list = StringMapJson({{"Size", vocab::kSizes[size]}, {"Color", vocab::kColors[color]}});
          break;
        case vocab::VariationKind::kColor:
          entry.name += ", " + std::string(vocab::kColors[variant % kColorCount]);
          entry.code += "-" + std::string(vocab::kColorCodes[variant % kColorCount]);
          entry.variation_list = StringMapJson({{"Color", vocab::kColors[variant % kColorCount]}});
          break;
        case vocab::VariationKind::kNone:
        case vocab::VariationKind::kDigital:
          if (variant > 0) entry.code += "-V" + std::to_string(variant + 1);
          if (variant > 0) entry.name += " (Batch " + std::to_string(variant + 1) + ")";
          break;
      }
      // A catalog larger than the templates' variants repeats them; a
      // suffix keeps every code unique, as OrderDesk requires.
      if (!used_codes_.insert(entry.code).second) {
        entry.code += "-" + std::to_string(i + 1);
        used_codes_.insert(entry.code);
      }
      entry.price = product.price;
      entry.weight = product.weight;
      entry.delivery_type = product.variations == vocab::VariationKind::kDigital ? "download" : "ship";
      entry.category = std::string(product.category);

      InventoryItem item;
      item.id = ids_->NextInventoryId();
      item.name = entry.name;
      item.code = entry.code;
      item.price = entry.price;
      item.cost = entry.price * random_.Between(40, 60) / 100;
      item.weight = entry.weight;
      item.stock = entry.delivery_type == "download" ? 0 : random_.Between(0, 240);
      item.variation_list = entry.variation_list;
      item.location = std::string(Pick(random_, vocab::kWarehouses));
      item.update_source = random_.Chance(0.7) ? "Shopify" : "Manual";
      item.date_added = kSeedWindowStart - random_.Between(1, 400) * kSecondsPerDay +
                        random_.Between(0, kSecondsPerDay - 1);
      item.date_updated = std::min(kSeedWindowEnd - kHour,
                                   item.date_added + random_.Between(0, 500) * kSecondsPerDay);
      store_->PutInventoryItem(std::move(item));
      catalog_.push_back(std::move(entry));
    }
  }

  Address RandomAddress(std::string_view first_name, std::string_view last_name) {
    const vocab::City& city = Pick(random_, vocab::kCities);
    Address address;
    address.first_name = std::string(first_name);
    address.last_name = std::string(last_name);
    if (random_.Chance(0.1)) address.company = std::string(Pick(random_, vocab::kCompanies));
    address.address1 = std::to_string(random_.Between(100, 9899)) + " " +
                       std::string(Pick(random_, vocab::kStreetNames)) + " " +
                       std::string(Pick(random_, vocab::kStreetSuffixes));
    if (random_.Chance(0.2)) address.address2 = std::string(Pick(random_, vocab::kSecondaryUnits));
    address.city = std::string(city.name);
    address.state = std::string(city.state);
    address.postal_code = std::string(city.postal_prefix) + Digits(random_, 2);
    address.country = "US";
    address.phone = std::to_string(random_.Between(201, 989)) + "-555-01" + Digits(random_, 2);
    return address;
  }

  void SeedCustomers() {
    const int64_t count = std::max<int64_t>(1, options_.orders_per_store * 2 / 5);
    customers_.reserve(static_cast<size_t>(count));
    for (int64_t i = 0; i < count; ++i) {
      const std::string_view first = Pick(random_, vocab::kFirstNames);
      const std::string_view last = Pick(random_, vocab::kLastNames);
      Customer customer;
      customer.address = RandomAddress(first, last);
      customer.email = AsciiLower(first) + "." + AsciiLower(last) + std::to_string(i + 1) + "@" +
                       std::string(Pick(random_, vocab::kEmailDomains));
      customer.customer_id = std::to_string(5480000 + i * 7 + random_.Between(0, 6));
      customers_.push_back(std::move(customer));
    }
  }

  const vocab::SourceWeight& PickSource() {
    int total = 0;
    for (const auto& source : vocab::kSources) total += source.weight;
    int roll = static_cast<int>(random_.Below(static_cast<uint64_t>(total)));
    for (const auto& source : vocab::kSources) {
      if (roll < source.weight) return source;
      roll -= source.weight;
    }
    return vocab::kSources[0];
  }

  // A cart order number in the style of each source; `sequence` keeps
  // (source_name, source_id) unique within the store.
  std::string SourceIdFor(std::string_view source, int64_t sequence) {
    if (source == "Shopify") return std::to_string(5100000000LL + sequence * 3 + random_.Between(0, 2));
    if (source == "Amazon") {
      const std::string number = std::to_string(1000000 + sequence);
      return "113-" + number.substr(number.size() - 7) + "-" + Digits(random_, 7);
    }
    if (source == "eBay") return "12-" + std::to_string(10000 + sequence % 90000) + "-" + Digits(random_, 5);
    if (source == "Etsy") return std::to_string(2900000000LL + sequence * 11 + random_.Between(0, 10));
    return std::to_string(10000 + sequence);  // WooCommerce
  }

  int64_t FolderFor(UnixSeconds date_added, bool canceled) const {
    const std::vector<Folder>& folders = store_->folders();
    if (canceled) return folders[3].id;
    const UnixSeconds age = kSeedWindowEnd - date_added;
    if (age < 2 * kSecondsPerDay) return age < kSecondsPerDay ? folders[0].id : folders[1].id;
    return folders[2].id;
  }

  std::string TrackingNumberFor(std::string_view carrier) {
    if (carrier == "UPS") return "1Z" + Alphanumerics(random_, 6) + Digits(random_, 10);
    if (carrier == "FedEx") return Digits(random_, 12);
    return "9400" + Digits(random_, 18);
  }

  void AddItems(Order* order) {
    const uint64_t roll = random_.Below(100);
    const int count = roll < 55 ? 1 : roll < 83 ? 2 : roll < 95 ? 3 : 4;
    std::vector<size_t> chosen;
    for (int i = 0; i < count && chosen.size() < catalog_.size(); ++i) {
      size_t index = random_.Below(catalog_.size());
      while (std::find(chosen.begin(), chosen.end(), index) != chosen.end()) {
        index = (index + 1) % catalog_.size();
      }
      chosen.push_back(index);
      const CatalogEntry& entry = catalog_[index];
      OrderItem item;
      item.id = ids_->NextItemId();
      item.name = entry.name;
      item.price = entry.price;
      item.quantity = random_.Chance(0.75) ? 1 : random_.Between(2, 3);
      item.weight = entry.weight;
      item.code = entry.code;
      item.delivery_type = entry.delivery_type;
      item.category_code = entry.category;
      item.variation_list = entry.variation_list;
      if (random_.Chance(0.4)) {
        const std::string image = "https://cdn.example.com/products/" + AsciiLower(entry.code) + ".jpg";
        item.metadata = StringMapJson({{"image", image}});
      }
      order->order_items.push_back(std::move(item));
    }
  }

  void AddPayment(Order* order, bool canceled) {
    if (random_.Chance(0.8)) {
      order->payment_type = std::string(Pick(random_, vocab::kCardTypes));
      order->cc_number_masked = "xxxxxxxxxxxx" + Digits(random_, 4);
      char expiry[16];
      std::snprintf(expiry, sizeof(expiry), "%02d/%d", static_cast<int>(random_.Between(1, 12)),
                    static_cast<int>(random_.Between(2026, 2030)));
      order->cc_exp = expiry;
      const std::string_view gateway = Pick(random_, vocab::kGateways);
      order->processor_response = gateway == "Stripe"
                                      ? "Stripe: ch_" + Alphanumerics(random_, 24)
                                      : std::string(gateway) + " Transaction ID: " + Digits(random_, 10);
    } else {
      order->payment_type = "PayPal";
      order->processor_response = "PayPal: " + Alphanumerics(random_, 17);
    }
    const uint64_t roll = random_.Below(100);
    if (canceled) {
      order->payment_status = roll < 50 ? "Voided" : "Fully Refunded";
    } else if (roll < 92) {
      order->payment_status = "Captured";
    } else if (roll < 95) {
      order->payment_status = "Authorized";
    } else if (roll < 97) {
      order->payment_status = "Partially Refunded";
    } else if (roll < 99) {
      order->payment_status = "Approved";
    } else {
      order->payment_status = "Pending";
    }
  }

  void AddShipments(Order* order, const vocab::ShippingOption& option) {
    const bool split = order->order_items.size() > 1 && random_.Chance(0.06);
    const int count = split ? 2 : 1;
    for (int i = 0; i < count; ++i) {
      Shipment shipment;
      shipment.id = ids_->NextShipmentId();
      shipment.carrier_code = std::string(option.carrier);
      shipment.shipment_method = std::string(option.service);
      shipment.tracking_number = TrackingNumberFor(option.carrier);
      shipment.tracking_url = GuessTrackingUrl(shipment.carrier_code, shipment.tracking_number);
      shipment.weight = std::round(order->weight_total / count * 100) / 100;
      shipment.cost = std::max<Cents>(order->shipping_total, 500) * random_.Between(70, 90) / 100;
      shipment.print_status = "1";
      shipment.date_added = std::min(order->date_added + random_.Between(4, 40) * kHour, kSeedWindowEnd - 1);
      shipment.date_shipped = FormatDate(shipment.date_added);
      if (split) {
        const OrderItem& item = order->order_items[static_cast<size_t>(i)];
        rapidjson::StringBuffer buffer;
        rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
        writer.StartArray();
        writer.StartObject();
        writer.Key("id");
        writer.String(std::to_string(item.id).c_str());
        writer.Key("quantity");
        writer.Int64(item.quantity);
        writer.EndObject();
        writer.EndArray();
        shipment.order_items = buffer.GetString();
      }
      order->order_shipments.push_back(std::move(shipment));
    }
  }

  void SeedOrders() {
    const int64_t count = options_.orders_per_store;
    const std::string& store_name = store_->config().name;
    const ReturnAddress return_address{"Returns", "Shipping Department", store_name, "817 E Maple Ln",
                                       "",        "Knoxville",           "TN",       "37902",
                                       "US",      "865-555-0142"};
    for (int64_t i = 0; i < count; ++i) {
      auto order = std::make_unique<Order>();
      order->id = ids_->NextOrderId();
      const UnixSeconds slot = std::max<UnixSeconds>(1, kSeedWindowLength / count);
      order->date_added = std::min(kSeedWindowStart + kSeedWindowLength * i / count +
                                       random_.Between(0, slot - 1),
                                   kSeedWindowEnd - 1);
      const Customer& customer = customers_[random_.Below(customers_.size())];
      order->customer = customer.address;
      order->customer.address3.clear();
      order->customer.address4.clear();
      order->shipping = random_.Chance(0.85)
                            ? customer.address
                            : RandomAddress(Pick(random_, vocab::kFirstNames), Pick(random_, vocab::kLastNames));
      order->email = customer.email;
      order->customer_id = customer.customer_id;
      order->ip_address = std::string(Pick(random_, vocab::kDocumentationNetworks)) +
                          std::to_string(random_.Between(1, 254));

      const vocab::SourceWeight& source = PickSource();
      order->source_name = std::string(source.name);
      order->source_id = source.name == "Order Desk" ? std::to_string(order->id) : SourceIdFor(source.name, i);

      AddItems(order.get());
      ComputeOrderTotals(order.get());

      const vocab::ShippingOption& option = Pick(random_, vocab::kShippingOptions);
      order->shipping_method = std::string(option.method);
      order->shipping_total = option.price;
      order->handling_total = random_.Chance(0.1) ? 50 : 0;
      int tax_basis_points = 0;
      for (const vocab::City& city : vocab::kCities) {
        if (city.state == order->shipping.state) tax_basis_points = city.tax_basis_points;
      }
      order->tax_total = (order->product_total * tax_basis_points + 5000) / 10000;
      if (random_.Chance(0.12)) {
        static constexpr std::pair<std::string_view, int> kCodes[] = {
            {"SAVE10", 10}, {"WELCOME15", 15}, {"VIP20", 20}};
        const auto& [code, percent] = Pick(random_, kCodes);
        order->discount_list.push_back({"Discount", std::string(code), order->product_total * percent / 100});
      }
      ComputeOrderTotals(order.get());

      const bool canceled = random_.Chance(0.03);
      order->folder_id = FolderFor(order->date_added, canceled);
      AddPayment(order.get(), canceled);
      if (order->payment_status == "Fully Refunded") {
        order->refund_total = order->order_total;
      } else if (order->payment_status == "Partially Refunded") {
        order->refund_total = order->order_items.front().price;
      }
      order->processor_balance = order->order_total - order->refund_total;

      const bool closed = order->folder_id == store_->folders()[2].id;
      UnixSeconds last_change = order->date_added + random_.Between(60, 2 * kHour);
      if (closed) {
        AddShipments(order.get(), option);
        last_change = order->order_shipments.back().date_added;
        order->order_history.push_back({"Order Desk", "Moved from New to Closed", last_change});
        if (random_.Chance(0.25)) {
          order->fulfillment_name = "ShipStation";
          order->fulfillment_id = "ss-" + Digits(random_, 8);
        }
      }
      if (random_.Chance(0.12)) {
        const UnixSeconds noted = std::min(order->date_added + random_.Between(1, 20) * kHour, kSeedWindowEnd - 1);
        order->order_notes.push_back({noted, std::string(Pick(random_, vocab::kNoteAuthors)),
                                      std::string(Pick(random_, vocab::kNoteTexts))});
        last_change = std::max(last_change, noted);
      }
      order->date_updated = std::min(last_change, kSeedWindowEnd - 1);

      if (random_.Chance(0.12)) {
        order->checkout_data = StringMapJson({{"Gift Message", Pick(random_, vocab::kGiftMessages)}});
      } else if (random_.Chance(0.08)) {
        order->checkout_data =
            StringMapJson({{"Delivery Instructions", Pick(random_, vocab::kDeliveryInstructions)}});
      }
      if (random_.Chance(0.3)) {
        order->order_metadata =
            "{\"fraud_protection_score\":" + std::to_string(random_.Between(0, 99)) + "}";
      }
      if (random_.Chance(0.08)) order->return_address = std::make_unique<ReturnAddress>(return_address);
      if (random_.Chance(0.05)) {
        order->tag_color = "#e74c3c";
        order->tag_name = "Priority";
      }
      store_->InsertOrder(std::move(order));
    }
  }

  const SeedOptions& options_;
  DeterministicRandom random_;
  StoreData* store_;
  IdSequences* ids_;
  std::vector<CatalogEntry> catalog_;
  std::set<std::string> used_codes_;
  std::vector<Customer> customers_;
};

}  // namespace

std::unique_ptr<Dataset> BuildSeededDataset(const SeedOptions& options,
                                            const std::vector<StoreConfig>& stores,
                                            const TimeZone& time_zone) {
  auto dataset = std::make_unique<Dataset>();
  for (size_t ordinal = 0; ordinal < stores.size(); ++ordinal) {
    const StoreConfig& config = stores[ordinal];
    const std::string slug = Slug(config.name);
    StoreProfile profile{"orders@" + slug + ".example.com", "https://" + slug + ".example.com"};
    auto store = std::make_unique<StoreData>(config, std::move(profile), time_zone);
    StoreSeeder(options, ordinal, store.get(), &dataset->ids()).Run();
    dataset->AddStore(std::move(store));
  }
  return dataset;
}

}  // namespace odmcp::sandbox
