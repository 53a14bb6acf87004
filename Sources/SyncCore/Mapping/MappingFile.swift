import Foundation

/// Reads a mapping file's bytes, refusing a directory or an oversized file before reading it.
enum MappingFile {
    /// Far above any real mapping; keeps a wrong path (a data export, a disk image) out of memory.
    static let maximumSize = 10 << 20

    static func contents(atPath path: String) throws(MappingError) -> Data {
        func refusal(_ reason: String) -> MappingError { MappingError(file: path, path: "", reason: reason) }
        let tooLarge = refusal("is larger than \(maximumSize >> 20) MB, the limit for a mapping file")
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw refusal("cannot read the file: \(FileErrorReason.describe(errno: errno))") }
        let file = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw refusal("cannot read the file: \(FileErrorReason.describe(errno: errno))") }
        guard (info.st_mode & S_IFMT) != S_IFDIR else { throw refusal("is a directory, not a mapping file") }
        guard info.st_size <= maximumSize else { throw tooLarge }
        let data: Data
        do {
            // Bounded as well: a pipe or a device has no size to check first.
            data = try file.read(upToCount: maximumSize + 1) ?? Data()
        } catch {
            throw refusal("cannot read the file")
        }
        guard data.count <= maximumSize else { throw tooLarge }
        return data
    }
}
