import Foundation
import Logging
import SyncCore

/// Writes log lines to stderr, one `write(2)` per line so concurrent lines never interleave:
/// text (`2026-12-02T13:00:00.120Z info planning mapping=crm-daily`) or one JSON object a line
/// (`{"time": …, "level": "info", "message": "planning", "mapping": "crm-daily"}`). Metadata
/// given as numbers (`.stringConvertible`) stays a number in JSON.
struct StderrLogHandler: LogHandler {
    let label: String
    let format: LoggingOptions.Format
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    init(label: String, format: LoggingOptions.Format) {
        self.label = label
        self.format = format
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let level = event.level, message = event.message
        var all = metadata
        if let explicit = event.metadata { all.merge(explicit) { _, new in new } }
        let time = Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        let text: String
        switch format {
        case .text:
            let fields = all.keys.sorted().map { "\($0)=\(Self.text(all[$0]!))" }
            text = ([time, level.rawValue, message.description] + fields).joined(separator: " ")
        case .json:
            var members = ["\"time\":" + JSONText.quoted(time), "\"level\":" + JSONText.quoted(level.rawValue),
                           "\"message\":" + JSONText.quoted(message.description)]
            for key in all.keys.sorted() where !["time", "level", "message"].contains(key) {
                members.append(JSONText.quoted(key) + ":" + Self.json(all[key]!))
            }
            text = "{" + members.joined(separator: ",") + "}"
        }
        let bytes = Array((text + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    static func text(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let string): string.contains(" ") ? JSONText.quoted(string) : string
        case .stringConvertible(let convertible): convertible.description
        case .array(let values): "[" + values.map(text).joined(separator: ",") + "]"
        case .dictionary(let values): "{" + values.keys.sorted().map { "\($0)=\(text(values[$0]!))" }.joined(separator: ",") + "}"
        }
    }

    static func json(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let string): return JSONText.quoted(string)
        case .stringConvertible(let convertible):
            let description = convertible.description
            if convertible is any BinaryInteger || (convertible is any BinaryFloatingPoint && Double(description)?.isFinite == true) {
                return description
            }
            return JSONText.quoted(description)
        case .array(let values): return "[" + values.map(json).joined(separator: ",") + "]"
        case .dictionary(let values):
            return "{" + values.keys.sorted().map { JSONText.quoted($0) + ":" + json(values[$0]!) }.joined(separator: ",") + "}"
        }
    }
}
