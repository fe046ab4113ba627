// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>
#include <variant>
#include <vector>

namespace pelab {

// A measurement a lesson names: `grad_ratio(post)`, `accuracy_at(learned, 32)`, `ln(16)`.
// Arguments are run ids (words) or numbers.
struct MetricCall {
    QString name;
    std::vector<std::variant<QString, double>> arguments;
    QString text() const; // as written, normalised: "accuracy_at(learned, 32)"
};

// What a lesson's sentences and checks compute: numbers, metric calls, + - * / and
// parentheses, with the usual precedence. Evaluating gives nothing when a metric it uses
// has no value in the run (a run without validation has no val_loss).
class LessonExpression {
public:
    // Parses `text`; on failure returns nothing and sets `error` (what and where).
    static std::optional<LessonExpression> parse(const QString &text, QString *error);

    using Resolver = std::function<std::optional<double>(const MetricCall &)>;
    std::optional<double> evaluate(const Resolver &resolve) const;
    // Every metric call in the expression, in reading order.
    std::vector<MetricCall> calls() const;
    const QString &text() const { return m_text; }

    struct Node;

private:
    std::shared_ptr<const Node> m_root;
    QString m_text;
};

// A comparison a lesson states as its effect: "grad_ratio(post) >= 1000".
struct LessonCheck {
    LessonExpression left;
    QString op; // "<", "<=", ">", ">="
    LessonExpression right;

    static std::optional<LessonCheck> parse(const QString &text, QString *error);
    // Nothing when a side cannot be measured.
    std::optional<bool> holds(const LessonExpression::Resolver &resolve) const;
    QString text() const;
};

} // namespace pelab
