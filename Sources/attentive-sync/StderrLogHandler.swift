import Foundation
import Logging
import SyncCore
import Synchronization

/// Writes log lines to stderr, one `write(2)` per line so concurrent lines never interleave.
///
/// Text: `2026-12-02T13:00:00Z info planning mapping=crm-daily source=customers.csv` (UTC time,
/// level, message, then the metadata as `key=value` sorted by key; a value with spaces or quotes
/// is quoted). JSON: `{"time":"2026-12-02T13:00:00.120Z","level":"info","message":"planning",
/// "mapping":"crm-daily"}`, each metadata key its own field: strings stay strings, numbers given as
/// numbers (`.stringConvertible`, as the counts are) stay numbers, lists and dictionaries nest.
struct StderrLogHandler: LogHandler {
    let format: LoggingOptions.Format
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    init(format: LoggingOptions.Format, metadataProvider: Logger.MetadataProvider? = nil) {
        self.format = format
        self.metadataProvider = metadataProvider
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var all = metadataProvider?.get() ?? [:]
        all.merge(metadata) { _, new in new }
        if let explicit = event.metadata { all.merge(explicit) { _, new in new } }
        Self.emit(Self.line(time: Date(), level: event.level, message: event.message.description, metadata: all, format: format))
    }
}

extension StderrLogHandler {
    /// The format `install(format:)` set up, nil before.
    private static let installed = Mutex<LoggingOptions.Format?>(nil)

    /// Bootstraps swift-log with this handler; `LoggingSystem.bootstrap` may run once per process,
    /// so only the first call counts.
    static func install(format: LoggingOptions.Format) {
        installed.withLock { installed in
            guard installed == nil else { return }
            installed = format
            LoggingSystem.bootstrap({ _, provider in StderrLogHandler(format: format, metadataProvider: provider) },
                                    metadataProvider: nil)
        }
    }

    /// The format of the process's log lines; nil before `install(format:)`.
    static var format: LoggingOptions.Format? { installed.withLock { $0 } }

    /// A diagnostic printed outside a logger (`error: …`, `warning: …`, a stop notice): as it is,
    /// or with `--log-format json` as a log object, its level taken from its prefix, so that every
    /// line on stderr parses.
    static func writeDiagnostic(_ text: String) {
        guard format == .json else { return emit(text) }
        let level: Logger.Level, message: Substring
        if text.hasPrefix("error: ") {
            (level, message) = (.error, text.dropFirst("error: ".count))
        } else if text.hasPrefix("warning: ") {
            (level, message) = (.warning, text.dropFirst("warning: ".count))
        } else {
            (level, message) = (.notice, Substring(text))
        }
        emit(line(time: Date(), level: level, message: String(message), metadata: [:], format: .json))
    }

    /// One line, without its newline.
    static func line(time: Date, level: Logger.Level, message: String, metadata: Logger.Metadata,
                     format: LoggingOptions.Format) -> String {
        switch format {
        case .text:
            let stamp = time.formatted(Date.ISO8601FormatStyle())
            let fields = metadata.keys.sorted().map { "\($0)=\(text(metadata[$0]!))" }
            return ([stamp, level.rawValue, singleLine(message)] + fields).joined(separator: " ")
        case .json:
            let stamp = time.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
            var members = ["\"time\":" + JSONText.quoted(stamp), "\"level\":" + JSONText.quoted(level.rawValue),
                           "\"message\":" + JSONText.quoted(message)]
            // The three fields every line has win over metadata of the same name.
            for key in metadata.keys.sorted() where !["time", "level", "message"].contains(key) {
                members.append(JSONText.quoted(key) + ":" + json(metadata[key]!))
            }
            return "{" + members.joined(separator: ",") + "}"
        }
    }

    /// Writes `line` and a newline with one `write(2)` (more only if the kernel takes part of it).
    static func emit(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = write(STDERR_FILENO, base + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }

    private static func text(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let string): return quotedIfNeeded(string)
        case .stringConvertible(let convertible): return quotedIfNeeded(convertible.description)
        case .array(let values): return "[" + values.map(text).joined(separator: ",") + "]"
        case .dictionary(let values):
            return "{" + values.keys.sorted().map { "\($0)=\(text(values[$0]!))" }.joined(separator: ",") + "}"
        }
    }

    /// A text-format value as it is, or JSON-quoted when it would not read back as one field.
    private static func quotedIfNeeded(_ value: String) -> String {
        let plain = !value.isEmpty && !value.unicodeScalars.contains {
            $0.value <= 0x20 || $0 == "\"" || $0 == "=" || $0.properties.isWhitespace
        }
        return plain ? value : JSONText.quoted(value)
    }

    /// A message on one line: control characters (a newline in a server's error) escaped.
    private static func singleLine(_ message: String) -> String {
        guard message.unicodeScalars.contains(where: { $0.value < 0x20 }) else { return message }
        let quoted = JSONText.quoted(message)
        return String(quoted.dropFirst().dropLast())
    }

    private static func json(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let string):
            return JSONText.quoted(string)
        case .stringConvertible(let convertible):
            let description = convertible.description
            if convertible is Bool || convertible is any BinaryInteger
                || (convertible is any BinaryFloatingPoint && Double(description)?.isFinite == true) {
                return description
            }
            return JSONText.quoted(description)
        case .array(let values):
            return "[" + values.map(json).joined(separator: ",") + "]"
        case .dictionary(let values):
            return "{" + values.keys.sorted().map { JSONText.quoted($0) + ":" + json(values[$0]!) }.joined(separator: ",") + "}"
        }
    }
}
