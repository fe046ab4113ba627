// SPDX-License-Identifier: MIT
#include "LessonExpression.h"

namespace pelab {

struct LessonExpression::Node {
    enum class Kind { Number, Call, Negate, Binary } kind = Kind::Number;
    double number = 0;
    MetricCall call;
    QChar op;
    std::shared_ptr<const Node> left, right;
};

QString MetricCall::text() const
{
    QStringList parts;
    for (const auto &argument : arguments)
        parts << (std::holds_alternative<QString>(argument)
                      ? std::get<QString>(argument)
                      : QString::number(std::get<double>(argument), 'g', 17));
    return name + QLatin1Char('(') + parts.join(QStringLiteral(", ")) + QLatin1Char(')');
}

namespace {

using Node = LessonExpression::Node;
using NodePtr = std::shared_ptr<const Node>;

// Recursive descent over: sum := product (('+'|'-') product)*; product := unary (('*'|'/')
// unary)*; unary := '-' unary | atom; atom := number | name '(' arguments ')' | '(' sum ')'.
class Parser {
public:
    explicit Parser(const QString &text)
        : m_text(text)
    {}

    NodePtr parseAll(QString *error)
    {
        NodePtr node = sum();
        skipSpace();
        if (m_error.isEmpty() && m_at < m_text.size())
            fail(QStringLiteral("unexpected \"%1\"").arg(m_text.mid(m_at, 1)));
        if (!m_error.isEmpty()) {
            *error = QStringLiteral("%1 at character %2 of \"%3\"")
                         .arg(m_error)
                         .arg(m_errorAt + 1)
                         .arg(m_text);
            return nullptr;
        }
        return node;
    }

private:
    void skipSpace()
    {
        while (m_at < m_text.size() && m_text[m_at].isSpace())
            ++m_at;
    }
    bool take(QChar c)
    {
        skipSpace();
        if (m_at < m_text.size() && m_text[m_at] == c) {
            ++m_at;
            return true;
        }
        return false;
    }
    NodePtr fail(const QString &message)
    {
        if (m_error.isEmpty()) {
            m_error = message;
            m_errorAt = m_at;
        }
        return nullptr;
    }
    static NodePtr binary(QChar op, NodePtr left, NodePtr right)
    {
        auto node = std::make_shared<Node>();
        node->kind = Node::Kind::Binary;
        node->op = op;
        node->left = std::move(left);
        node->right = std::move(right);
        return node;
    }

    NodePtr sum()
    {
        NodePtr node = product();
        while (node) {
            if (take(QLatin1Char('+')))
                node = binary(QLatin1Char('+'), node, product());
            else if (take(QLatin1Char('-')))
                node = binary(QLatin1Char('-'), node, product());
            else
                break;
            if (!node->right)
                return nullptr;
        }
        return node;
    }
    NodePtr product()
    {
        NodePtr node = unary();
        while (node) {
            if (take(QLatin1Char('*')))
                node = binary(QLatin1Char('*'), node, unary());
            else if (take(QLatin1Char('/')))
                node = binary(QLatin1Char('/'), node, unary());
            else
                break;
            if (!node->right)
                return nullptr;
        }
        return node;
    }
    NodePtr unary()
    {
        if (take(QLatin1Char('-'))) {
            NodePtr operand = unary();
            if (!operand)
                return nullptr;
            auto node = std::make_shared<Node>();
            node->kind = Node::Kind::Negate;
            node->left = operand;
            return node;
        }
        return atom();
    }
    std::optional<double> number()
    {
        skipSpace();
        const qsizetype start = m_at;
        while (m_at < m_text.size() &&
               (m_text[m_at].isDigit() || m_text[m_at] == QLatin1Char('.') ||
                ((m_text[m_at] == QLatin1Char('e') || m_text[m_at] == QLatin1Char('E')) &&
                 m_at > start) ||
                ((m_text[m_at] == QLatin1Char('-') || m_text[m_at] == QLatin1Char('+')) &&
                 m_at > start && m_text[m_at - 1].toLower() == QLatin1Char('e'))))
            ++m_at;
        bool ok = false;
        const double value = m_text.mid(start, m_at - start).toDouble(&ok);
        if (!ok) {
            m_at = start;
            return std::nullopt;
        }
        return value;
    }
    // A name, or with `hyphens` a run id such as "post-ln".
    QString word(bool hyphens = false)
    {
        skipSpace();
        const qsizetype start = m_at;
        while (m_at < m_text.size() &&
               (m_text[m_at].isLetterOrNumber() || m_text[m_at] == QLatin1Char('_') ||
                (hyphens && m_at > start && m_text[m_at] == QLatin1Char('-'))))
            ++m_at;
        return m_text.mid(start, m_at - start);
    }
    NodePtr atom()
    {
        skipSpace();
        if (take(QLatin1Char('('))) {
            NodePtr inner = sum();
            if (inner && !take(QLatin1Char(')')))
                return fail(QStringLiteral("a \")\" is missing"));
            return inner;
        }
        if (m_at < m_text.size() && (m_text[m_at].isDigit() || m_text[m_at] == QLatin1Char('.'))) {
            const auto value = number();
            if (!value)
                return fail(QStringLiteral("not a number"));
            auto node = std::make_shared<Node>();
            node->number = *value;
            return node;
        }
        const QString name = word();
        if (name.isEmpty() || !name[0].isLetter())
            return fail(m_at < m_text.size() ? QStringLiteral("expected a number or a measurement "
                                                              "such as train_loss(run), not \"%1\"")
                                                   .arg(m_text.mid(m_at, 1))
                                             : QStringLiteral("the expression ends too soon"));
        if (!take(QLatin1Char('(')))
            return fail(QStringLiteral("\"%1\" must be followed by its arguments in parentheses, "
                                       "such as %1(run)")
                            .arg(name));
        auto node = std::make_shared<Node>();
        node->kind = Node::Kind::Call;
        node->call.name = name;
        if (take(QLatin1Char(')')))
            return node;
        do {
            skipSpace();
            if (m_at < m_text.size() &&
                (m_text[m_at].isDigit() || m_text[m_at] == QLatin1Char('.'))) {
                const auto value = number();
                if (!value)
                    return fail(QStringLiteral("not a number"));
                node->call.arguments.emplace_back(*value);
            } else {
                const QString argument = word(true);
                if (argument.isEmpty())
                    return fail(QStringLiteral("expected a run id or a number"));
                node->call.arguments.emplace_back(argument);
            }
        } while (take(QLatin1Char(',')));
        if (!take(QLatin1Char(')')))
            return fail(QStringLiteral("a \")\" is missing after the arguments of %1").arg(name));
        return node;
    }

