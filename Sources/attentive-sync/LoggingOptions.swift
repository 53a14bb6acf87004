import ArgumentParser
import Foundation
import Logging

/// How loud a command is and in which form its log lines go to stderr.
struct LoggingOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable, Sendable {
        /// One line a person reads.
        case text
        /// One JSON object per line, for log shippers.
        case json
    }

    @Option(help: "Log lines as text, or as one JSON object per line (time, level, message, mapping, runId, target, counts).")
    var logFormat: Format = .text

    @Flag(name: .shortAndLong, help: "Log debug detail too: retries and their reasons.")
    var verbose = false

    /// The command's logger; the first call sets up the process's log output.
    func makeLogger() -> Logger {
        LoggingBootstrap.once(format: logFormat)
        var logger = Logger(label: "attentive-sync")
        logger.logLevel = verbose ? .debug : .info
        return logger
    }
}

/// `LoggingSystem.bootstrap` may run once per process.
enum LoggingBootstrap {
    nonisolated(unsafe) private static var done = false
    private static let lock = NSLock()

    static func once(format: LoggingOptions.Format) {
        lock.withLock {
            guard !done else { return }
            done = true
            LoggingSystem.bootstrap { label in StderrLogHandler(label: label, format: format) }
        }
    }
}
