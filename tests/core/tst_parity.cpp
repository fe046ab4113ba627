// SPDX-License-Identifier: MIT
// TrainingSession against PyTorch running resources/python/pelab_family.py --batch (one
// process for every case): every step's loss, the printed lines, the validation and held-out
// figures and the final parameters and buffers must be identical, bit for bit; the gradient
// norms equal to 1e-9 (PE Lab sums them in another order).
#include "CoreTestSupport.h"
#include "PythonFloat.h"
#include "TestSupport.h"
#include "TrainingSession.h"
#include "config/ConfigFields.h"
#include "export/SpecDump.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <cmath>
#include <thread>

using namespace pelab;

namespace {

struct ParityCase {
    QString name;
    QStringList flags; // `pelab train`'s
    bool seedFastPath; // the seed's shape, trained on the hand-written fast path
};

// Small transformer runs: 100 samples in batches of 32 (a short last batch of 4), 2 epochs.
const QStringList small{"--samples", "100", "--batch-size", "32", "--epochs", "2"};

QList<ParityCase> transformerCases()
{
    const QList<std::pair<QString, QStringList>> cases{
        // every encoding x every norm, residual off on several
        {"learned pre, reverse, 2 layers, validation every 3 steps, eval lengths",
         {"--layers", "2", "--width", "8", "--heads", "2", "--task", "reverse", "--val-samples",
          "64", "--eval-every", "3", "--eval-lengths", "12,16"}},
        {"learned post, no residual, sort",
         {"--layers", "1", "--width", "8", "--norm", "post", "--no-residual", "--task", "sort",
          "--seed", "3"}},
        {"learned none, count, causal, validation at epoch ends",
         {"--layers", "1", "--width", "8", "--norm", "none", "--task", "count", "--causal",
          "--val-samples", "64", "--eval-lengths", "12"}},
        {"sinusoidal pre, sort, adamw default decay, eval length",
         {"--layers", "1", "--width", "8", "--encoding", "sinusoidal", "--task", "sort",
          "--optimizer", "adamw", "--eval-lengths", "12"}},
        {"sinusoidal post, markov, causal, vocab 5",
         {"--layers", "2", "--width", "8", "--heads", "2", "--encoding", "sinusoidal", "--norm",
          "post", "--task", "markov", "--causal", "--vocab", "5", "--seq-len", "12"}},
        {"sinusoidal none, no residual, dropout, position-signal",
         {"--layers", "1", "--width", "8", "--encoding", "sinusoidal", "--norm", "none",
          "--no-residual", "--dropout", "0.1", "--task", "position-signal", "--eval-lengths",
          "12"}},
        {"none pre, count, sgd",
         {"--layers", "1", "--width", "8", "--encoding", "none", "--task", "count", "--optimizer",
          "sgd", "--lr", "0.05"}},
        {"none post, no residual, shift 3, causal",
         {"--layers", "1", "--width", "8", "--heads", "2", "--encoding", "none", "--norm", "post",
          "--no-residual", "--task", "shift", "--shift", "3", "--causal"}},
        {"none none, zeros, width 8",
         {"--layers", "1", "--width", "8", "--encoding", "none", "--norm", "none", "--seed", "7"}},
        {"rope pre, shift, causal, dropout, validation, eval lengths",
         {"--layers", "2", "--width", "8", "--heads", "2", "--encoding", "rope", "--causal",
          "--task", "shift", "--dropout", "0.1", "--val-samples", "64", "--eval-lengths", "12,16"}},
        {"rope post, reverse, no MLP, 4 heads",
         {"--layers", "2", "--width", "8", "--heads", "4", "--encoding", "rope", "--norm", "post",
          "--mlp-ratio", "0", "--task", "reverse"}},
        {"rope none, no residual, markov, causal",
         {"--layers", "1", "--width", "8", "--encoding", "rope", "--norm", "none", "--no-residual",
          "--task", "markov", "--causal", "--eval-lengths", "12"}},
        {"alibi pre, 3 heads, markov, causal, validation every 5 steps, eval lengths",
         {"--layers", "1", "--width", "12", "--heads", "3", "--encoding", "alibi", "--causal",
          "--task", "markov", "--val-samples", "64", "--eval-every", "5", "--eval-lengths",
          "12,16"}},
        {"alibi post, no residual, dropout, qk-gain 2, sort, adamw",
         {"--layers", "1", "--width", "12", "--heads", "3", "--encoding", "alibi", "--norm", "post",
          "--no-residual", "--dropout", "0.1", "--qk-gain", "2", "--task", "sort", "--optimizer",
          "adamw"}},
        {"alibi none, 5 heads, reverse, eval length",
         {"--layers", "1", "--width", "10", "--heads", "5", "--encoding", "alibi", "--norm", "none",
          "--task", "reverse", "--eval-lengths", "12"}},
        {"alibi pre, 6 heads, position-signal",
         {"--layers", "1", "--width", "12", "--heads", "6", "--encoding", "alibi", "--task",
          "position-signal"}},
        // optimizers with and without weight decay
        {"adam weight decay, sort",
         {"--layers", "1", "--width", "8", "--task", "sort", "--weight-decay", "0.01"}},
        {"adamw weight decay 0.1, reverse",
         {"--layers", "1", "--width", "8", "--task", "reverse", "--optimizer", "adamw",
          "--weight-decay", "0.1"}},
        {"sgd no momentum, weight decay, count",
         {"--layers", "1", "--width", "8", "--task", "count", "--optimizer", "sgd", "--momentum",
          "0", "--lr", "0.1", "--weight-decay", "0.01"}},
        {"sgd momentum 0.5, weight decay, zeros",
         {"--layers", "1", "--width", "8", "--optimizer", "sgd", "--momentum", "0.5",
          "--weight-decay", "0.001"}},
        // other shapes
        {"width 16 regression, no layers, pe-init-std 0.5, no shuffle",
         {"--width", "16", "--task", "position-signal", "--pe-init-std", "0.5", "--no-shuffle",
          "--eval-lengths", "12"}},
        {"width 8 tokens, no layers, sinusoidal, reverse",
         {"--width", "8", "--encoding", "sinusoidal", "--task", "reverse"}},
        // Blowing up: Adam's exp_avg_sq of the table overflows at step 2, the loss finite.
        {"norm none, lr 100: optimizer state overflows",
         {"--layers", "1", "--width", "8", "--heads", "2", "--norm", "none", "--task",
          "position-signal", "--lr", "100"}},
    };
    QList<ParityCase> out;
    for (const auto &[name, flags] : cases)
        out.append({name, small + flags, false});
    out.append({"qk-gain 0.5, dropout 0.2, no shuffle, shift, 96 samples in 16s, 3 epochs",
                {"--samples", "96",       "--batch-size", "16",  "--epochs",     "3",
                 "--layers",  "1",        "--width",      "8",   "--heads",      "2",
                 "--qk-gain", "0.5",      "--dropout",    "0.2", "--no-shuffle", "--task",
                 "shift",     "--causal", "--seed",       "11"},
                false});
    // Every encoding x norm x residual, on one small 1-layer reverse configuration each.
    for (const char *encoding : {"learned", "sinusoidal", "none", "rope", "alibi"})
        for (const char *norm : {"pre", "post", "none"})
            for (const bool residual : {true, false}) {
                QStringList flags{"--samples", "48",      "--batch-size", "16",
                                  "--epochs",  "1",       "--layers",     "1",
                                  "--width",   "8",       "--heads",      "2",
                                  "--task",    "reverse", "--encoding",   encoding,
                                  "--norm",    norm,      "--mlp-ratio",  "2"};
                if (!residual)
                    flags << "--no-residual";
                out.append({QStringLiteral("grid: %1, norm %2, residual %3")
                                .arg(encoding, norm, residual ? "on" : "off"),
                            flags, false});
            }
    return out;
}

// The seed's shape for 3 seeds x the settings that change its fast path: a short last batch,
// no shuffling, each optimizer with and without weight decay, the position-signal task,
// sequences long enough for ATen's vectorised kernels (>= 16 elements), a larger learning
// rate, held-out sets (a position table longer than seq_len).
QList<ParityCase> seedCases()
{
    const QList<std::pair<QString, QStringList>> variants{
        {"seed notebook", {}},
        {"batch 30 (short last batch)", {"--batch-size", "30"}},
        {"no shuffle", {"--no-shuffle"}},
        {"adam weight decay", {"--weight-decay", "0.01"}},
        {"adamw", {"--optimizer", "adamw"}},
        {"sgd", {"--optimizer", "sgd"}},
        {"sgd weight decay", {"--optimizer", "sgd", "--weight-decay", "0.01"}},
        {"position-signal", {"--task", "position-signal", "--epochs", "4"}},
        {"long sequences, sgd, no shuffle",
         {"--seq-len", "33", "--samples", "257", "--batch-size", "64", "--optimizer", "sgd",
          "--momentum", "0.5", "--no-shuffle"}},
        {"long sequences, adamw, position-signal",
         {"--seq-len", "48", "--samples", "300", "--batch-size", "17", "--optimizer", "adamw",
          "--weight-decay", "0.05", "--task", "position-signal"}},
        {"lr 0.1, batch larger than samples",
         {"--lr", "0.1", "--samples", "50", "--batch-size", "64", "--epochs", "20"}},
        {"validation every 10 steps, eval lengths 16,32",
         {"--val-samples", "64", "--eval-every", "10", "--eval-lengths", "16,32"}},
        // The head's exp_avg_sq overflows at step 2; the loss stays finite (about 1e25).
        {"lr 1e7: optimizer state overflows", {"--lr", "10000000", "--epochs", "1"}},
    };
    QList<ParityCase> out;
    for (const char *seed : {"0", "1", "1234567"})
        for (const auto &[name, flags] : variants)
            out.append({QStringLiteral("seed %1, %2").arg(seed, name),
                        QStringList{"--seed", seed} + flags, true});
    out.append({"seed 42, 100 epochs", {"--seed", "42", "--epochs", "100"}, true});
    out.append({"seed shape, position-signal, eval lengths 12,20",
                {"--task", "position-signal", "--eval-lengths", "12,20", "--seed", "5"},
                true});
    return out;
}

QString repr(double value)
{
    return formatPythonFloat(value);
}

// A float as Python's json.dumps writes it.
QString pyJson(double value)
{
    return QString::fromStdString(jsonFloat(value));
}

// One evaluation as the batch writes it: {"step" or "length": int, figures as repr strings}.
QJsonObject evaluationJson(const char *key, std::int64_t at, const Evaluation &e)
{
    QJsonObject object{{QLatin1String(key), double(at)}, {QStringLiteral("loss"), repr(e.loss)}};
    if (e.accuracy)
        object[QStringLiteral("accuracy")] = repr(*e.accuracy);
    if (e.accuracyNewPositions)
        object[QStringLiteral("accuracy_new_positions")] = repr(*e.accuracyNewPositions);
    return object;
}

// What a run gave, ours or PyTorch's, in the batch's terms.
struct Trace {
    QString error;
    QStringList losses;
    QStringList lines;
    QJsonArray validation;
    QJsonArray extrapolation;
    QStringList stateNames;               // ours: stateDict() order
    QStringList parameters;               // theirs: named_parameters() order
    QStringList buffers;                  // theirs: named_buffers() order
    QHash<QString, QStringList> values;   // flattened, as repr strings
    QList<QStringList> gradGroups;        // per step
    QList<std::vector<double>> gradNorms; // per step, in gradGroups' order
    QString optimizerOverflow;            // "step parameter state", or empty
    bool seedFastPath = false;
};

QString overflowText(std::int64_t step, const QString &parameter, const QString &state)
{
    return QStringLiteral("%1 %2 %3").arg(step).arg(parameter, state);
}

Trace trainInPelab(const TrainingConfig &config,
                   TrainingSession::Optimizers optimizers = TrainingSession::Optimizers::Auto)
{
    TrainingSession session(config, optimizers);
    Trace trace;
    trace.seedFastPath = session.usesSeedFastPath();
    while (!session.isFinished()) {
        const StepResult step = session.step();
        trace.losses << repr(step.loss);
        trace.gradGroups << session.gradGroups();
        trace.gradNorms << step.gradNorms;
        if (const auto &o = step.optimizerOverflow)
            trace.optimizerOverflow = overflowText(o->step, o->parameter, o->state);
        if (step.validation)
            trace.validation.append(
                evaluationJson("step", step.validation->step, *step.validation));
        if (step.epochEnded)
            trace.lines
                << QStringLiteral("Epoch %1, Loss: %2").arg(step.epoch).arg(pyJson(step.loss));
    }
    for (const Evaluation &e : session.extrapolate()) {
        trace.extrapolation.append(evaluationJson("length", e.length, e));
        QString line =
            QStringLiteral("{\"length\": %1, \"loss\": %2").arg(e.length).arg(pyJson(e.loss));
        if (e.accuracy)
            line += QStringLiteral(", \"accuracy\": ") + pyJson(*e.accuracy);
        if (e.accuracyNewPositions)
            line +=
                QStringLiteral(", \"accuracy_new_positions\": ") + pyJson(*e.accuracyNewPositions);
        trace.lines << line + QLatin1Char('}');
    }
    for (const NamedArray &entry : session.stateDict()) {
        QStringList values;
        values.reserve(qsizetype(entry.array.values.size()));
        for (double v : entry.array.values)
            values << repr(v);
        trace.stateNames << entry.name;
        trace.values.insert(entry.name, values);
    }
    return trace;
}

// json.dump keeps a dict's order, which QJsonObject (a sorted map) loses: per element of the
// top-level array, the keys of each object-valued member ("parameters", "buffers"), in order.
QList<QHash<QString, QStringList>> memberKeyOrders(const QByteArray &json)
{
    struct Frame {
        char kind;
        QString key; // the member this container is the value of
        bool expectKey;
    };
    QList<QHash<QString, QStringList>> orders;
    std::vector<Frame> stack;
    QString lastKey;
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (c == '"') {
            qsizetype end = i + 1;
            while (end < json.size() && json[end] != '"')
                end += json[end] == '\\' ? 2 : 1;
            if (!stack.empty() && stack.back().kind == '{' && stack.back().expectKey) {
                stack.back().expectKey = false;
                lastKey = QString::fromUtf8(json.mid(i + 1, end - i - 1));
                if (stack.size() == 3)
                    orders.last()[stack.back().key] << lastKey;
            }
            i = end;
        } else if (c == '{' || c == '[') {
            const bool member = !stack.empty() && stack.back().kind == '{';
            stack.push_back({c, member ? lastKey : QString(), c == '{'});
            if (stack.size() == 2)
                orders.append(QHash<QString, QStringList>());
        } else if ((c == '}' || c == ']') && !stack.empty()) {
            stack.pop_back();
        } else if (c == ',' && !stack.empty() && stack.back().kind == '{') {
            stack.back().expectKey = true;
        }
    }
    return orders;
}

