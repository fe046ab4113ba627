// SPDX-License-Identifier: MIT
// The fuzz targets' main() where libFuzzer is not linked in (g++ builds, the test suite):
// runs every corpus file, then mutates them at random for a few seconds (bit flips, byte
// runs inserted, removed or repeated, splices, tokens from the dictionary). Not coverage
// guided -- scripts/fuzz.sh runs the same targets under clang's libFuzzer for that -- but it
// runs each build's parsers on thousands of malformed inputs. A crash writes the input that
// caused it to crash-<target>.bin (in the working folder) before the process dies; an input
// slower than --slow seconds is a failure too.
//
// Usage: TARGET [--seconds S] [--seed N] [--dict FILE] [--slow S] CORPUS_DIR_OR_FILE...
#include <QByteArray>
#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <random>
#include <unistd.h>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size);

namespace {

constexpr int maxInputBytes = 64 * 1024;
const QByteArray *g_current = nullptr; // the input being run, for the crash handler
char g_crashFile[256] = "crash.bin";

// Only async-signal-safe calls: it runs in the crash handler.
void saveInput()
{
    if (g_current) {
        const int fd = ::open(g_crashFile, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            [[maybe_unused]] auto written = ::write(fd, g_current->constData(), g_current->size());
            ::close(fd);
        }
        static const char message[] = "fuzz: crashed; the input is in ";
        [[maybe_unused]] auto a = ::write(2, message, sizeof message - 1);
        [[maybe_unused]] auto b = ::write(2, g_crashFile, strlen(g_crashFile));
        [[maybe_unused]] auto c = ::write(2, "\n", 1);
    }
}

void onCrash(int signal)
{
    // Write the input, then die of the same signal.
    saveInput();
    std::signal(signal, SIG_DFL);
    std::raise(signal);
}

// libFuzzer's dictionary format: one "token" per line (name="token" too), \\ \" \xNN escapes.
std::vector<QByteArray> readDictionary(const QString &path)
{
    std::vector<QByteArray> tokens;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return tokens;
    for (QByteArray line : file.readAll().split('\n')) {
        line = line.trimmed();
        const int open = line.indexOf('"');
        if (line.startsWith('#') || open < 0 || !line.endsWith('"') || line.size() - open < 2)
            continue;
        const QByteArray body = line.mid(open + 1, line.size() - open - 2);
        QByteArray token;
        for (int i = 0; i < body.size(); ++i) {
            if (body[i] == '\\' && i + 1 < body.size()) {
                if (body[i + 1] == 'x' && i + 3 < body.size()) {
                    token += char(body.mid(i + 2, 2).toInt(nullptr, 16));
                    i += 3;
                } else {
                    token += body[++i];
                }
            } else {
                token += body[i];
            }
        }
        tokens.push_back(token);
    }
    return tokens;
}

class Mutator {
public:
    Mutator(std::uint64_t seed, const std::vector<QByteArray> &corpus,
            const std::vector<QByteArray> &dictionary)
        : m_random(seed)
        , m_corpus(corpus)
        , m_dictionary(dictionary)
    {}

    QByteArray next()
    {
        QByteArray input = m_corpus.empty() ? QByteArray() : m_corpus[below(m_corpus.size())];
        const int rounds = 1 + int(below(8));
        for (int round = 0; round < rounds; ++round)
            mutate(input);
        if (input.size() > maxInputBytes)
            input.truncate(maxInputBytes);
        return input;
    }

private:
    std::size_t below(std::size_t n) { return n == 0 ? 0 : std::size_t(m_random() % n); }

