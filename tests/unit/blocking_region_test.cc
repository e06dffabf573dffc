// BlockingRegion: the thread's observer hears of the outermost region only,
// and a thread without one pays nothing but the look.
#include "host/common/blocking_region.h"

#include <gtest/gtest.h>

#include <thread>

namespace odmcp {
namespace {

class CountingObserver : public BlockingObserver {
 public:
  void EnteredBlocking() override { ++entered; }
  void LeftBlocking() override { ++left; }
  int entered = 0;
  int left = 0;
};

TEST(BlockingRegionTest, TheObserverHearsOfTheOutermostRegionOnly) {
  CountingObserver observer;
  BlockingRegion::ObserveThisThread(&observer);
  {
    BlockingRegion outer;
    EXPECT_EQ(observer.entered, 1);
    {
      BlockingRegion inner;
      EXPECT_EQ(observer.entered, 1);
    }
    EXPECT_EQ(observer.left, 0);
  }
  EXPECT_EQ(observer.left, 1);
  { BlockingRegion again; }
  EXPECT_EQ(observer.entered, 2);
  EXPECT_EQ(observer.left, 2);
  BlockingRegion::ObserveThisThread(nullptr);
}

TEST(BlockingRegionTest, AnotherThreadsRegionsAreNotHeard) {
  CountingObserver observer;
  BlockingRegion::ObserveThisThread(&observer);
  std::thread([] { BlockingRegion elsewhere; }).join();
  EXPECT_EQ(observer.entered, 0);
  BlockingRegion::ObserveThisThread(nullptr);
  { BlockingRegion unobserved; }
  EXPECT_EQ(observer.entered, 0);
}

}  // namespace
}  // namespace odmcp