QStringList strings(const QJsonValue &array)
{
    QStringList out;
    for (const QJsonValue &v : array.toArray())
        out << v.toString();
    return out;
}

// Runs every argument list in one `pelab_family.py --batch` (importing torch once).
QList<Trace> trainInPyTorch(const QList<QStringList> &argumentLists, QString *error)
{
    QJsonArray input;
    for (const QStringList &arguments : argumentLists)
        input.append(QJsonArray::fromStringList(arguments));
    const auto result = test::runProcess(
        test::torchPython(),
        {test::sourcePath("resources/python/pelab_family.py"), QStringLiteral("--batch")},
        QJsonDocument(input).toJson(QJsonDocument::Compact));
    QList<Trace> traces;
    if (result.exitCode != 0) {
        *error = QStringLiteral("pelab_family.py --batch failed: ") + QString::fromUtf8(result.err);
        return traces;
    }
    const QList<QHash<QString, QStringList>> orders = memberKeyOrders(result.out);
    const QJsonArray runs = QJsonDocument::fromJson(result.out).array();
    if (runs.size() != argumentLists.size() || orders.size() != runs.size()) {
        *error = QStringLiteral("pelab_family.py --batch gave %1 results for %2 runs")
                     .arg(runs.size())
                     .arg(argumentLists.size());
        return traces;
    }
    for (qsizetype i = 0; i < runs.size(); ++i) {
        const QJsonObject run = runs[i].toObject();
        Trace trace;
        trace.error = run[QStringLiteral("error")].toString();
        trace.losses = strings(run[QStringLiteral("losses")]);
        trace.lines = strings(run[QStringLiteral("lines")]);
        trace.validation = run[QStringLiteral("validation")].toArray();
        trace.extrapolation = run[QStringLiteral("extrapolation")].toArray();
        trace.parameters = orders[i].value(QStringLiteral("parameters"));
        trace.buffers = orders[i].value(QStringLiteral("buffers"));
        for (const char *kind : {"parameters", "buffers"}) {
            const QJsonObject named = run[QLatin1String(kind)].toObject();
            for (auto it = named.begin(); it != named.end(); ++it)
                trace.values.insert(it.key(), strings(it.value()));
        }
        for (const QJsonValue &step : run[QStringLiteral("grad_norms")].toArray()) {
            QStringList groups;
            std::vector<double> norms;
            for (const QJsonValue &group : step.toArray()) {
                groups << group[0].toString();
                norms.push_back(group[1].toString().toDouble());
            }
            trace.gradGroups << groups;
            trace.gradNorms << norms;
        }
        if (const QJsonValue o = run[QStringLiteral("optimizer_overflow")]; o.isObject())
            trace.optimizerOverflow = overflowText(o[QStringLiteral("step")].toInteger(),
                                                   o[QStringLiteral("parameter")].toString(),
                                                   o[QStringLiteral("state")].toString());
        traces << trace;
    }
    return traces;
}

