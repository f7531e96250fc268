/// The state of an area that runs in a Q format (DESIGN.md §6 "Precision inside the engine"):
/// potentials, thresholds, limits and the leak factor as raw integers of ``format``; additions
/// saturate; the leak multiplies with rounding to nearest; activations go through lookup tables
/// (``FixedPointActivation``) in ``mode``. The area's `membranePotential` mirrors the raw
/// potentials as floats after every burst.
///
/// ```swift
/// try brain.engine.setPrecision(.fixed(.q8_8, .spatium), for: v1)
/// ```
public struct FixedPointAreaState: Sendable {
    /// The area's format.
    public let format: QFormat
    /// How activation functions are evaluated.
    public let mode: LUTMode
    /// Raw membrane potentials (the state; the float mirror is derived from it).
    public internal(set) var potential: [Int64]
    /// Raw thresholds, limits (`Int64.max` where the area has none) and leak factors `1 − leak`.
    var threshold: [Int64] = []
    var limit: [Int64] = []
    var decay: [Int64] = []
    /// One fixed-point evaluator per function of the area's activation palette.
    var activations: [ActivationFunction: FixedPointActivation] = [:]

    /// Creates the state from an area's float state and parameters (potentials rounded to nearest).
    public init(format: QFormat, mode: LUTMode, area: CorticalArea) throws {
        try mode.validate(format)
        self.format = format
        self.mode = mode
        potential = area.membranePotential.map { format.raw(Double($0)) }
        refreshParameters(from: area)
    }

    /// Restores raw potentials exactly (snapshots).
    public init(format: QFormat, mode: LUTMode, potential: [Int64], area: CorticalArea) throws {
        guard potential.count == area.count else {
            throw EngineError.wrongCount(what: "raw potentials of area '\(area.name)'", expected: String(area.count), got: potential.count)
        }
        try mode.validate(format)
        self.format = format
        self.mode = mode
        self.potential = potential
        refreshParameters(from: area)
    }

    /// Re-reads thresholds, limits and leaks from the area (after `set{…}`).
    mutating func refreshParameters(from area: CorticalArea) {
        threshold = area.threshold.map { format.raw(Double($0)) }
        limit = area.thresholdLimit.map { $0 == 0 ? Int64.max : format.raw(Double($0)) }
        decay = area.leak.map { format.raw(1 - Double($0)) }
    }

    /// The evaluator of `function` in this format and mode (built once per function).
    mutating func evaluator(for function: ActivationFunction) throws -> FixedPointActivation {
        if let existing = activations[function] { return existing }
        let made = try FixedPointActivation(function, format: format, mode: mode)
        activations[function] = made
        return made
    }

    /// Writes the float mirror of the raw potentials into the area.
    func mirror(into area: CorticalArea) {
        area.membranePotential.withUnsafeMutableBufferPointer { mirror in
            for i in mirror.indices { mirror[i] = Float(format.real(potential[i])) }
        }
    }
}
