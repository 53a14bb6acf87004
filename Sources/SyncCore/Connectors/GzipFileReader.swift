import CZlib

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the bytes of a file or of stdin through zlib, which passes plain files through
/// unchanged and inflates gzip ones, so a `.gz` export needs no special case.
///
/// It hands out the input a chunk at a time from one reused buffer. The zlib handle is
/// closed and the buffer freed in `deinit`, whatever happened before.
final class GzipFileReader {
    private let handle: gzFile
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    /// The path as given, for messages (`stdin` for `-`).
    let name: String

    /// Opens `path` (`-` for stdin); zlib's buffer and the chunks are `chunkSize` bytes.
    init(path: String, chunkSize: Int) throws(CSVSourceError) {
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

        // A device such as /dev/zero would be read forever: only files and pipes (stdin is taken as it is).
        var info = stat()
        if fstat(fd, &info) == 0, path != "-" {
            let kind: String? = switch info.st_mode & S_IFMT {
            case S_IFREG, S_IFIFO: nil
            case S_IFDIR: "a folder"
            case S_IFCHR: "a character device"
            case S_IFBLK: "a block device"
            case S_IFSOCK: "a socket"
            default: "not a regular file"
            }
            if let kind {
                close(fd)
                throw .notAFile(name, kind: kind)
            }
        }
        guard let opened = gzdopen(fd, "rb") else {
            close(fd)
            throw .cannotOpen(name, errno: ENOMEM)
        }
        handle = opened
        gzbuffer(handle, UInt32(chunkSize))
        buffer = .allocate(capacity: max(chunkSize, 1))
    }

    deinit {
        gzclose(handle)
        buffer.deallocate()
    }

    /// The next chunk of input, valid until the next call; empty at the end.
    func nextChunk() throws(CSVSourceError) -> UnsafeBufferPointer<UInt8> {
        let count = try read()
        return UnsafeBufferPointer(rebasing: buffer[..<count])
    }

    private func read() throws(CSVSourceError) -> Int {
        let count = gzread(handle, buffer.baseAddress, UInt32(min(buffer.count, Int(Int32.max))))
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
