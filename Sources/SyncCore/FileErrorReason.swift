#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be opened or read, from its `errno`: short, lower-case, in the
/// words people search for (`no such file`, `permission denied`).
enum FileErrorReason {
    static func describe(errno code: Int32) -> String {
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
