import Glibc

/// The Double formulas tables are generated from (private to the fixed-point runtime; the
/// Float activation functions live in `Activation/`).
enum ExactFunctions {
    static let geluC = (2.0 / Double.pi).squareRoot()
    static let geluA = 0.044715

    static func sigmoid(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x >= 0 { return 1 / (1 + Glibc.exp(-x)) }
        let e = Glibc.exp(x)
        return e / (1 + e)
    }

    static func softplus(_ x: Double) -> Double {
        if x.isNaN { return x }
        return Swift.max(x, 0) + Glibc.log1p(Glibc.exp(-Swift.abs(x)))
    }

    static func gelu(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x == .infinity { return x }
        if x == -.infinity { return 0 }
        let u = geluC * (x + geluA * x * x * x)
        return 0.5 * x * (1 + Glibc.tanh(u))
    }

    static func mish(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x == .infinity { return x }
        if x == -.infinity { return 0 }
        return x * Glibc.tanh(softplus(x))
    }

    static func geluDerivative(_ x: Double) -> Double {
        if x.isNaN { return x }
        if Swift.abs(x) > 1e6 { return x > 0 ? 1 : 0 }
        let u = geluC * (x + geluA * x * x * x)
        let t = Glibc.tanh(u)
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * geluC * (1 + 3 * geluA * x * x)
    }

    static func mishDerivative(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > 1e6 { return 1 }
        if x < -1e6 { return 0 }
        let t = Glibc.tanh(softplus(x))
        return t + x * (1 - t * t) * sigmoid(x)
    }
}
