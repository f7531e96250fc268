/// A phrase saying what is wrong with one part of a snapshot; the reader turns it into a
/// ``BrainSnapshotError`` naming the file and the part.
///
/// ```swift
/// throw BrainSnapshotProblem("layout has no \"type\"")
/// ```
struct BrainSnapshotProblem: Error {
    /// What is wrong.
    let message: String

    init(_ message: String) { self.message = message }
}