    const QString &m_text;
    qsizetype m_at = 0;
    QString m_error;
    qsizetype m_errorAt = 0;
};

std::optional<double> evaluateNode(const Node &node, const LessonExpression::Resolver &resolve)
{
    switch (node.kind) {
    case Node::Kind::Number:
        return node.number;
    case Node::Kind::Call:
        return resolve(node.call);
    case Node::Kind::Negate: {
        const auto value = evaluateNode(*node.left, resolve);
        return value ? std::optional<double>(-*value) : std::nullopt;
    }
    case Node::Kind::Binary:
        break;
    }
    const auto left = evaluateNode(*node.left, resolve);
    const auto right = evaluateNode(*node.right, resolve);
    if (!left || !right)
        return std::nullopt;
    switch (node.op.unicode()) {
    case '+':
        return *left + *right;
    case '-':
        return *left - *right;
    case '*':
        return *left * *right;
    default:
        return *right == 0 ? std::nullopt : std::optional<double>(*left / *right);
    }
}

void collectCalls(const Node &node, std::vector<MetricCall> &calls)
{
    if (node.kind == Node::Kind::Call)
        calls.push_back(node.call);
    if (node.left)
        collectCalls(*node.left, calls);
    if (node.right)
        collectCalls(*node.right, calls);
}

} // namespace

std::optional<LessonExpression> LessonExpression::parse(const QString &text, QString *error)
{
    Parser parser(text);
    NodePtr root = parser.parseAll(error);
    if (!root)
        return std::nullopt;
    LessonExpression expression;
    expression.m_root = std::move(root);
    expression.m_text = text.trimmed();
    return expression;
}

std::optional<double> LessonExpression::evaluate(const Resolver &resolve) const
{
    return evaluateNode(*m_root, resolve);
}

std::vector<MetricCall> LessonExpression::calls() const
{
    std::vector<MetricCall> calls;
    collectCalls(*m_root, calls);
    return calls;
}

std::optional<LessonCheck> LessonCheck::parse(const QString &text, QString *error)
{
    static const QStringList ops{QStringLiteral("<="), QStringLiteral(">="), QStringLiteral("<"),
                                 QStringLiteral(">")};
    for (const QString &op : ops) {
        const qsizetype at = text.indexOf(op);
        if (at < 0)
            continue;
        auto left = LessonExpression::parse(text.left(at), error);
        if (!left)
            return std::nullopt;
        auto right = LessonExpression::parse(text.mid(at + op.size()), error);
        if (!right)
            return std::nullopt;
        return LessonCheck{*left, op, *right};
    }
    *error = QStringLiteral("\"%1\" compares nothing: write it as A < B, A <= B, A > B or A >= B")
                 .arg(text);
    return std::nullopt;
}

std::optional<bool> LessonCheck::holds(const LessonExpression::Resolver &resolve) const
{
    const auto a = left.evaluate(resolve);
    const auto b = right.evaluate(resolve);
    if (!a || !b)
        return std::nullopt;
    if (op == QLatin1String("<"))
        return *a < *b;
    if (op == QLatin1String("<="))
        return *a <= *b;
    if (op == QLatin1String(">"))
        return *a > *b;
    return *a >= *b;
}

QString LessonCheck::text() const
{
    return left.text() + QLatin1Char(' ') + op + QLatin1Char(' ') + right.text();
}

} // namespace pelab
