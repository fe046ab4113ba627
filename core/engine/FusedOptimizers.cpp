// SPDX-License-Identifier: MIT
// The same optimizers as AtenOptimizers.cpp, as one plain loop per tensor instead of about
// eight ATen calls: for the seed's 12 parameters the calls' overhead is most of a step.
// Each line mirrors an ATen kernel's float arithmetic: scalars are converted to float first,
// add_(x, alpha) and addcmul_ round once through a fused multiply-add (as this libtorch's
// kernels do, checked by fusedOptimizersVerified() before this code is used).
#include "engine/AtenOptimizers.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <mutex>

namespace pelab {

namespace {

float *floats(const at::Tensor &t)
{
    return t.data_ptr<float>();
}

class FusedAdam final : public Optimizer {
public:
    FusedAdam(std::vector<at::Tensor> params, double learningRate, double weightDecay,
              bool decoupledDecay)
        : Optimizer(learningRate)
        , m_params(std::move(params))
        , m_weightDecay(weightDecay)
        , m_decoupled(decoupledDecay)
    {
        for (const at::Tensor &p : m_params) {
            m_expAvg.emplace_back(std::size_t(p.numel()), 0.0f);
            m_expAvgSq.emplace_back(std::size_t(p.numel()), 0.0f);
        }
    }

    void step(const std::vector<at::Tensor> &grads) override
    {
        m_step = m_step + 1.0f;
        const double step = double(m_step);
        const double biasCorrection1 = 1 - std::pow(beta1, step);
        const double biasCorrection2 = 1 - std::pow(beta2, step);
        const float beta1f = float(beta1);
        const float oneMinusBeta1 = float(1 - beta1);
        const float beta2f = float(beta2);
        const float oneMinusBeta2 = float(1 - beta2);
        const float correction2Sqrt = float(std::sqrt(biasCorrection2));
        const float epsf = float(eps);
        const float negStepSize = float(-(m_learningRate / biasCorrection1));
        const float decay = float(1 - m_learningRate * m_weightDecay);
        const float l2 = m_decoupled ? 0.0f : float(m_weightDecay);
        const bool firstStep = m_step == 1.0f;
        for (std::size_t i = 0; i < m_params.size(); ++i) {
            if (!grads[i].defined())
                continue;
            float *p = floats(m_params[i]);
            const float *g = floats(grads[i]);
            float *m = m_expAvg[i].data();
            float *v = m_expAvgSq[i].data();
            for (std::size_t k = 0, n = m_expAvg[i].size(); k < n; ++k) {
                float grad = firstStep ? g[k] : 0.0f + g[k]; // .grad += new grad
                if (m_decoupled)
                    p[k] = p[k] * decay;
                else if (l2 != 0.0f)
                    grad = std::fma(l2, p[k], grad); // grad.add(param, alpha=weight_decay)
                m[k] = std::fma(oneMinusBeta1, grad, m[k] * beta1f);
                v[k] = std::fma(oneMinusBeta2 * grad, grad, v[k] * beta2f);
                const float denom = std::sqrt(v[k]) / correction2Sqrt + epsf;
                p[k] = p[k] + negStepSize * m[k] / denom;
            }
        }
    }

    std::optional<NonFiniteState> nonFiniteState() const override
    {
        for (std::size_t i = 0; i < m_params.size(); ++i) {
            if (!allFinite(m_expAvgSq[i].data(), m_expAvgSq[i].size()))
                return NonFiniteState{i, "exp_avg_sq"};
            if (!allFinite(m_expAvg[i].data(), m_expAvg[i].size()))
                return NonFiniteState{i, "exp_avg"};
        }
        return std::nullopt;
    }

    static constexpr double beta1 = 0.9;
    static constexpr double beta2 = 0.999;
    static constexpr double eps = 1e-8;

private:
    std::vector<at::Tensor> m_params;
    double m_weightDecay;
    bool m_decoupled;
    float m_step = 0;
    std::vector<std::vector<float>> m_expAvg;
    std::vector<std::vector<float>> m_expAvgSq;
};

class FusedSgd final : public Optimizer {
public:
    FusedSgd(std::vector<at::Tensor> params, double learningRate, double momentum,
             double weightDecay)
        : Optimizer(learningRate)
        , m_params(std::move(params))
        , m_momentum(momentum)
        , m_weightDecay(weightDecay)
    {
        for (const at::Tensor &p : m_params)
            m_buffers.emplace_back(std::size_t(p.numel()), 0.0f);
    }

