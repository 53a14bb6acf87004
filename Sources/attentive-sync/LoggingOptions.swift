import ArgumentParser
import Logging

/// How loud a command is and in which form its log lines go to stderr: every command takes these.
struct LoggingOptions: ParsableArguments {
    /// The form of each line on stderr.
    enum Format: String, ExpressibleByArgument, CaseIterable, Sendable {
        /// One line a person reads: time, level, message, then `key=value` fields.
        case text
        /// One JSON object per line, for log shippers.
        case json
    }

    @Option(help: "Log lines as text, or as one JSON object per line (time, level, message, mapping, runId, target, counts).")
    var logFormat: Format = .text

    @Flag(name: .shortAndLong, help: "Log debug detail too: retries and their reasons.")
    var verbose = false

    /// Sends the process's log lines, and its diagnostics, to stderr in `logFormat`. Each command's
    /// `run()` calls it first; only the first call in a process counts.
    func bootstrap() {
        StderrLogHandler.install(format: logFormat)
    }

    /// The command's logger: `attentive-sync`, at debug level with `-v`, else info.
    func makeLogger() -> Logger {
        bootstrap()
        var logger = Logger(label: "attentive-sync")
        logger.logLevel = verbose ? .debug : .info
        return logger
    }
}
