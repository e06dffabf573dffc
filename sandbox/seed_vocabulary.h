// Copyright 2026 The orderdesk-mcp Authors.
//
// The word lists the seed generator draws from. Fictional people and
// companies; real US cities with plausible ZIP prefixes; e-mail domains and
// IP addresses from the ranges reserved for documentation (RFC 2606,
// RFC 5737) and 555-01xx phone numbers, so no seeded value points at a
// real person or host. Immutable constants; thread-safe.

#ifndef ODMCP_SANDBOX_SEED_VOCABULARY_H_
#define ODMCP_SANDBOX_SEED_VOCABULARY_H_

#include <string_view>

#include "sandbox/model.h"

namespace odmcp::sandbox::vocabulary {

inline constexpr std::string_view kFirstNames[] = {
    "Olivia", "Liam",    "Emma",    "Noah",    "Ava",     "Elijah", "Sophia",  "James",
    "Isabella", "Lucas", "Mia",     "Mason",   "Amelia",  "Ethan",  "Harper",  "Logan",
    "Evelyn", "Aiden",   "Abigail", "Jackson", "Emily",   "Carter", "Ella",    "Owen",
    "Grace",  "Wyatt",   "Chloe",   "Henry",   "Nora",    "Samuel", "Lily",    "David",
    "Zoe",    "Joseph",  "Hannah",  "Daniel",  "Aria",    "Mateo",  "Layla",   "Julian",
    "Priya",  "Wei",     "Fatima",  "Kenji",   "Sofia",   "Diego",  "Amara",   "Tomas"};

inline constexpr std::string_view kLastNames[] = {
    "Smith",    "Johnson", "Williams", "Brown",    "Jones",   "Garcia",  "Miller",  "Davis",
    "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas",
    "Taylor",   "Moore",   "Jackson",  "Martin",   "Lee",     "Perez",   "Thompson", "White",
    "Harris",   "Sanchez", "Clark",    "Ramirez",  "Lewis",   "Robinson", "Walker", "Young",
    "Allen",    "King",    "Wright",   "Scott",    "Nguyen",  "Hill",    "Flores",  "Green",
    "Patel",    "Chen",    "Okafor",   "Tanaka",   "Novak",   "Kowalski", "Rossi",  "Dubois"};

inline constexpr std::string_view kCompanies[] = {
    "Blue Heron Outfitters", "Maple Leaf Cafe",      "Summit Dental Group", "Riverbend Books",
    "Northwind Traders",     "Cedar Grove Yoga",     "Lakeside Bakery",     "Ironwood Fitness",
    "Copper Kettle Catering", "Harbor Light Realty", "Pine Ridge Design",   "Silver Fern Studio"};

inline constexpr std::string_view kStreetNames[] = {
    "Maple",  "Oak",     "Cedar",    "Pine",      "Elm",      "Washington", "Lake",   "Hill",
    "Park",   "Main",    "Sunset",   "Highland",  "Jefferson", "Lincoln",   "Madison", "Franklin",
    "Willow", "River",   "Spring",   "Meadow",    "Chestnut", "Walnut",     "Birch",  "Forest"};

inline constexpr std::string_view kStreetSuffixes[] = {"St", "Ave", "Rd", "Blvd", "Ln", "Dr",
                                                       "Ct", "Way", "Pl"};

inline constexpr std::string_view kSecondaryUnits[] = {"Apt 2B", "Suite 100", "Unit 4", "Apt 12",
                                                       "Floor 3", "Suite 210"};

struct City {
  std::string_view name;
  std::string_view state;
  std::string_view postal_prefix;  // first three ZIP digits
  int tax_basis_points;            // sales tax rate charged to this state
};

inline constexpr City kCities[] = {
    {"Nashville", "TN", "372", 700},   {"Knoxville", "TN", "379", 700},
    {"Portland", "OR", "972", 0},      {"Seattle", "WA", "981", 650},
    {"Austin", "TX", "787", 625},      {"Denver", "CO", "802", 290},
    {"Chicago", "IL", "606", 625},     {"Columbus", "OH", "432", 575},
    {"Atlanta", "GA", "303", 400},     {"Raleigh", "NC", "276", 475},
    {"Boston", "MA", "021", 625},      {"Brooklyn", "NY", "112", 400},
    {"Philadelphia", "PA", "191", 600}, {"Minneapolis", "MN", "554", 688},
    {"Madison", "WI", "537", 500},     {"Phoenix", "AZ", "850", 560},
    {"San Diego", "CA", "921", 725},   {"Sacramento", "CA", "958", 725},
    {"Salt Lake City", "UT", "841", 610}, {"Boise", "ID", "837", 600},
    {"Kansas City", "MO", "641", 423}, {"Omaha", "NE", "681", 550},
    {"Richmond", "VA", "232", 530},    {"Burlington", "VT", "054", 600}};

inline constexpr std::string_view kEmailDomains[] = {"example.com", "example.net", "example.org"};

inline constexpr std::string_view kDocumentationNetworks[] = {"192.0.2.", "198.51.100.",
                                                              "203.0.113."};

enum class VariationKind { kSizeAndColor, kColor, kNone, kDigital };

struct ProductTemplate {
  std::string_view name;
  std::string_view code;
  Cents price;
  double weight;  // pounds
  VariationKind variations;
  std::string_view category;
};

inline constexpr ProductTemplate kProducts[] = {
    {"Organic Cotton T-Shirt", "OCT", 2400, 0.4, VariationKind::kSizeAndColor, "APPAREL"},
    {"Three Wolf T-Shirt", "3WOLF", 1000, 0.8, VariationKind::kSizeAndColor, "APPAREL"},
    {"Merino Wool Beanie", "MWB", 2850, 0.2, VariationKind::kColor, "APPAREL"},
    {"Canvas Tote Bag", "CTB", 1800, 0.5, VariationKind::kColor, "ACCESSORIES"},
    {"Ceramic Pour-Over Set", "CPO", 4200, 2.1, VariationKind::kColor, "KITCHEN"},
    {"Single-Origin Coffee Beans 12oz", "SOC", 1650, 0.75, VariationKind::kNone, "GROCERY"},
    {"Stainless Water Bottle", "SWB", 2999, 0.9, VariationKind::kColor, "OUTDOOR"},
    {"Crazy Glue", "CRZYG", 499, 0.1, VariationKind::kNone, "DEFAULT"},
    {"Bamboo Cutting Board", "BCB", 3450, 2.6, VariationKind::kNone, "KITCHEN"},
    {"Hand-Poured Soy Candle", "HPC", 2200, 1.1, VariationKind::kNone, "HOME"},
    {"Linen Throw Pillow", "LTP", 3900, 1.3, VariationKind::kColor, "HOME"},
    {"Leather Card Wallet", "LCW", 4500, 0.2, VariationKind::kColor, "ACCESSORIES"},
    {"Trail Running Socks", "TRS", 1400, 0.15, VariationKind::kSizeAndColor, "APPAREL"},
    {"Enamel Camp Mug", "ECM", 1600, 0.6, VariationKind::kColor, "OUTDOOR"},
    {"Recycled Notebook A5", "RNA5", 1200, 0.5, VariationKind::kNone, "STATIONERY"},
    {"Field Guide to Birds (eBook)", "FGB-EB", 999, 0, VariationKind::kDigital, "DIGITAL"},
    {"Wireless Charging Pad", "WCP", 3500, 0.4, VariationKind::kNone, "ELECTRONICS"},
    {"Yoga Mat 6mm", "YM6", 5800, 3.2, VariationKind::kColor, "FITNESS"},
    {"Loose Leaf Green Tea", "LLGT", 1300, 0.3, VariationKind::kNone, "GROCERY"},
    {"Wooden Puzzle Set", "WPS", 2700, 1.4, VariationKind::kNone, "TOYS"},
    {"Hoodie Pullover", "HDP", 5200, 1.2, VariationKind::kSizeAndColor, "APPAREL"},
    {"Desk Plant Pot", "DPP", 1900, 1.0, VariationKind::kColor, "HOME"},
    {"Sunscreen SPF 30", "SPF30", 1150, 0.4, VariationKind::kNone, "HEALTH"},
    {"Pet Rope Toy", "PRT", 900, 0.3, VariationKind::kNone, "PETS"}};

inline constexpr std::string_view kSizes[] = {"Small", "Medium", "Large", "X-Large"};
inline constexpr std::string_view kSizeCodes[] = {"S", "M", "L", "XL"};
inline constexpr std::string_view kColors[] = {"Black", "White", "Navy", "Forest", "Sand", "Red"};
inline constexpr std::string_view kColorCodes[] = {"BLK", "WHT", "NVY", "FOR", "SND", "RED"};

struct ShippingOption {
  std::string_view method;   // order.shipping_method
  std::string_view carrier;  // shipment.carrier_code
  std::string_view service;  // shipment.shipment_method
  Cents price;
};

inline constexpr ShippingOption kShippingOptions[] = {
    {"USPS Priority Mail", "USPS", "Priority Mail", 895},
    {"USPS First Class", "USPS", "First Class", 450},
    {"UPS Ground", "UPS", "Ground", 1117},
    {"UPS 2nd Day Air", "UPS", "2nd Day Air", 2450},
    {"FedEx Home Delivery", "FedEx", "Home Delivery", 1250},
    {"Free Shipping", "USPS", "Ground Advantage", 0}};

struct SourceWeight {
  std::string_view name;
  int weight;
};

inline constexpr SourceWeight kSources[] = {{"Shopify", 40}, {"WooCommerce", 18}, {"Amazon", 14},
                                            {"Etsy", 10},    {"Order Desk", 10},  {"eBay", 8}};

inline constexpr std::string_view kCardTypes[] = {"Visa", "MasterCard", "American Express",
                                                  "Discover"};

inline constexpr std::string_view kGateways[] = {"Stripe", "Authorize.net", "Braintree"};

inline constexpr std::string_view kNoteTexts[] = {
    "Customer called to change shipping address",
    "Gift wrap requested; include a blank card",
    "Customer asked for delivery after the 15th",
    "Replacement sent for item damaged in transit",
    "Verified address with customer by e-mail",
    "Customer requested an invoice copy"};

inline constexpr std::string_view kNoteAuthors[] = {"Customer Service Rep", "Warehouse",
                                                    "Jamie (Support)"};

inline constexpr std::string_view kGiftMessages[] = {"Happy Birthday!", "Congratulations!",
                                                     "Thank you for everything",
                                                     "Merry Christmas from us all"};

inline constexpr std::string_view kDeliveryInstructions[] = {
    "Leave at the back door", "Ring the bell twice", "Deliver to the front desk"};

inline constexpr std::string_view kWarehouses[] = {"Warehouse A", "Warehouse B", ""};

}  // namespace odmcp::sandbox::vocabulary

#endif  // ODMCP_SANDBOX_SEED_VOCABULARY_H_
