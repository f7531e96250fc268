/// A sweep that cannot be set up or summarised: a bad `--grid`, `--shard`, an unreadable point
/// directory. The message says what, where and what was expected.
///
/// ```swift
/// do { var grid = SweepGrid(); try grid.add("size") } catch { print(error) }
/// // --grid expects key=v1,v2,…, got 'size'
/// ```
public struct SweepError: Error, Equatable, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
