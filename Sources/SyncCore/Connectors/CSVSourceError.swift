#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    }

    private let code: Code
    /// The path as given (`-` reads as `stdin`).
    public let path: String

    private init(_ code: Code, path: String) {
        self.code = code
        self.path = path
    }

    static func cannotOpen(_ path: String, errno code: Int32) -> CSVSourceError {
        CSVSourceError(.cannotOpen(reason: describe(errno: code)), path: path)
    }

    static func readFailed(_ path: String, reason: String) -> CSVSourceError {
        CSVSourceError(.readFailed(reason: reason), path: path)
    }

    static func empty(_ path: String) -> CSVSourceError {
        CSVSourceError(.empty, path: path)
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
        }
    }

    /// A short lower-case reason for an `errno`, in the words people search for.
    private static func describe(errno code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file"
        case EACCES, EPERM: return "permission denied"
        case EISDIR: return "is a directory"
        case ENOTDIR: return "a parent of the path is not a directory"
        default:
            guard let message = strerror(code) else { return "error \(code)" }
            let text = String(cString: message)
            return text.prefix(1).lowercased() + text.dropFirst()
        }
    }
}
