#include "plugins/common/store_resolution.h"

#include <gtest/gtest.h>

#include <vector>

#include "tests/unit/orderdesk_common/contains.h"

namespace odmcp::orderdesk {
namespace {

const std::vector<StoreRecord> kStores = {
    {"1001", "Main Shop", ""},
    {"1002", "Outlet", ""},
    {"1003", "outlet", ""},
};

TEST(OrderDeskStoreResolution, DigitsAreAnId) {
  const StoreRecord* store = nullptr;
  MatchedBy by = MatchedBy::kName;
  ASSERT_TRUE(ResolveStore(kStores, " 1002 ", &store, &by).ok());
  EXPECT_EQ(store, &kStores[1]);
  EXPECT_EQ(by, MatchedBy::kId);
  EXPECT_EQ(MatchedByName(by), "id");
}

TEST(OrderDeskStoreResolution, AnUnregisteredIdIsNotFound) {
  const StoreRecord* store = &kStores[0];
  MatchedBy by;
  Status status = ResolveStore(kStores, "4242", &store, &by);
  EXPECT_EQ(status.code(), ODMCP_NOT_FOUND);
  EXPECT_EQ(store, nullptr);
  EXPECT_TRUE(Contains(status.message(), "4242"));
  EXPECT_TRUE(Contains(status.message(), "stores_list"));
}

TEST(OrderDeskStoreResolution, NamesMatchIgnoringCaseAfterTrimming) {
  const StoreRecord* store = nullptr;
  MatchedBy by = MatchedBy::kId;
  ASSERT_TRUE(ResolveStore(kStores, "  main SHOP\t", &store, &by).ok());
  EXPECT_EQ(store, &kStores[0]);
  EXPECT_EQ(by, MatchedBy::kName);
  EXPECT_EQ(MatchedByName(by), "name");
  // Exact match only: no prefixes or substrings.
  EXPECT_EQ(ResolveStore(kStores, "Main", &store, &by).code(), ODMCP_NOT_FOUND);
}

TEST(OrderDeskStoreResolution, AmbiguousNamesListTheCandidates) {
  const StoreRecord* store = nullptr;
  MatchedBy by;
  Status status = ResolveStore(kStores, "OUTLET", &store, &by);
  EXPECT_EQ(status.code(), ODMCP_INVALID_ARGUMENT);
  EXPECT_EQ(store, nullptr);
  EXPECT_TRUE(Contains(status.message(), "Outlet (1002), outlet (1003)"));
  EXPECT_TRUE(Contains(status.message(), "store id"));
}

TEST(OrderDeskStoreResolution, UnknownAndBlankNames) {
  const StoreRecord* store = nullptr;
  MatchedBy by;
  Status status = ResolveStore(kStores, "Warehouse", &store, &by);
  EXPECT_EQ(status.code(), ODMCP_NOT_FOUND);
  EXPECT_TRUE(Contains(status.message(), "\"Warehouse\""));
  EXPECT_TRUE(Contains(status.message(), "stores_list"));
  EXPECT_EQ(ResolveStore(kStores, "  ", &store, &by).code(), ODMCP_INVALID_ARGUMENT);
  EXPECT_EQ(ResolveStore({}, "Main Shop", &store, &by).code(), ODMCP_NOT_FOUND);
}

TEST(OrderDeskStoreSelection, ArgumentThenSessionThenDefault) {
  Selection selection;
  ASSERT_TRUE(SelectStore(kStores, std::string("1003"), std::string("1002"), std::string("1001"),
                          &selection)
                  .ok());
  EXPECT_EQ(selection.store, &kStores[2]);
  EXPECT_EQ(SelectedByName(selection.selected_by), "argument");

  ASSERT_TRUE(
      SelectStore(kStores, std::nullopt, std::string("1002"), std::string("1001"), &selection).ok());
  EXPECT_EQ(selection.store, &kStores[1]);
  EXPECT_EQ(SelectedByName(selection.selected_by), "session");

  ASSERT_TRUE(SelectStore(kStores, std::nullopt, std::nullopt, std::string("1001"), &selection).ok());
  EXPECT_EQ(selection.store, &kStores[0]);
  EXPECT_EQ(SelectedByName(selection.selected_by), "default");
}

TEST(OrderDeskStoreSelection, ArgumentErrorsAreResolutionErrors) {
  Selection selection;
  EXPECT_EQ(SelectStore(kStores, std::string("outlet"), std::nullopt, std::string("1001"),
                        &selection)
                .code(),
            ODMCP_INVALID_ARGUMENT);
  EXPECT_EQ(selection.store, nullptr);
}

TEST(OrderDeskStoreSelection, StalePointersAreErrors) {
  Selection selection;
  Status active = SelectStore(kStores, std::nullopt, std::string("9"), std::string("1001"), &selection);
  EXPECT_EQ(active.code(), ODMCP_FAILED_PRECONDITION);
  EXPECT_TRUE(Contains(active.message(), "active store is store 9"));
  EXPECT_TRUE(Contains(active.message(), "no longer registered"));
  EXPECT_TRUE(Contains(active.message(), "stores_use"));

  Status fallback = SelectStore(kStores, std::nullopt, std::nullopt, std::string("9"), &selection);
  EXPECT_EQ(fallback.code(), ODMCP_FAILED_PRECONDITION);
  EXPECT_TRUE(Contains(fallback.message(), "default store is store 9"));
  EXPECT_TRUE(Contains(fallback.message(), "stores_set_default"));
}

TEST(OrderDeskStoreSelection, NothingSelectedSaysHowToSelect) {
  Selection selection;
  Status none = SelectStore(kStores, std::nullopt, std::nullopt, std::nullopt, &selection);
  EXPECT_EQ(none.code(), ODMCP_FAILED_PRECONDITION);
  EXPECT_TRUE(Contains(none.message(), "`store`"));
  EXPECT_TRUE(Contains(none.message(), "stores_use"));
  EXPECT_TRUE(Contains(none.message(), "stores_set_default"));

  Status empty = SelectStore({}, std::nullopt, std::nullopt, std::nullopt, &selection);
  EXPECT_EQ(empty.code(), ODMCP_FAILED_PRECONDITION);
  EXPECT_TRUE(Contains(empty.message(), "stores_register"));
}

}  // namespace
}  // namespace odmcp::orderdesk
