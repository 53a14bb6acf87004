/// The character encoding of a CSV file: UTF-8, or the single-byte encodings of Excel's and
/// older systems' exports, decoded into UTF-8 before the rows are scanned.
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    /// WHATWG's windows-1252 (Excel's "CSV" on Windows): ISO-8859-1 but for 0x80–0x9F, which
    /// hold € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ; its five unassigned bytes
    /// stay the C1 controls of the same number, as in WHATWG's table.
    case windows1252 = "windows-1252"
    /// ISO-8859-1: each byte is the code point of the same number.
    case latin1

    /// The code points windows-1252 gives 0x80–0x9F.
    static let windows1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// The UTF-8 of a single-byte encoding's bytes.
    static func utf8(of bytes: UnsafeBufferPointer<UInt8>, in encoding: TextEncoding, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        precondition(encoding != .utf8 && out.count >= bytes.count * 3, "three UTF-8 bytes at most a byte")
        var count = 0
        for byte in bytes {
            guard byte >= 0x80 else {
                out[count] = byte
                count += 1
                continue
            }
            let scalar = encoding == .windows1252 && byte < 0xA0 ? windows1252High[Int(byte - 0x80)] : UInt32(byte)
            if scalar < 0x800 {
                out[count] = UInt8(0xC0 | scalar >> 6)
                out[count + 1] = UInt8(0x80 | scalar & 0x3F)
                count += 2
            } else {
                out[count] = UInt8(0xE0 | scalar >> 12)
                out[count + 1] = UInt8(0x80 | scalar >> 6 & 0x3F)
                out[count + 2] = UInt8(0x80 | scalar & 0x3F)
                count += 3
            }
        }
        return count
    }

    /// Chunks of a file in this encoding, as UTF-8, each valid until the next.
    final class Decoder {
        let encoding: TextEncoding
        private let buffer: UnsafeMutableBufferPointer<UInt8>

        /// For chunks of at most `chunkSize` bytes.
        init(_ encoding: TextEncoding, chunkSize: Int) {
            self.encoding = encoding
            buffer = .allocate(capacity: chunkSize * 3)
        }

        deinit { buffer.deallocate() }

        func decode(_ chunk: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
            let count = TextEncoding.utf8(of: chunk, in: encoding, into: buffer)
            return UnsafeBufferPointer(rebasing: buffer[..<count])
        }
    }

    /// Why bytes that are not UTF-8 were rejected, and what they most likely are: UTF-16 when
    /// they hold NUL bytes, else a single-byte export such as Excel's "CSV" (any bytes are
    /// valid windows-1252).
    static func notUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        bytes.contains(0) ? "not UTF-8 (UTF-16? save the file as UTF-8)" : "not UTF-8 (windows-1252? set source.csv.encoding)"
    }
}