    void step(const std::vector<at::Tensor> &grads) override
    {
        const float momentum = float(m_momentum);
        const float negLearningRate = float(-m_learningRate);
        const float weightDecay = float(m_weightDecay);
        for (std::size_t i = 0; i < m_params.size(); ++i) {
            if (!grads[i].defined())
                continue;
            float *p = floats(m_params[i]);
            const float *g = floats(grads[i]);
            float *buffer = m_buffers[i].data();
            for (std::size_t k = 0, n = m_buffers[i].size(); k < n; ++k) {
                float dp = m_firstStep ? g[k] : 0.0f + g[k];
                if (weightDecay != 0.0f)
                    dp = std::fma(weightDecay, p[k], dp); // d_p.add(param, alpha=weight_decay)
                if (m_momentum != 0) {
                    buffer[k] = m_firstStep ? dp : buffer[k] * momentum + dp;
                    dp = buffer[k];
                }
                p[k] = std::fma(negLearningRate, dp, p[k]);
            }
        }
        m_firstStep = false;
    }

    std::optional<NonFiniteState> nonFiniteState() const override
    {
        if (m_momentum == 0 || m_firstStep)
            return std::nullopt; // no buffer yet (torch.optim has none without momentum)
        for (std::size_t i = 0; i < m_buffers.size(); ++i)
            if (!allFinite(m_buffers[i].data(), m_buffers[i].size()))
                return NonFiniteState{i, "momentum_buffer"};
        return std::nullopt;
    }

private:
    std::vector<at::Tensor> m_params;
    double m_momentum;
    double m_weightDecay;
    bool m_firstStep = true;
    std::vector<std::vector<float>> m_buffers;
};

// Runs both implementations side by side on random tensors of sizes that take ATen's scalar
// and vectorised paths, with awkward gradients (zeros of both signs, tiny and huge values).
bool probeAgreement(OptimizerKind kind, std::optional<double> weightDecay)
{
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(2024);
    const std::vector<std::int64_t> sizes = {1, 10, 16, 17, 33, 100};
    std::vector<at::Tensor> atenParams, fusedParams;
    for (std::int64_t size : sizes) {
        atenParams.push_back(at::randn({size}, generator, at::kFloat));
        fusedParams.push_back(atenParams.back().clone());
    }
    TrainingConfig config;
    config.optimizer = kind;
    config.learningRate = 0.03;
    config.momentum = 0.7;
    config.weightDecay = weightDecay;
    auto aten = makeAtenOptimizer(config, atenParams);
    auto fused = makeFusedOptimizer(config, fusedParams);
    for (int step = 0; step < 6; ++step) {
        std::vector<at::Tensor> grads;
        for (std::int64_t size : sizes) {
            at::Tensor g = at::randn({size}, generator, at::kFloat) * std::pow(10.0, step - 3);
            floats(g)[0] = step % 2 ? -0.0f : 0.0f;
            grads.push_back(g);
        }
        aten->step(grads);
        fused->step(grads);
        for (std::size_t i = 0; i < sizes.size(); ++i)
            if (!at::equal(atenParams[i], fusedParams[i]))
                return false;
    }
    return true;
}

} // namespace

bool allFinite(const float *values, std::size_t count)
{
    // On the bits, so it vectorises: an all-ones exponent is infinity or NaN.
    std::uint32_t bad = 0;
    for (std::size_t k = 0; k < count; ++k) {
        std::uint32_t bits;
        std::memcpy(&bits, values + k, sizeof bits);
        bad |= std::uint32_t((bits & 0x7f800000u) == 0x7f800000u);
    }
    return bad == 0;
}

std::unique_ptr<Optimizer> makeFusedOptimizer(const TrainingConfig &config,
                                              std::vector<at::Tensor> params)
{
    return makeOptimizerOf<FusedAdam, FusedSgd>(config, std::move(params));
}

bool fusedOptimizersVerified()
{
    static const bool verified = [] {
        for (auto kind : {OptimizerKind::Adam, OptimizerKind::AdamW, OptimizerKind::Sgd})
            for (auto decay : {std::optional<double>(), std::optional<double>(0.05)})
                if (!probeAgreement(kind, decay))
                    return false;
        return true;
    }();
    return verified;
}

std::unique_ptr<Optimizer> makeOptimizer(const TrainingConfig &config,
                                         std::vector<at::Tensor> params, OptimizerBackend backend)
{
    if (backend == OptimizerBackend::Fused)
        return makeFusedOptimizer(config, std::move(params));
    return makeAtenOptimizer(config, std::move(params));
}

std::unique_ptr<Optimizer> makeOptimizer(const TrainingConfig &config,
                                         std::vector<at::Tensor> params)
{
    return makeOptimizer(config, std::move(params),
                         fusedOptimizersVerified() ? OptimizerBackend::Fused
                                                   : OptimizerBackend::Aten);
}

} // namespace pelab
