import Foundation

/// How big one catalog file may be: Attentive takes at most 500,000 lines and 2 GB a file.
public struct CatalogFileLimits: Sendable, Equatable {
    public static let attentive = CatalogFileLimits(maximumLines: 500_000, maximumBytes: 2_000_000_000)

    public var maximumLines: Int
    public var maximumBytes: Int

    public init(maximumLines: Int, maximumBytes: Int) {
        precondition(maximumLines >= 1 && maximumBytes >= 1)
        self.maximumLines = maximumLines
        self.maximumBytes = maximumBytes
    }
}

/// The ndjson files of one catalog run: the changed products, one a line, split within
/// `CatalogFileLimits`, in the order of the plan's changes. They live in a private
/// temporary folder that goes away with this value.
public final class CatalogUploadFiles: Sendable {
    /// One file to upload.
    public struct File: Sendable, Equatable {
        public var path: String
        public var lineCount: Int
        public var byteCount: Int
        /// The index in the plan's changes of the file's first line.
        public var firstChange: Int
    }

    public let files: [File]
    private let directory: ScratchDirectory?

    init(files: [File], directory: ScratchDirectory?) {
        self.files = files
        self.directory = directory
    }

    /// Every line of every file, in order; `body` gets the change index and the line.
    public func forEachLine(_ body: (Int, String) throws -> Void) throws {
        for file in files {
            var index = file.firstChange
            try Self.lines(of: file) { line in
                try body(index, line)
                index += 1
            }
        }
    }

    /// The lines of one file, in order, without their line feeds.
    static func lines(of file: File, _ body: (String) throws -> Void) throws {
        guard let stream = fopen(file.path, "r") else {
            throw ScratchDirectoryError(description: "cannot read \(file.path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(stream) }
        var buffer: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(buffer) }
        while true {
            let length = getline(&buffer, &capacity, stream)
            if length < 0 { break }
            let bytes = UnsafeRawBufferPointer(start: buffer, count: length).prefix { $0 != 0x0A }
            try body(String(decoding: bytes, as: UTF8.self))
        }
    }
}

/// Writes product lines into files, starting a new one whenever the next line would break
/// a limit. Without `writes`, it only counts: the files a dry run would make.
final class CatalogFileWriter {
    private let limits: CatalogFileLimits
    private let writes: Bool
    private var directory: ScratchDirectory?
    private var files: [CatalogUploadFiles.File] = []
    private var stream: UnsafeMutablePointer<FILE>?
    private var written = 0

    init(limits: CatalogFileLimits, writes: Bool = true) {
        self.limits = limits
        self.writes = writes
    }

    deinit { if let stream { fclose(stream) } }

    /// Appends one product line (without its line feed).
    func append(_ line: String) throws {
        let size = line.utf8.count + 1
        let fits = files.last.map { $0.lineCount < limits.maximumLines && $0.byteCount + size <= limits.maximumBytes } ?? false
        if !fits {
            try closeFile()
            try openFile()
        }
        var line = line
        let ok = !writes || line.withUTF8 { bytes in
            fwrite(bytes.baseAddress, 1, bytes.count, stream) == bytes.count && fputc(0x0A, stream) != EOF
        }
        guard ok else { throw ScratchDirectoryError(description: "cannot write \(files[files.count - 1].path)") }
        files[files.count - 1].lineCount += 1
        files[files.count - 1].byteCount += size
        written += 1
    }

    /// Closes the last file and hands the files over.
    func finish() throws -> CatalogUploadFiles {
        try closeFile()
        return CatalogUploadFiles(files: files, directory: directory)
    }

    private func openFile() throws {
        guard writes else {
            files.append(.init(path: "", lineCount: 0, byteCount: 0, firstChange: written))
            return
        }
        if directory == nil { directory = try ScratchDirectory(prefix: "attentive-sync-catalog-upload") }
        let path = directory!.file("products-\(files.count + 1).ndjson")
        guard let opened = fopen(path, "w") else {
            throw ScratchDirectoryError(description: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        stream = opened
        files.append(.init(path: path, lineCount: 0, byteCount: 0, firstChange: written))
    }

    private func closeFile() throws {
        guard let current = stream else { return }
        stream = nil
        guard fclose(current) == 0 else { throw ScratchDirectoryError(description: "cannot write \(files[files.count - 1].path)") }
    }
}
