import Foundation

/// A private temporary folder (mode 0700) for files a run needs only while it lasts:
/// sorted runs of catalog rows, catalog upload files. Removed with everything in it
/// when the value goes away.
public final class ScratchDirectory: Sendable {
    public let path: String

    /// Creates a fresh folder under `parent` (default: the system's temporary folder).
    public init(prefix: String, parent: String? = nil) throws {
        let base = parent ?? NSTemporaryDirectory()
        var template = Array(((base as NSString).appendingPathComponent("\(prefix).XXXXXX")).utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer in mkdtemp(buffer.baseAddress!) }
        guard created != nil else {
            throw ScratchDirectoryError(description: "cannot create a temporary folder in \(base): \(String(cString: strerror(errno)))")
        }
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// The path of `name` inside the folder.
    public func file(_ name: String) -> String {
        (path as NSString).appendingPathComponent(name)
    }
}

/// A temporary folder could not be created.
public struct ScratchDirectoryError: Error, Sendable, CustomStringConvertible {
    public var description: String
}
