/// Errors of the burst engine's configuration, each saying what was wrong and what was expected.
public enum EngineError: Error, Equatable, CustomStringConvertible {
    case invalidArgument(String)
    case unknownArea(String)
    case wrongCount(what: String, expected: String, got: Int)

    public var description: String {
        switch self {
        case .invalidArgument(let message): message
        case .unknownArea(let name): "no area named '\(name)'"
        case .wrongCount(let what, let expected, let got): "\(what): expected \(expected) values, got \(got)"
        }
    }
}
