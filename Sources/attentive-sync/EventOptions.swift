import ArgumentParser
import Logging
import SyncCore

/// How events mappings plan; ignored for the other kinds.
struct EventOptions: ParsableArguments {
    @Flag(help: "Events: send again the eCommerce events whose answer was lost in an earlier run (`unknown`). Attentive cannot tell a repeat: the person may get a second message.")
    var resendUnknown = false

    func job(_ mapping: EventMapping, state: any StateStore, logger: Logger) -> EventJob {
        EventJob(mapping: mapping, state: state, logger: logger, resendUnknown: resendUnknown)
    }
}
