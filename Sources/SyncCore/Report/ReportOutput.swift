import Foundation

/// A buffered text stream to stdout or a file, for reports that can run to millions of lines.
public final class ReportOutput: TextOutputStream {
    private let handle: FileHandle
    private let closesHandle: Bool
    private var buffer: [UInt8] = []

    public static func standardOutput() -> ReportOutput { ReportOutput(handle: .standardOutput, closesHandle: false) }

    /// Creates (or truncates) `path` in place, mode 0600: a report holds customers' data. Not
    /// `FileManager.createFile`: it writes a new file and renames it over the path, which
    /// replaces a symlink, and — run as root — turns `/dev/null` into a regular file.
    public convenience init(path: String) throws {
        guard let descriptor = PrivateFiles.openForWriting(path) else {
            throw ConfigurationError("cannot write the report to \(path): \(String(cString: strerror(errno)))")
        }
        self.init(handle: FileHandle(fileDescriptor: descriptor, closeOnDealloc: false), closesHandle: true)
    }

    init(handle: FileHandle, closesHandle: Bool) {
        self.handle = handle
        self.closesHandle = closesHandle
        buffer.reserveCapacity(1 << 16)
    }

    public func write(_ string: String) {
        buffer.append(contentsOf: string.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    public func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    deinit {
        flush()
        if closesHandle { try? handle.close() }
    }
}
