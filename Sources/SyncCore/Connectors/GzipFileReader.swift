import CZlib

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the bytes of a file or of stdin through zlib, which passes plain files through
/// unchanged and inflates gzip ones, so a `.gz` export needs no special case.
///
/// The zlib handle is closed in `deinit`, whatever happened before.
final class GzipFileReader {
    private let handle: gzFile
    /// The path as given, for messages (`stdin` for `-`).
    let name: String

    /// Opens `path` (`-` for stdin) with a zlib buffer of `bufferSize` bytes.
    init(path: String, bufferSize: Int) throws(CSVSourceError) {
        let fd: Int32
        if path == "-" {
            name = "stdin"
            // gzclose closes the descriptor; keep the process's own stdin open.
            fd = dup(STDIN_FILENO)
        } else {
            name = path
            fd = open(path, O_RDONLY | O_CLOEXEC)
        }
        guard fd >= 0 else { throw .cannotOpen(name, errno: errno) }

        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw .cannotOpen(name, errno: EISDIR)
        }
        guard let opened = gzdopen(fd, "rb") else {
            close(fd)
            throw .cannotOpen(name, errno: ENOMEM)
        }
        handle = opened
        gzbuffer(handle, UInt32(bufferSize))
    }

    deinit {
        gzclose(handle)
    }

    /// Fills `buffer` as far as the input allows; returns the count read, 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(CSVSourceError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let count = gzread(handle, base, UInt32(min(buffer.count, Int(Int32.max))))
        if count < 0 { throw .readFailed(name, reason: lastError()) }
        if count == 0 {
            // zlib reports a truncated gzip stream as a quiet end of file; say it.
            var code: Int32 = 0
            _ = gzerror(handle, &code)
            if code == Z_BUF_ERROR { throw .readFailed(name, reason: "unexpected end of compressed data") }
        }
        return Int(count)
    }

    private func lastError() -> String {
        var code: Int32 = 0
        let message = gzerror(handle, &code)
        if code == Z_ERRNO { return String(cString: strerror(errno)) }
        return message.map { String(cString: $0) } ?? "zlib error \(code)"
    }
}