// PyTorch's state_dict() order from named_parameters() and named_buffers(): per module in
// pre-order, its own parameters, its own buffers, then its children (in the order they first
// appear).
QStringList stateDictOrder(const QStringList &parameters, const QStringList &buffers)
{
    struct Module {
        QStringList parameters, buffers, children;
    };
    QHash<QString, Module> modules{{QString(), {}}};
    const auto parentOf = [](const QString &path) {
        const qsizetype dot = path.lastIndexOf(QLatin1Char('.'));
        return dot < 0 ? QString() : path.left(dot);
    };
    const std::function<void(const QString &)> ensure = [&](const QString &path) {
        if (modules.contains(path))
            return;
        ensure(parentOf(path));
        modules.insert(path, {});
        modules[parentOf(path)].children << path;
    };
    for (const QString &name : parameters) {
        ensure(parentOf(name));
        modules[parentOf(name)].parameters << name;
    }
    for (const QString &name : buffers) {
        ensure(parentOf(name));
        modules[parentOf(name)].buffers << name;
    }
    QStringList order;
    const std::function<void(const QString &)> visit = [&](const QString &path) {
        const Module module = modules.value(path);
        order << module.parameters << module.buffers;
        for (const QString &child : module.children)
            visit(child);
    };
    visit(QString());
    return order;
}

