// Tests of the watched child process: the stall budget, the larger budget before the first sign
// of progress, and how a stalled child is described (the arm64 CI run once lost a worker to
// start-up under load and could only say "killed by signal 9").
#include "subprocess.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>

namespace sable::spec {
namespace {

namespace fs = std::filesystem;

class WatchedProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sable-subprocess-" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `script` under /bin/sh with $P naming the progress file; returns the outcome and the
  // seconds it took.
  std::pair<ProcessOutcome, double> run(const std::string& script, double stall, double startup) {
    const fs::path progress = dir_ / "progress";
    fs::remove(progress);
    auto start = std::chrono::steady_clock::now();
    ProcessOutcome outcome =
        runProcessWatched({"/bin/sh", "-c", "P=" + progress.string() + "; " + script}, dir_ / "log",
                          progress, stall, startup);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return {outcome, seconds};
  }

  fs::path dir_;
};

TEST_F(WatchedProcessTest, ASilentChildIsKilledAfterTheStartupBudgetAndSaysSo) {
  auto [outcome, seconds] = run("sleep 30", 0.2, 0.5);
  EXPECT_TRUE(outcome.stalled);
  EXPECT_FALSE(outcome.succeeded());
  EXPECT_GE(seconds, 0.5);
  EXPECT_LT(seconds, 20);
  EXPECT_NE(outcome.describe().find("no progress"), std::string::npos) << outcome.describe();
}

TEST_F(WatchedProcessTest, SlowStartWithinTheStartupBudgetIsNotAStall) {
  // Silent for 1 s (five stall budgets), then progress, then done.
  auto [outcome, seconds] = run("sleep 1; echo 0 > $P; sleep 0.05; echo 1 > $P", 0.2, 10);
  EXPECT_FALSE(outcome.stalled);
  EXPECT_TRUE(outcome.succeeded()) << outcome.describe();
}

TEST_F(WatchedProcessTest, AfterTheFirstProgressTheStallBudgetApplies) {
  auto [outcome, seconds] = run("echo 0 > $P; sleep 30", 0.3, 25);
  EXPECT_TRUE(outcome.stalled);
  EXPECT_LT(seconds, 20);
}

}  // namespace
}  // namespace sable::spec
