// SPDX-License-Identifier: MIT
// A loss that blows up but stays finite: found from 11 losses, told in the CLI and figures.
#include "LossGrowth.h"
#include "TestSupport.h"

#include <QtTest>

#include <cmath>

using namespace pelab;
using namespace pelab::test;

namespace {

std::vector<LossPoint> losses(const std::vector<double> &values)
{
    std::vector<LossPoint> points;
    for (std::size_t i = 0; i < values.size(); ++i)
        points.push_back({1, std::int64_t(i + 1), values[i]});
    return points;
}

} // namespace

class TestLossGrowth : public QObject {
    Q_OBJECT
private slots:
    void fallingOrFlatLossIsFine();
    void growthByOrdersOfMagnitudeIsABlowUp();
    void oneNoisyBatchIsNot();
    void tooShortOrNonFiniteSaysNothing();
    void cliWarnsButFinishes();
};

void TestLossGrowth::fallingOrFlatLossIsFine()
{
    std::vector<double> falling;
    for (int i = 0; i < 100; ++i)
        falling.push_back(2.77 * std::exp(-i / 10.0));
    QVERIFY(!lossBlowUp(losses(falling)));
    QVERIFY(!lossBlowUp(losses(std::vector<double>(50, 1.0))));
    // 99-fold is not yet two orders of magnitude.
    std::vector<double> rising(20, 0.5);
    std::fill(rising.begin() + 1, rising.end(), 49.5);
    QVERIFY(!lossBlowUp(losses(rising)));
}

void TestLossGrowth::growthByOrdersOfMagnitudeIsABlowUp()
{
    std::vector<double> values = {0.25};
    for (int i = 1; i < 30; ++i)
        values.push_back(1e12);
    const auto growth = lossBlowUp(losses(values));
    QVERIFY(growth);
    QCOMPARE(growth->factor, 4e12);
    QCOMPARE(growth->firstLoss, 0.25);
    QCOMPARE(growth->latestLoss, 1e12);
    QCOMPARE(growth->step, std::int64_t(30));
    QCOMPARE(lossBlowUpMessage(*growth, 100000),
             QStringLiteral("The loss grew 4e+12-fold (from 0.25 at the first step to 1e+12 by "
                            "step 30) without becoming infinite: training is blowing up, not "
                            "learning. Lower the learning rate (now 100000.0) and start again."));
    QCOMPARE(lossBlowUpLabel(*growth),
             QStringLiteral("Loss grew 4e+12-fold: the learning rate is too high"));
}

void TestLossGrowth::oneNoisyBatchIsNot()
{
    // One batch at 500x among ten: the mean of the latest ten is 50.9x.
    std::vector<double> values(30, 1.0);
    values.back() = 500;
    QVERIFY(!lossBlowUp(losses(values)));
}

void TestLossGrowth::tooShortOrNonFiniteSaysNothing()
{
    QVERIFY(!lossBlowUp(losses({1, 1e9, 1e9, 1e9, 1e9, 1e9, 1e9, 1e9, 1e9})));
    std::vector<double> values(20, 1e9);
    values.front() = 1;
    values.back() = INFINITY; // diverged: the divergence check's business
    QVERIFY(!lossBlowUp(losses(values)));
    values.back() = 1e9;
    values.front() = 0; // nothing to compare with
    QVERIFY(!lossBlowUp(losses(values)));
}

void TestLossGrowth::cliWarnsButFinishes()
{
    // Adam at lr 1e5 on the seed's model: the loss jumps by 13 decades and stays finite. The
    // run completes and writes its files, but exits 3 (its own code: not 0, not diverged).
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("run"));
    const ProcessResult blown = runProcess(
        pelabBinary(), {QStringLiteral("train"), QStringLiteral("--lr"), QStringLiteral("100000"),
                        QStringLiteral("--epochs"), QStringLiteral("5"), QStringLiteral("--quiet"),
                        QStringLiteral("--out"), out});
    QCOMPARE(blown.exitCode, 3);
    QVERIFY(QFileInfo::exists(out + QStringLiteral("/loss.csv")));
    QVERIFY2(blown.err.contains("pelab: warning: The loss grew "), blown.err.constData());
    QVERIFY(blown.err.contains("Lower the learning rate (now 100000.0)"));
    // The notebook's own run says nothing.
    const ProcessResult fine =
        runProcess(pelabBinary(), {QStringLiteral("train"), QStringLiteral("--quiet")});
    QCOMPARE(fine.exitCode, 0);
    QVERIFY2(!fine.err.contains("warning"), fine.err.constData());
}

QTEST_MAIN(TestLossGrowth)
#include "tst_lossgrowth.moc"
