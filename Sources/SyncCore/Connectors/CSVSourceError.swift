/// Why a CSV file as a whole could not be read.
///
/// The description names the file and the reason, never row data:
/// `customers.csv: no such file`.
public struct CSVSourceError: Error, Sendable, CustomStringConvertible {
    private enum Code: Sendable {
        case cannotOpen(reason: String)
        case readFailed(reason: String)
        case empty
        case badHeader(reason: String)
        case notAFile(kind: String)
    }

    private let code: Code
    /// The path as given (`-` reads as `stdin`).
    public let path: String

    private init(_ code: Code, path: String) {
        self.code = code
        self.path = path
    }

    static func cannotOpen(_ path: String, errno code: Int32) -> CSVSourceError {
        CSVSourceError(.cannotOpen(reason: FileErrorReason.describe(errno: code)), path: path)
    }

    static func readFailed(_ path: String, reason: String) -> CSVSourceError {
        CSVSourceError(.readFailed(reason: reason), path: path)
    }

    static func empty(_ path: String) -> CSVSourceError {
        CSVSourceError(.empty, path: path)
    }

    static func notAFile(_ path: String, kind: String) -> CSVSourceError {
        CSVSourceError(.notAFile(kind: kind), path: path)
    }

    static func badHeader(_ path: String, reason: String) -> CSVSourceError {
        CSVSourceError(.badHeader(reason: reason), path: path)
    }

    public var description: String {
        switch code {
        case .cannotOpen(let reason): return "\(path): \(reason)"
        case .readFailed(let reason): return "\(path): read failed: \(reason)"
        case .empty: return "\(path): empty file, no header row"
        case .badHeader(let reason): return "\(path): header row: \(reason)"
        case .notAFile(let kind): return "\(path): \(kind), not a file: give a CSV file, a named pipe, or - for stdin"
        }
    }
}
