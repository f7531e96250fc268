/// Plasticity settings of a mapping, kept as data (FEAGI's `plasticity_flag`,
/// `plasticity_constant`, `ltp_multiplier`, `ltd_multiplier`, `plasticity_window`).
///
/// Spatium's burst model does not change weights; the values are loaded, kept and exported
/// so that a FEAGI genome survives a round trip.
///
/// ```swift
/// let p = Plasticity(enabled: true, constant: 1, ltpMultiplier: 100, ltdMultiplier: 1)
/// print(p.enabled)                          // true
/// ```
public struct Plasticity: Hashable, Sendable {
    /// FEAGI's `plasticity_flag`.
    public var enabled: Bool
    /// FEAGI's `plasticity_constant`.
    public var constant: Float
    /// FEAGI's `ltp_multiplier` (long-term potentiation).
    public var ltpMultiplier: Float
    /// FEAGI's `ltd_multiplier` (long-term depression).
    public var ltdMultiplier: Float
    /// FEAGI's `plasticity_window` in bursts (FEAGI's default 0).
    public var window: Int

    /// Creates plasticity settings; the defaults are FEAGI's (`false, 1, 1, 1`).
    ///
    /// ```swift
    /// let off = Plasticity()
    /// ```
    public init(enabled: Bool = false, constant: Float = 1, ltpMultiplier: Float = 1,
                ltdMultiplier: Float = 1, window: Int = 0) {
        self.enabled = enabled
        self.constant = constant
        self.ltpMultiplier = ltpMultiplier
        self.ltdMultiplier = ltdMultiplier
        self.window = window
    }

    /// No plasticity (FEAGI's defaults).
    public static let none = Plasticity()
}
