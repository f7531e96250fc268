/// How a brain's bursts treat neurons that receive no input (DESIGN.md §6).
///
/// ```swift
/// let brain = Brain(seed: 1)
/// brain.dynamics = .dense
/// ```
public enum Dynamics: String, Sendable, CaseIterable {
    /// FEAGI 2.0: only candidates (neurons with input this burst) integrate and leak;
    /// refractory countdowns tick every burst. Reproduces FEAGI's rasters.
    case feagi
    /// Classic leaky integrate-and-fire: every neuron is updated every burst.
    case dense
}