    void mutate(QByteArray &input)
    {
        const qsizetype size = input.size();
        const qsizetype at = qsizetype(below(std::size_t(size) + 1));
        switch (below(8)) {
        case 0: // flip a bit
            if (size > 0)
                input[qsizetype(below(std::size_t(size)))] ^= char(1 << below(8));
            break;
        case 1: // an interesting byte
            if (size > 0) {
                static const char bytes[] = {0,   1,   '"', '\\',       '{',       '}',
                                             '[', ']', ',', ':',        '-',       '.',
                                             'e', '0', '9', char(0x7f), char(0xff)};
                input[qsizetype(below(std::size_t(size)))] = bytes[below(sizeof bytes)];
            }
            break;
        case 2: // remove a run
            input.remove(at, qsizetype(below(16)) + 1);
            break;
        case 3: // repeat a run
            if (size > 0)
                input.insert(
                    at, input.mid(qsizetype(below(std::size_t(size))), qsizetype(below(32)) + 1));
            break;
        case 4: // random bytes
            for (std::size_t i = below(8) + 1; i > 0; --i)
                input.insert(at, char(below(256)));
            break;
        case 5: // a dictionary token
        case 6:
            if (!m_dictionary.empty())
                input.insert(at, m_dictionary[below(m_dictionary.size())]);
            break;
        default: // splice with another input
            if (!m_corpus.empty()) {
                const QByteArray &other = m_corpus[below(m_corpus.size())];
                input = input.left(at) + other.mid(qsizetype(below(std::size_t(other.size()) + 1)));
            }
            break;
        }
    }

    std::mt19937_64 m_random;
    const std::vector<QByteArray> &m_corpus;
    const std::vector<QByteArray> &m_dictionary;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QString target = QFileInfo(QCoreApplication::applicationFilePath()).fileName();
    std::snprintf(g_crashFile, sizeof g_crashFile, "crash-%s.bin", qPrintable(target));
    double seconds = 5;
    double slow = 5;
    std::uint64_t seed = 1;
    std::vector<QByteArray> corpus;
    std::vector<QByteArray> dictionary;
    const QStringList args = QCoreApplication::arguments().mid(1);
    for (int i = 0; i < args.size(); ++i) {
        const QString &arg = args[i];
        const bool hasValue = i + 1 < args.size();
        if (arg == QLatin1String("--seconds") && hasValue)
            seconds = args[++i].toDouble();
        else if (arg == QLatin1String("--seed") && hasValue)
            seed = args[++i].toULongLong();
        else if (arg == QLatin1String("--slow") && hasValue)
            slow = args[++i].toDouble();
        else if (arg == QLatin1String("--dict") && hasValue)
            dictionary = readDictionary(args[++i]);
        else if (QFileInfo(arg).isDir()) {
            QDirIterator files(arg, QDir::Files, QDirIterator::Subdirectories);
            while (files.hasNext()) {
                QFile file(files.next());
                if (file.open(QIODevice::ReadOnly))
                    corpus.push_back(file.read(maxInputBytes));
            }
        } else if (QFile file(arg); file.open(QIODevice::ReadOnly)) {
            corpus.push_back(file.read(maxInputBytes));
        } else {
            std::fprintf(stderr, "%s: cannot read %s\n", qPrintable(target), qPrintable(arg));
            return 2;
        }
    }
    for (int signal : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL})
        std::signal(signal, onCrash);

    QElapsedTimer slowest;
    double worst = 0;
    const auto run = [&](const QByteArray &input) {
        g_current = &input;
        slowest.start();
        LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t *>(input.constData()),
                               std::size_t(input.size()));
        const double took = double(slowest.nsecsElapsed()) / 1e9;
        worst = std::max(worst, took);
        if (took > slow) {
            saveInput();
            std::fprintf(stderr, "%s: one input took %.1f s (over --slow %.1f s)\n",
                         qPrintable(target), took, slow);
            std::exit(1);
        }
        g_current = nullptr;
    };
    for (const QByteArray &input : corpus)
        run(input);
    Mutator mutator(seed, corpus, dictionary);
    QElapsedTimer clock;
    clock.start();
    std::int64_t mutated = 0;
    while (double(clock.elapsed()) / 1000 < seconds) {
        run(mutator.next());
        ++mutated;
    }
    std::printf("%s: %zu corpus inputs and %lld mutations in %.1f s (seed %llu), slowest input "
                "%.3f s, no crash\n",
                qPrintable(target), corpus.size(), static_cast<long long>(mutated),
                double(clock.elapsed()) / 1000, static_cast<unsigned long long>(seed), worst);
    return 0;
}
