// SPDX-License-Identifier: MIT
#pragma once

#include "TrainingConfig.h"

#include <QJsonValue>
#include <QStringList>

#include <functional>
#include <optional>
#include <vector>

namespace pelab {

// Where a field sits in config.json (version 2) and in the window's settings.
enum class ConfigSection { Data, Model, Optimizer, Run };
QString sectionKey(ConfigSection section); // "data", "model", "optimizer", "run"

enum class FieldKind {
    Integer,     // a whole number in [minimum, maximum]
    Real,        // a finite number in [minimum, maximum] (exclusive ends as flagged)
    Bool,        // a switch; its flag sets `flagSets`
    Choice,      // one of `choices`
    IntegerList, // whole numbers, each in [minimum, maximum], comma-separated on the CLI
};

// One hyperparameter, declared once: the CLI flag and its help, the config.json key, the
// validation range, the window's editor and tooltip, and whether it may change mid-run all
// come from here.
struct FieldSpec {
    const char *key;  // config.json key and the name in messages: "seq_len"
    const char *flag; // "--seq-len"; for Bool the flag that sets `flagSets`
    ConfigSection section;
    const char *group; // the window's group: "Task and data", "Model", "Encoding", ...
    FieldKind kind;
    const char *help; // one line, shown by --help and as the editor's tooltip
    double minimum = 0;
    double maximum = 0;
    bool minimumExclusive = false;
    bool maximumExclusive = false;
    QStringList choices;   // Choice only
    bool flagSets = true;  // Bool only: the value its flag gives
    bool nullable = false; // null means "PyTorch's default" (weight_decay)
    bool live = false;     // may change during a run (applies from the next step)
    // The field matters for this config (e.g. momentum only for SGD), and if not, why.
    std::function<bool(const TrainingConfig &)> applies;
    const char *appliesWhen = ""; // "SGD only"

    std::function<QJsonValue(const TrainingConfig &)> get;
    std::function<void(TrainingConfig &, const QJsonValue &)> set; // value already checked

    // "a whole number from 1 to 4096", "one of adam, adamw, sgd": what is allowed.
    QString allowed() const;
    // Checks a JSON value's type and range; empty when it can be set. Range problems come
    // back as a ConfigIssue so every input path words them the same way.
    std::optional<ConfigIssue> check(const QJsonValue &value) const;
    // Parses command-line text into a value of this field's kind (not range-checked).
    std::optional<QJsonValue> parse(const QString &text, QString *error) const;
    // The value as the CLI writes it: "0.01", "16,32", "adamw".
    QString format(const QJsonValue &value) const;
    QString metavar() const; // "N", "X", "NAME", "LIST"
};

// The groups fields belong to, in the order --help and the window show them.
QStringList configGroups();
// Every field, in the order of config.json, and within a group of --help and the window.
const std::vector<FieldSpec> &configFields();
const FieldSpec *findField(const QString &key);
const FieldSpec *findFieldByFlag(const QString &flag);

// The flags that give `config` from the defaults: what reproduce.py and the spec's family.py
// take ("--layers", "2", "--causal", ...). Only fields that differ from the default appear.
QStringList trainFlags(const TrainingConfig &config);
// Fields whose values differ between two configs (keys).
QStringList changedFields(const TrainingConfig &a, const TrainingConfig &b);

} // namespace pelab