QString compact(const QJsonValue &value)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact))
        .mid(1)
        .chopped(1);
}

// The first difference in a list of per-step or per-entry figures, described.
template <typename List, typename Show>
QString firstDifference(const char *what, const List &ours, const List &theirs, Show show)
{
    if (ours.size() != theirs.size())
        return QStringLiteral("%1: pelab has %2, PyTorch %3")
            .arg(QLatin1String(what))
            .arg(ours.size())
            .arg(theirs.size());
    qsizetype differing = 0;
    qsizetype first = -1;
    for (qsizetype i = 0; i < ours.size(); ++i)
        if (!(ours[i] == theirs[i])) {
            ++differing;
            if (first < 0)
                first = i;
        }
    if (first < 0)
        return {};
    return QStringLiteral("%1 [%2] (%3 of %4 differ): pelab %5, PyTorch %6")
        .arg(QLatin1String(what))
        .arg(first)
        .arg(differing)
        .arg(ours.size())
        .arg(show(ours[first]), show(theirs[first]));
}

// Every way `ours` differs from PyTorch's `theirs`, one line each (empty: identical).
QStringList differences(const Trace &ours, const Trace &theirs)
{
    if (!theirs.error.isEmpty())
        return {QStringLiteral("PyTorch: ") + theirs.error};
    QStringList problems;
    const auto text = [](const QString &s) { return s; };
    const auto json = [](const QJsonValue &v) { return compact(v); };
    problems << firstDifference("loss at step", ours.losses, theirs.losses, text);
    problems << firstDifference("printed line", ours.lines, theirs.lines, text);
    problems << firstDifference("validation", ours.validation, theirs.validation, json);
    problems << firstDifference("extrapolation", ours.extrapolation, theirs.extrapolation, json);
    if (ours.optimizerOverflow != theirs.optimizerOverflow)
        problems << QStringLiteral("optimizer state overflow: pelab \"%1\", PyTorch \"%2\"")
                        .arg(ours.optimizerOverflow, theirs.optimizerOverflow);

    // Parameters and buffers: the same names, in state_dict() order, with the same values.
    const QStringList expectedOrder = stateDictOrder(theirs.parameters, theirs.buffers);
    const QSet<QString> ourNames(ours.stateNames.begin(), ours.stateNames.end());
    const QSet<QString> theirNames(expectedOrder.begin(), expectedOrder.end());
    if (ourNames != theirNames || ourNames.size() != ours.stateNames.size()) {
        problems << QStringLiteral("state names: pelab only {%1}, PyTorch only {%2}, pelab %3")
                        .arg(QStringList((ourNames - theirNames).values()).join(", "),
                             QStringList((theirNames - ourNames).values()).join(", "),
                             ours.stateNames.join(", "));
    } else if (ours.stateNames != expectedOrder) {
        problems << QStringLiteral("state_dict order: pelab %1, PyTorch %2")
                        .arg(ours.stateNames.join(", "), expectedOrder.join(", "));
    }
    for (const QString &name : expectedOrder)
        if (ourNames.contains(name))
            problems << firstDifference(qPrintable(name), ours.values[name], theirs.values[name],
                                        text);

    // Gradient norms: the same groups, equal to a relative 1e-9.
    if (ours.gradGroups != theirs.gradGroups) {
        problems << QStringLiteral("grad groups: pelab %1, PyTorch %2")
                        .arg(ours.gradGroups.value(0).join(", "),
                             theirs.gradGroups.value(0).join(", "));
    } else {
        for (qsizetype step = 0; step < ours.gradNorms.size(); ++step) {
            const std::vector<double> &a = ours.gradNorms[step];
            const std::vector<double> &b = theirs.gradNorms[step];
            bool same = a.size() == b.size();
            for (std::size_t g = 0; same && g < a.size(); ++g)
                same = a[g] == b[g] || (std::isnan(a[g]) && std::isnan(b[g])) ||
                       std::abs(a[g] - b[g]) <= 1e-9 * std::max(std::abs(a[g]), std::abs(b[g]));
            if (!same) {
                QStringList pairs;
                for (std::size_t g = 0; g < std::min(a.size(), b.size()); ++g)
                    pairs << QStringLiteral("%1 %2/%3")
                                 .arg(ours.gradGroups[step][qsizetype(g)], repr(a[g]), repr(b[g]));
                problems << QStringLiteral("grad norms at step %1 (pelab/PyTorch): %2")
                                .arg(step)
                                .arg(pairs.join(", "));
                break;
            }
        }
    }
    problems.removeAll(QString());
    return problems;
}

