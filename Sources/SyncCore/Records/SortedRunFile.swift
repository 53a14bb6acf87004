import Foundation

/// A sorted run of variant rows spilled to disk by `ProductRowSorter`.
///
/// Each row is `line` (UInt64), the field count (UInt32), then each field as a UInt32
/// byte count and its UTF-8 bytes, all little-endian. Written and read through a buffer,
/// one pass each way.
enum SortedRunFile {
    /// Writes rows to a new file; `close()` flushes it.
    final class Writer {
        private let descriptor: Int32
        private let path: String
        private var buffer: [UInt8] = []
        private static let flushSize = 1 << 20

        init(path: String) throws {
            self.path = path
            descriptor = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0o600)
            guard descriptor >= 0 else { throw SortedRunFile.error("cannot create", path) }
            buffer.reserveCapacity(Self.flushSize + 4096)
        }

        deinit { if descriptor >= 0 { Foundation.close(descriptor) } }

        func append(_ row: VariantRow) throws {
            Self.put(UInt64(row.line), into: &buffer)
            Self.put(UInt32(row.fields.count), into: &buffer)
            for field in row.fields {
                Self.put(UInt32(field.utf8.count), into: &buffer)
                buffer.append(contentsOf: field.utf8)
            }
            if buffer.count >= Self.flushSize { try flush() }
        }

        func flush() throws {
            var offset = 0
            while offset < buffer.count {
                let written = buffer.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
                guard written > 0 else { throw SortedRunFile.error("cannot write", path) }
                offset += written
            }
            buffer.removeAll(keepingCapacity: true)
        }

        private static func put<T: FixedWidthInteger>(_ value: T, into buffer: inout [UInt8]) {
            withUnsafeBytes(of: value.littleEndian) { buffer.append(contentsOf: $0) }
        }
    }

    /// Reads rows back in the order they were written.
    final class Reader {
        private let descriptor: Int32
        private let path: String
        private var buffer: [UInt8]
        private var start = 0
        private var end = 0
        private var atEnd = false

        init(path: String, bufferSize: Int = 256 * 1024) throws {
            self.path = path
            descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else { throw SortedRunFile.error("cannot open", path) }
            buffer = [UInt8](repeating: 0, count: bufferSize)
        }

        deinit { if descriptor >= 0 { Foundation.close(descriptor) } }

        /// The next row, or nil at the end of the file.
        func next() throws -> VariantRow? {
            guard try available(12) else {
                guard start == end else { throw SortedRunFile.error("truncated run file", path) }
                return nil
            }
            let line = Int(read(UInt64.self))
            let count = Int(read(UInt32.self))
            var fields: [String] = []
            fields.reserveCapacity(count)
            for _ in 0..<count {
                guard try available(4) else { throw SortedRunFile.error("truncated run file", path) }
                let length = Int(read(UInt32.self))
                guard try available(length) else { throw SortedRunFile.error("truncated run file", path) }
                fields.append(buffer.withUnsafeBufferPointer {
                    String(decoding: UnsafeBufferPointer(rebasing: $0[start..<start + length]), as: UTF8.self)
                })
                start += length
            }
            return VariantRow(line: line, fields: fields)
        }

        private func read<T: FixedWidthInteger>(_: T.Type) -> T {
            var value: T = 0
            withUnsafeMutableBytes(of: &value) { target in
                buffer.withUnsafeBytes { source in
                    target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[start..<start + MemoryLayout<T>.size]))
                }
            }
            start += MemoryLayout<T>.size
            return T(littleEndian: value)
        }

        /// Makes `count` bytes available from `start`, reading on (and growing the buffer) as needed.
        private func available(_ count: Int) throws -> Bool {
            while end - start < count {
                if atEnd { return false }
                if start > 0 {
                    buffer.withUnsafeMutableBytes { bytes in
                        bytes.baseAddress!.copyMemory(from: bytes.baseAddress! + start, byteCount: end - start)
                    }
                    end -= start
                    start = 0
                }
                if buffer.count - end < count { buffer.append(contentsOf: repeatElement(0, count: count)) }
                let got = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress! + end, $0.count - end) }
                guard got >= 0 else { throw SortedRunFile.error("cannot read", path) }
                if got == 0 { atEnd = true }
                end += got
            }
            return true
        }
    }

    static func error(_ what: String, _ path: String) -> ScratchDirectoryError {
        ScratchDirectoryError(description: "\(what) \(path): \(String(cString: strerror(errno)))")
    }
}