// Two of our own runs: identical in everything, gradient norms included.
QStringList ownDifferences(const Trace &a, const Trace &b)
{
    QStringList problems;
    if (a.losses != b.losses)
        problems << QStringLiteral("losses");
    if (a.lines != b.lines || a.validation != b.validation || a.extrapolation != b.extrapolation)
        problems << QStringLiteral("evaluations");
    if (a.stateNames != b.stateNames || a.values != b.values)
        problems << QStringLiteral("parameters");
    if (a.gradGroups != b.gradGroups || a.gradNorms != b.gradNorms)
        problems << QStringLiteral("grad norms");
    if (a.optimizerOverflow != b.optimizerOverflow)
        problems << QStringLiteral("optimizer overflow");
    return problems;
}

} // namespace

class TestParity : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void matchesPyTorch_data();
    void matchesPyTorch();
    void simultaneousRunsShareNoState();

private:
    QList<ParityCase> m_cases;
    QList<TrainingConfig> m_configs;
    QList<Trace> m_reference;
    QString m_noPython;
};

void TestParity::initTestCase()
{
    setTorchThreads(1);
    qInfo("fast optimizer loops verified on this machine: %s",
          fastOptimizersVerified() ? "yes" : "no (runs use ATen's ops)");
    m_cases = transformerCases() + seedCases();
    QList<QStringList> argumentLists;
    for (const ParityCase &c : m_cases) {
        const TrainingConfig config = test::configFromFlags(c.flags);
        QCOMPARE(config.threads, std::int64_t(1));
        // What the batch gets is what reproduce.py gets: the flags of the config.
        const QStringList flags = trainFlags(config);
        QVERIFY2(test::configFromFlags(flags) == config, qPrintable(c.name));
        m_configs << config;
        argumentLists << flags;
    }
    const auto torch = test::runProcess(test::torchPython(), {"-c", "import torch"});
    if (torch.exitCode != 0) {
        m_noPython = test::torchPython() + " cannot import torch: " + QString::fromUtf8(torch.err);
        return;
    }
    QElapsedTimer timer;
    timer.start();
    QString error;
    m_reference = trainInPyTorch(argumentLists, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    qInfo("PyTorch ran %d cases in %.1f s", int(m_cases.size()), timer.elapsed() / 1000.0);
}

void TestParity::matchesPyTorch_data()
{
    QTest::addColumn<int>("index");
    for (int i = 0; i < m_cases.size(); ++i)
        QTest::newRow(qPrintable(m_cases[i].name)) << i;
}

void TestParity::matchesPyTorch()
{
    QFETCH(int, index);
    if (!m_noPython.isEmpty())
        QSKIP(qPrintable(m_noPython));
    const TrainingConfig &config = m_configs[index];
    const Trace &reference = m_reference[index];
    // The fast optimizer loops (when this machine verified them), then ATen's ops.
    for (const auto optimizers :
         {TrainingSession::Optimizers::Auto, TrainingSession::Optimizers::Reference}) {
        const Trace ours = trainInPelab(config, optimizers);
        QCOMPARE(ours.seedFastPath, m_cases[index].seedFastPath);
        const QStringList problems = differences(ours, reference);
        QVERIFY2(problems.isEmpty(),
                 qPrintable(QStringLiteral("%1 optimizers, flags %2:\n  %3")
                                .arg(optimizers == TrainingSession::Optimizers::Auto ? "auto"
                                                                                     : "reference")
                                .arg(trainFlags(config).join(' '), problems.join("\n  "))));
    }
    // The reference measured what the config asks for, so nothing above compared empty lists.
    QCOMPARE(reference.losses.size(), qsizetype(config.totalSteps()));
    QCOMPARE(reference.gradNorms.size(), reference.losses.size());
    QCOMPARE(reference.validation.isEmpty(), config.valSamples == 0);
    QCOMPARE(reference.extrapolation.size(), qsizetype(config.evalLengths.size()));
    QCOMPARE(reference.values.size(), reference.parameters.size() + reference.buffers.size());
    QVERIFY(!reference.parameters.isEmpty());
    // The blow-up cases overflow (so the comparison above saw one), and no other case does.
    QCOMPARE(!reference.optimizerOverflow.isEmpty(), m_cases[index].name.contains("overflows"));
}

void TestParity::simultaneousRunsShareNoState()
{
    // The seed's fast path and a transformer with dropout (masks from the session's
    // generator), each twice at once: the same numbers as alone.
    const QList<TrainingConfig> configs{
        test::configFromFlags({"--seed", "3", "--epochs", "5"}),
        test::configFromFlags(small + QStringList{"--layers", "2", "--width", "8", "--heads", "2",
                                                  "--encoding", "rope", "--causal", "--task",
                                                  "shift", "--dropout", "0.1", "--val-samples",
                                                  "64", "--eval-lengths", "12"})};
    QList<Trace> alone;
    for (const TrainingConfig &config : configs)
        alone << trainInPelab(config);
    std::vector<Trace> together(2 * std::size_t(configs.size()));
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < together.size(); ++i)
        threads.emplace_back([&, i] {
            setTorchThreads(1);
            together[i] = trainInPelab(configs[qsizetype(i / 2)]);
        });
    for (std::thread &thread : threads)
        thread.join();
    for (std::size_t i = 0; i < together.size(); ++i) {
        const QStringList problems = ownDifferences(together[i], alone[qsizetype(i / 2)]);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(", ")));
    }
}

QTEST_GUILESS_MAIN(TestParity)
#include "tst_parity.moc"
